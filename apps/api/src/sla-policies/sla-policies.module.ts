import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { RolloutsService } from './rollouts.service';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaPoliciesService } from './sla-policies.service';

@Module({
  controllers: [SlaPoliciesController],
  providers: [SlaPoliciesService, RolloutsService, AuditLog],
  // Calendar changes are audited and rolled out the same way.
  exports: [RolloutsService, AuditLog],
})
export class SlaPoliciesModule {}
