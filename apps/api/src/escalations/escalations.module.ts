import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { EscalationsController } from './escalations.controller';
import { EscalationsService } from './escalations.service';

@Module({
  imports: [StaffModule],
  controllers: [EscalationsController],
  providers: [EscalationsService],
})
export class EscalationsModule {}
