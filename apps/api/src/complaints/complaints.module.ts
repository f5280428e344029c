import { Module } from '@nestjs/common';
import { ComplaintWorkflowClient } from './complaint-workflow.client';
import { ComplaintsService } from './complaints.service';

@Module({
  providers: [ComplaintsService, ComplaintWorkflowClient],
  // Other modules (customer evaluations) raise complaints through ComplaintsService.raise(intake, key).
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
