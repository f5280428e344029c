import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ReportPackController } from './report-pack.controller';
import { ReportPackSchedule, ReportPackService } from './report-pack.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/**
 * Management's reports (complaint rate, commitment compliance, callbacks, hotline, engineer scorecards)
 * and the monthly report pack e-mailed to the recipients an admin sets.
 */
@Module({
  imports: [AssessmentsModule],
  controllers: [ReportsController, ReportPackController],
  providers: [ReportsService, ReportPackService, ReportPackSchedule],
})
export class ReportsModule {}
