import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { StaffModule } from '../staff/staff.module';
import { HandoverController } from './handover.controller';
import { HandoverService } from './handover.service';

@Module({
  imports: [CasesModule, StaffModule],
  controllers: [HandoverController],
  providers: [HandoverService],
})
export class HandoverModule {}
