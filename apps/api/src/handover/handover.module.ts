import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { HandoverController } from './handover.controller';
import { HandoverService } from './handover.service';

@Module({
  imports: [CasesModule],
  controllers: [HandoverController],
  providers: [HandoverService],
})
export class HandoverModule {}
