// The JSON bodies of the reports the console draws (GET /api/reports/:report), declared for the OpenAPI
// document so the console's generated client types them. Each class implements the persistence row it
// describes, so a field added there and not here fails to compile.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CallbackLevelRow,
  CallbackSampleSummary,
  CallbacksReport,
  ComplaintRateRow,
  ComplianceDimension,
  ComplianceRow,
  CountRow,
  HotlineReport,
  OperatorRow,
} from '@caseflow/persistence';

export class ReportPeriodDto {
  @ApiProperty({ enum: ['month', 'quarter', 'range'] })
  kind: string;

  @ApiProperty({ example: '2026-11' })
  label: string;

  @ApiProperty({ example: '2026-11-01' })
  from: string;

  @ApiProperty({ example: '2026-11-30', description: 'The last day, included' })
  to: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone: string;
}

export class ReportFiltersDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  branch: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  department: string | null;
}

class ReportBodyDto {
  @ApiProperty()
  report: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: ReportPeriodDto })
  period: ReportPeriodDto;

  @ApiProperty({ type: ReportFiltersDto })
  filters: ReportFiltersDto;
}

export class ComplaintRateRowDto implements ComplaintRateRow {
  @ApiProperty()
  department: string;

  @ApiProperty()
  complaints: number;

  @ApiProperty({ description: 'Repairs completed' })
  repairs: number;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'complaints ÷ repairs' })
  rate: number | null;

  @ApiProperty()
  previousComplaints: number;

  @ApiProperty()
  previousRepairs: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  previousRate: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'rate − previous rate' })
  change: number | null;
}

/** GET /api/reports/complaint-rate */
export class ComplaintRateReportDto extends ReportBodyDto {
  @ApiProperty({ example: '2026-10' })
  previousPeriod: string;

  @ApiProperty({ type: [ComplaintRateRowDto] })
  rows: ComplaintRateRowDto[];
}

export class ComplianceRowDto implements ComplianceRow {
  @ApiProperty({ enum: ['total', 'kind', 'branch', 'team', 'engineer'] })
  dimension: ComplianceDimension;

  @ApiPropertyOptional({ type: String, nullable: true })
  key: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  name: string | null;

  @ApiProperty()
  due: number;

  @ApiProperty()
  metOnTime: number;

  @ApiProperty()
  breached: number;

  @ApiProperty()
  escalatedToSupervisor: number;

  @ApiProperty()
  escalatedToManager: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  onTimeRate: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  medianMinutesToMeet: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  p90MinutesToMeet: number | null;
}

/** GET /api/reports/compliance (the breach list is in the files and the body, not described here). */
export class ComplianceReportDto extends ReportBodyDto {
  @ApiProperty({ type: [ComplianceRowDto] })
  rows: ComplianceRowDto[];
}

export class CallbackLevelRowDto implements CallbackLevelRow {
  @ApiProperty({ enum: [1, 2] })
  level: 1 | 2;

  @ApiProperty()
  servedCustomers: number;

  @ApiProperty()
  calledCustomers: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  coverage: number | null;
}

export class CallbackSampleSummaryDto implements CallbackSampleSummary {
  @ApiProperty({ type: [String] })
  months: string[];

  @ApiProperty()
  population: number;

  @ApiProperty()
  size: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  ratio: number | null;

  @ApiProperty()
  completed: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  completion: number | null;

  @ApiProperty()
  reached: number;
}

export class SatisfactionCountDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  score: number;

  @ApiProperty()
  callbacks: number;
}

/** GET /api/reports/callbacks */
export class CallbacksReportDto extends ReportBodyDto implements CallbacksReport {
  @ApiProperty({ type: [CallbackLevelRowDto] })
  levels: CallbackLevelRowDto[];

  @ApiProperty({ type: CallbackSampleSummaryDto })
  sample: CallbackSampleSummaryDto;

  @ApiProperty()
  calls: number;

  @ApiProperty()
  reached: number;

  @ApiPropertyOptional({ type: Number, nullable: true })
  reachedRate: number | null;

  @ApiProperty({ type: [SatisfactionCountDto] })
  satisfaction: SatisfactionCountDto[];

  @ApiProperty()
  reopenedByCallback: number;

  @ApiProperty()
  raisedAsComplaints: number;

  @ApiProperty({ enum: ['phone'] })
  customersCountedBy: string;
}

export class CountRowDto implements CountRow {
  @ApiProperty()
  key: string;

  @ApiProperty()
  cases: number;
}

export class OperatorRowDto implements OperatorRow {
  @ApiProperty()
  operatorNo: number;

  @ApiProperty()
  operator: string;

  @ApiProperty()
  cases: number;

  @ApiProperty()
  solvedOnCall: number;

  @ApiProperty()
  forwarded: number;
}

export class HourCountDto {
  @ApiProperty({ minimum: 0, maximum: 23 })
  hour: number;

  @ApiProperty()
  cases: number;
}

export class WeekdayHourCountDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 Monday … 7 Sunday' })
  weekday: number;

  @ApiProperty({ minimum: 0, maximum: 23 })
  hour: number;

  @ApiProperty()
  cases: number;
}

/** GET /api/reports/hotline */
export class HotlineReportDto extends ReportBodyDto implements HotlineReport {
  @ApiProperty()
  cases: number;

  @ApiProperty()
  solvedOnCall: number;

  @ApiProperty()
  forwarded: number;

  @ApiProperty({ type: [CountRowDto] })
  byChannel: CountRowDto[];

  @ApiProperty({ type: [CountRowDto] })
  byKind: CountRowDto[];

  @ApiProperty({ type: [CountRowDto] })
  byCategory: CountRowDto[];

  @ApiProperty({ type: [CountRowDto], description: 'Forwarded cases by the department they went to' })
  forwardedTo: CountRowDto[];

  @ApiProperty({ type: [OperatorRowDto] })
  byOperator: OperatorRowDto[];

  @ApiProperty({ type: [HourCountDto], description: '24 rows, 0 … 23, in the period’s time zone' })
  byHour: HourCountDto[];

  @ApiProperty({
    type: [WeekdayHourCountDto],
    description: '168 cells, Monday … Sunday × 0 … 23, in the period’s time zone',
  })
  byWeekdayHour: WeekdayHourCountDto[];
}
