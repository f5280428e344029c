import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CASE_STATES, COMPLAINT_STATES, type CaseState, type ComplaintState } from '@caseflow/domain';
import { RECIPIENT_LEVELS, type RecipientLevel } from '@caseflow/persistence';
import { ESCALATION_TARGETS, STEP_ACTIONS, type StepAction } from '@caseflow/sla';
import { PageQuery } from '../../common/validation/page.query';

export const ESCALATION_STATUSES = ['open', 'acknowledged', 'all'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export class ListEscalationsQuery extends PageQuery {
  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: escalations addressed to the caller’s staff position (none for an account without one). ' +
      'Without it (supervisors and admins only) every escalation.',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional({
    enum: ESCALATION_STATUSES,
    description: 'Default: `all` with mine=true (the inbox), `open` otherwise',
  })
  @IsOptional()
  @IsIn(ESCALATION_STATUSES, { message: `status must be one of ${ESCALATION_STATUSES.join(', ')}` })
  status?: EscalationStatus;
}

export class EscalationRecipientDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Li (supervisor, sh)' })
  name: string;
}

/** One fired ladder step addressed to a person. */
export class EscalationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '20261122-07-0003',
    description: 'The case the step is about (null when it is about a complaint)',
  })
  caseNumber: string | null;

  @ApiProperty({ enum: CASE_STATES, nullable: true, description: 'The case’s state now' })
  caseState: CaseState | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'C20261122-0001',
    description: 'The complaint the step is about (null when it is about a case)',
  })
  complaintNumber: string | null;

  @ApiProperty({ enum: COMPLAINT_STATES, nullable: true, description: 'The complaint’s state now' })
  complaintState: ComplaintState | null;

  @ApiProperty({
    example: '/complaints/C20261122-0001',
    description: 'The console page of the case or complaint',
  })
  link: string;

  @ApiProperty({ example: '李雷' })
  customerName: string;

  @ApiProperty({ example: 'first_contact' })
  commitmentId: string;

  @ApiProperty({ example: 'first_contact' })
  commitmentKind: string;

  @ApiProperty({ example: 'breach' })
  stepId: string;

  @ApiProperty({ enum: STEP_ACTIONS })
  action: StepAction;

  @ApiProperty({
    enum: ESCALATION_TARGETS.filter((t) => t !== 'customer'),
    description: 'Whom the ladder named',
  })
  targetRole: string;

  @ApiProperty({ enum: RECIPIENT_LEVELS, description: 'Where it landed (a vacancy passes it up the chart)' })
  recipientLevel: RecipientLevel;

  @ApiProperty({ type: EscalationRecipientDto, nullable: true })
  recipient: EscalationRecipientDto | null;

  @ApiProperty({ format: 'date-time', description: 'When the step was due' })
  dueAt: string;

  @ApiProperty({ format: 'date-time', description: 'When it fired' })
  firedAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The commitment’s deadline' })
  commitmentDueAt?: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The user who acknowledged it' })
  acknowledgedBy: string | null;
}

export class EscalationListDto {
  @ApiProperty({ type: EscalationDto, isArray: true, description: 'Newest first' })
  items: EscalationDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
