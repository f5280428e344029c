import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { CustomersModule } from '../customers/customers.module';
import { StaffModule } from '../staff/staff.module';
import { CaseActionsController } from './case-actions.controller';
import { CaseReadModel } from './case-read-model';
import { CaseRouter } from './case-routing';
import { CaseWorkflowClient } from './case-workflow.client';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { SlaSnapshots } from './sla-snapshot';

@Module({
  imports: [AppointmentsModule, CallbacksModule, CustomersModule, StaffModule],
  // Actions first: their routes (`:number/actions/…`) are more specific than the cases controller's.
  controllers: [CaseActionsController, CasesController],
  providers: [CasesService, CaseWorkflowClient, CaseReadModel, CaseRouter, SlaSnapshots],
  exports: [SlaSnapshots],
})
export class CasesModule {}
