import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { FAULT_GRADES, type FaultGrade } from '@caseflow/domain';
import { PageQuery } from '../../common/validation/page.query';

export const CALLBACK_STATES = [
  'pending',
  'open',
  'retry_scheduled',
  'done',
  'unreachable',
  'cancelled',
] as const;
export type CallbackStateName = (typeof CALLBACK_STATES)[number];
/** The states in which a callback can still be worked. */
export const OPEN_CALLBACK_STATES: CallbackStateName[] = ['pending', 'open', 'retry_scheduled'];

export class ListCallbacksQuery extends PageQuery {
  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: the callbacks assigned to the caller’s staff position (quality desk)',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({ enum: CALLBACK_STATES, description: 'Default: every state' })
  @IsOptional()
  @IsIn(CALLBACK_STATES, { message: `state must be one of ${CALLBACK_STATES.join(', ')}` })
  state?: CallbackStateName;
}

export class RecordAttemptDto {
  @ApiProperty({ description: 'Whether the customer answered' })
  @IsBoolean({ message: 'reached must be true or false' })
  reached: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5,
    description: '1 very unsatisfied … 5 very satisfied; required when reached',
  })
  @ValidateIf((o: RecordAttemptDto) => o.reached === true || o.satisfaction !== undefined)
  @IsInt({ message: 'satisfaction must be 1..5 when the customer was reached' })
  @Min(1, { message: 'satisfaction must be 1..5' })
  @Max(5, { message: 'satisfaction must be 1..5' })
  satisfaction?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'The customer’s rating of the engineer' })
  @IsOptional()
  @IsInt({ message: 'engineerRating must be 1..5' })
  @Min(1, { message: 'engineerRating must be 1..5' })
  @Max(5, { message: 'engineerRating must be 1..5' })
  engineerRating?: number;

  @ApiPropertyOptional({ enum: FAULT_GRADES })
  @IsOptional()
  @IsIn(FAULT_GRADES, { message: `faultGrade must be one of ${FAULT_GRADES.join(', ')}` })
  faultGrade?: FaultGrade;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  remarks?: string;

  @ApiPropertyOptional({ description: 'The customer was extremely dissatisfied: a complaint is raised too' })
  @IsOptional()
  @IsBoolean({ message: 'extremelyDissatisfied must be true or false' })
  extremelyDissatisfied?: boolean;
}

export class CallbackAssigneeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class CallbackDto {
  @ApiProperty({ example: 'L3-2026-11-20261105-07-0003' })
  id: string;

  @ApiProperty({ example: '20261105-07-0003' })
  caseNumber: string;

  @ApiProperty({ enum: [1, 2, 3] })
  level: number;

  @ApiProperty({ enum: CALLBACK_STATES })
  state: CallbackStateName;

  @ApiProperty()
  customerName: string;

  @ApiProperty()
  customerPhone: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  branchId: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  sampleId: string | null;

  @ApiPropertyOptional({
    type: CallbackAssigneeDto,
    nullable: true,
    description: 'The quality-desk member who calls',
  })
  assignee: { id: string; name: string } | null;

  @ApiProperty({ description: 'From when it may be worked' })
  startsAt: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  dueAt: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due (calling hours)',
  })
  nextAttemptAt: string | null;

  @ApiProperty()
  attempts: number;

  @ApiProperty()
  maxAttempts: number;

  @ApiPropertyOptional({ type: String, nullable: true, enum: ['satisfied', 'not_satisfied', 'unreachable'] })
  outcome: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  satisfaction: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The case reopened, or the new case linked to a closed one',
  })
  reopenedCaseNumber: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The complaint the callback raised (the customer was extremely dissatisfied)',
  })
  complaintNumber: string | null;

  @ApiProperty()
  breached: boolean;
}

export class CallbackListDto {
  @ApiProperty({ type: [CallbackDto] })
  items: CallbackDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
