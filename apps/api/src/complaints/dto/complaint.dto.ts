import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  COMPLAINT_ACTIONS,
  COMPLAINT_STATES,
  currentComplaintSource,
  DEPARTMENTS,
  type ComplaintAction,
  type ComplaintRound,
  type ComplaintState,
  type ComplaintView,
  type Department,
} from '@caseflow/domain';
import { CaseCustomerDto, PolicyRefDto } from '../../cases/dto/case.dto';
import { ComplaintCommitmentDto, ComplaintRoundDto } from './complaint-round.dto';

export class ComplaintActorDto {
  @ApiProperty({ example: 'system' })
  userId: string;

  @ApiProperty({ example: 'system' })
  username: string;
}

/** A complaint as the API shows it: the workflow's view, addressed by its number. */
export class ComplaintDto {
  @ApiProperty({ example: 'C20261122-0003', description: 'The complaint number (also its id in URLs)' })
  id: string;

  @ApiProperty({ example: 'C20261122-0003' })
  number: string;

  @ApiProperty({ enum: COMPLAINT_STATES })
  state: ComplaintState;

  @ApiProperty({ enum: DEPARTMENTS })
  department: Department;

  @ApiProperty({ description: 'The round being handled (1, 2, …)' })
  round: number;

  @ApiProperty({ description: 'Rounds before the GM office decides' })
  roundLimit: number;

  @ApiProperty({
    type: ComplaintRoundDto,
    isArray: true,
    description: 'Each round with its steps (forwarded, acknowledged, answer promised, …)',
  })
  rounds: ComplaintRound[];

  @ApiProperty({
    type: ComplaintCommitmentDto,
    isArray: true,
    description: 'Every commitment of every round, with its round',
  })
  commitments: ComplaintView['commitments'];

  @ApiProperty()
  breached: boolean;

  @ApiProperty({ enum: COMPLAINT_ACTIONS, isArray: true })
  allowedActions: ComplaintAction[];

  @ApiPropertyOptional({ description: 'The case the complaint arose from' })
  sourceCaseNumber?: string;

  @ApiProperty({
    enum: ['phone', 'web', 'email', 'letter', 'walk_in', 'callback', 'evaluation'],
    description: 'The channel (the same values as a case’s `channel`), or the record that raised it',
  })
  source: Exclude<ComplaintView['source'], 'hotline'>;

  @ApiProperty()
  category: ComplaintView['category'];

  @ApiProperty({ enum: ['simple', 'complex'] })
  complexity: ComplaintView['complexity'];

  @ApiProperty({ type: CaseCustomerDto })
  customer: ComplaintView['customer'];

  @ApiProperty()
  description: string;

  @ApiPropertyOptional()
  branchId?: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty({ type: ComplaintActorDto, description: 'Who logged it (or the system, for a raised one)' })
  raisedBy: ComplaintView['raisedBy'];

  @ApiPropertyOptional()
  sourceCallbackId?: string;

  @ApiPropertyOptional()
  sourceEvaluationId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  closedAt?: string;

  @ApiPropertyOptional({ description: "The GM office's reason for closing" })
  closeReason?: string;

  @ApiProperty({ type: PolicyRefDto, description: 'The complaint policy version its commitments run under' })
  policy: ComplaintView['policy'];

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty()
  workflowId: string;

  @ApiProperty()
  lastSeq: number;
}

export class ComplaintTimelineEntryDto {
  @ApiProperty()
  seq: number;

  @ApiProperty({ description: 'The round the entry belongs to (0: the intake)' })
  round: number;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty()
  type: string;

  @ApiProperty()
  actor: string;

  @ApiProperty()
  summary: string;

  @ApiPropertyOptional()
  data?: Record<string, unknown>;
}

export class ComplaintDetailDto extends ComplaintDto {
  @ApiProperty({ type: [ComplaintTimelineEntryDto] })
  timeline: ComplaintTimelineEntryDto[];
}

export class ComplaintListDto {
  @ApiProperty({ type: [ComplaintDto] })
  items: ComplaintDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export function toComplaintDto(view: ComplaintView): ComplaintDto {
  return { id: view.number, ...view, source: currentComplaintSource(view.source) };
}
