import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module';
import { ComplaintActionsController } from './complaint-actions.controller';
import { ComplaintWorkflowClient } from './complaint-workflow.client';
import { ComplaintsController } from './complaints.controller';
import { ComplaintsService } from './complaints.service';

@Module({
  imports: [CustomersModule],
  // Actions first: their routes (`:number/actions/…`) are more specific than the complaints controller's.
  controllers: [ComplaintActionsController, ComplaintsController],
  providers: [ComplaintsService, ComplaintWorkflowClient],
  // Other modules (customer evaluations) raise complaints through ComplaintsService.raise(intake, key).
  exports: [ComplaintsService],
})
export class ComplaintsModule {}
