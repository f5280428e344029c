import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffEntity } from '@caseflow/persistence';
import { AssignmentsService } from './assignments.service';
import { CertificatesController } from './certificates.controller';
import { CertificatesService } from './certificates.service';
import { CertificationWorkflowClient } from './certification-workflow.client';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffEntity])],
  controllers: [StaffController, CertificatesController],
  providers: [StaffService, CertificatesService, CertificationWorkflowClient, AssignmentsService],
  exports: [StaffService, AssignmentsService, CertificatesService],
})
export class StaffModule {}
