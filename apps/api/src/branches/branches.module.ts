import { Module } from '@nestjs/common';
import { SlaPoliciesModule } from '../sla-policies/sla-policies.module';
import { BranchesController } from './branches.controller';
import { BranchesService } from './branches.service';

@Module({
  imports: [SlaPoliciesModule],
  controllers: [BranchesController],
  providers: [BranchesService],
  exports: [BranchesService],
})
export class BranchesModule {}
