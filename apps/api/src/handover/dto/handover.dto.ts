import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_STATES, COMPLAINT_STATES, type CaseState, type ComplaintState } from '@caseflow/domain';
import { CaseAssigneeDto } from '../../cases/dto/case.dto';

export class HandoverQuery {
  @ApiPropertyOptional({
    example: '2026-11-23',
    description: 'The working day whose shift takes over (default: today in the calendar’s time zone)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD, e.g. 2026-11-23' })
  date?: string;

  @ApiPropertyOptional({ example: 'sh', description: 'Only this branch’s cases' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branch?: string;
}

/** Which list's entry is picked up. */
export class PickUpBody {
  @ApiPropertyOptional({
    example: '2026-11-23',
    description: 'The working day whose list holds the entry (default: today in the calendar’s time zone)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD, e.g. 2026-11-23' })
  date?: string;
}

export class HandoverPickUpDto {
  @ApiProperty({ format: 'uuid', description: 'The user who picked the entry up' })
  userId: string;

  @ApiProperty({ example: 'li.operator' })
  username: string;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class HandoverCommitmentDto {
  @ApiProperty({ example: 'first_contact' })
  id: string;

  @ApiProperty({ example: 'first_contact' })
  kind: string;

  @ApiProperty({ enum: ['running', 'paused'] })
  status: string;

  @ApiPropertyOptional({ format: 'date-time' })
  dueAt?: string;

  @ApiProperty()
  breached: boolean;
}

export class HandoverItemDto {
  @ApiProperty({ example: '20261122-07-0003' })
  number: string;

  @ApiProperty({ enum: ['case', 'complaint'], description: 'A case, or a complaint (its own number, C…)' })
  type: 'case' | 'complaint';

  @ApiProperty({ example: 'service_request', description: 'A case’s kind; `complaint` for a complaint' })
  kind: string;

  @ApiProperty({
    enum: [
      ...CASE_STATES,
      ...COMPLAINT_STATES.filter((s) => !(CASE_STATES as readonly string[]).includes(s)),
    ],
    description: 'The state now (a case’s or a complaint’s)',
  })
  state: CaseState | ComplaintState;

  @ApiProperty({
    type: CaseAssigneeDto,
    nullable: true,
    description: 'A case’s assignee; null for a complaint',
  })
  assignee: CaseAssigneeDto | null;

  @ApiProperty({ example: '李雷' })
  customerName: string;

  @ApiProperty({ type: String, nullable: true })
  branchId: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty()
  breached: boolean;

  @ApiProperty({
    type: HandoverCommitmentDto,
    isArray: true,
    description: 'Running or paused, soonest first',
  })
  openCommitments: HandoverCommitmentDto[];

  @ApiProperty({
    type: HandoverPickUpDto,
    nullable: true,
    description: 'Who of the next shift picked the entry up, and when; null until someone does',
  })
  pickedUp: HandoverPickUpDto | null;
}

export class HandoverDto {
  @ApiProperty({ example: '2026-11-23', description: 'The working day taking over' })
  date: string;

  @ApiProperty({ example: '2026-11-20', description: 'The working day before it' })
  previousWorkingDay: string;

  @ApiProperty({ format: 'date-time', description: 'The end of the previous working day' })
  cutoff: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone: string;

  @ApiProperty({
    type: HandoverItemDto,
    isArray: true,
    description:
      'Cases and open complaints received before the cutoff and neither resolved nor ended by then; ' +
      'soonest due first',
  })
  items: HandoverItemDto[];
}
