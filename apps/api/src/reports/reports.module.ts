import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Management's reports: complaint rate, commitment compliance, callbacks, hotline, engineer scorecards. */
@Module({
  imports: [AssessmentsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
