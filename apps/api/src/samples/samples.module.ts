import { Module } from '@nestjs/common';
import { SettingsModule } from '../settings/settings.module';
import { StaffModule } from '../staff/staff.module';
import { SampleSchedules } from './sample-schedules.service';
import { SamplesController } from './samples.controller';
import { SamplesService } from './samples.service';

@Module({
  imports: [SettingsModule, StaffModule],
  controllers: [SamplesController],
  providers: [SamplesService, SampleSchedules],
  exports: [SampleSchedules],
})
export class SamplesModule {}
