import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsDecimalNumber } from '../../common/validation/decimal';
import { PageQuery } from '../../common/validation/page.query';

export class SampleQuery extends PageQuery {}

/** An optional ratio for a preview or a draw by hand; without it the current setting applies. */
export class PreviewSampleDto {
  @ApiPropertyOptional({ minimum: 0.1, maximum: 0.2, example: 0.15 })
  @IsOptional()
  @IsDecimalNumber(4, { message: 'ratio must be a number such as 0.15' })
  @Min(0.1, { message: 'ratio must be between 0.10 and 0.20 (10–20 %)' })
  @Max(0.2, { message: 'ratio must be between 0.10 and 0.20 (10–20 %)' })
  ratio?: number;
}

/** A draw by hand: a month that has not ended (sampling calendar's time zone) only with `force` and a reason. */
export class DrawSampleDto extends PreviewSampleDto {
  @ApiPropertyOptional({
    description:
      'Draw a month that has not ended yet (in the sampling calendar’s time zone); needs `reason`. ' +
      'The draw then covers only the customers served so far.',
  })
  @IsOptional()
  @IsBoolean({ message: 'force must be true or false' })
  force?: boolean;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Why the month is drawn early (with `force`); kept with the sample',
  })
  @ValidateIf((o: DrawSampleDto) => o.force === true || o.reason !== undefined)
  @IsString({ message: 'reason must be text' })
  @IsNotEmpty({ message: 'reason is required when force is true: say why the month is drawn early' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason?: string;
}

export class SampleBranchDto {
  @ApiProperty({ description: "'' for cases with no branch" })
  branchId: string;

  @ApiProperty({ description: 'Customers served in the month' })
  population: number;

  @ApiProperty({ description: 'Customers already unreachable twice this month' })
  skipped: number;

  @ApiProperty()
  eligible: number;

  @ApiProperty()
  chosen: number;
}

export class SampleCallbackDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['pending', 'open', 'retry_scheduled', 'done', 'unreachable', 'cancelled'] })
  state: string;

  @ApiPropertyOptional({ type: String, nullable: true, enum: ['satisfied', 'not_satisfied', 'unreachable'] })
  outcome: string | null;
}

export class SampleCaseDto {
  @ApiProperty()
  caseNumber: string;

  @ApiProperty()
  branchId: string;

  @ApiProperty()
  customerName: string;

  @ApiProperty()
  customerPhone: string;

  @ApiPropertyOptional({
    type: SampleCallbackDto,
    nullable: true,
    description: 'Its level-3 callback (null in a preview)',
  })
  callback: { id: string; state: string; outcome: string | null } | null;
}

export class SampleDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent in a preview' })
  id?: string;

  @ApiProperty({ example: '2026-11' })
  month: string;

  @ApiProperty({ example: 0.15 })
  ratio: number;

  @ApiProperty({ description: 'The month’s seed: the draw is a pure function of population, seed and ratio' })
  seed: string;

  @ApiProperty()
  population: number;

  @ApiProperty()
  skipped: number;

  @ApiProperty()
  chosen: number;

  @ApiProperty({ type: [SampleBranchDto] })
  branches: SampleBranchDto[];

  @ApiPropertyOptional({ enum: ['schedule', 'admin'] })
  trigger?: string;

  @ApiPropertyOptional()
  triggeredBy?: string;

  @ApiPropertyOptional()
  drawnAt?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  callbacksStartedAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Set when an admin drew the month before it had ended: the reason given',
  })
  forceReason?: string | null;

  @ApiPropertyOptional({
    type: [SampleCaseDto],
    description: 'The chosen cases (GET /samples/:month, a draw) or the cases a draw would choose (preview)',
  })
  cases?: SampleCaseDto[];

  @ApiPropertyOptional({ description: 'POST …/draw: false when the month had already been drawn' })
  created?: boolean;
}

export class SampleListDto {
  @ApiProperty({ type: [SampleDto] })
  items: SampleDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
