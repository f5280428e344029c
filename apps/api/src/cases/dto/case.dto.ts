import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_ACTIONS,
  CASE_STATES,
  CATEGORIES,
  CHANNELS,
  CUSTOMER_TIERS,
  DEPARTMENTS,
  FAULT_GRADES,
  type CaseAction,
  type CaseState,
  type Category,
  type Channel,
  type CustomerTier,
  type Department,
  type FaultGrade,
  type Resolution,
} from '@caseflow/domain';
import { INTAKE_KINDS } from './create-case.dto';

const RESOLUTIONS: Resolution[] = ['resolved', 'resolved_by_silence', 'answered_on_call'];
const COMMITMENT_STATUSES = ['running', 'paused', 'met', 'cancelled'] as const;

export class CommitmentDto {
  @ApiProperty({ example: 'first_contact', description: 'Unique within the case (e.g. resolution#2)' })
  id: string;

  @ApiProperty({
    example: 'first_contact',
    description:
      'first_contact, forwarding, handler_result, customer_test, resolution, inquiry_answer… (callback_level1/2 only ' +
      'on rounds resolved before callbacks became work items of their own: see GET /api/callbacks)',
  })
  kind: string;

  @ApiProperty({ enum: COMMITMENT_STATUSES })
  status: (typeof COMMITMENT_STATUSES)[number];

  @ApiProperty({ description: 'The policy version whose budget applies' })
  policyVersion: number;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'The deadline (absent while paused)' })
  dueAt?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the assignee is reminded (75 % by default)',
  })
  warnAt?: string;

  @ApiProperty()
  breached: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  breachedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  metAt?: string;

  @ApiProperty({ description: 'Budget left, in milliseconds of its clock' })
  remainingMs: number;
}

export class CaseCustomerDto {
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description:
      'The customer record (GET /api/customers/{id}); null only while a case logged before records is unmigrated',
  })
  id: string | null;

  @ApiProperty({ example: '李雷' })
  name: string;

  @ApiProperty({ example: '+8613800138000' })
  phone: string;

  @ApiPropertyOptional()
  address?: string;

  @ApiProperty({ enum: CUSTOMER_TIERS })
  tier: CustomerTier;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The contact who called' })
  contactId: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The customer’s site concerned' })
  siteId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The customer’s device concerned',
  })
  equipmentId: string | null;
}

export class CaseAssigneeDto {
  @ApiProperty({ format: 'uuid', description: 'Staff id' })
  id: string;

  @ApiProperty({ example: 'Chen (engineer, sh)' })
  name: string;
}

export class CaseOperatorDto {
  @ApiProperty({ description: 'The user who logged the case' })
  userId: string;

  @ApiProperty({ example: 'liu.op' })
  username: string;

  @ApiProperty({ example: 7 })
  operatorNo: number;
}

export class PolicyRefDto {
  @ApiProperty({ example: 'default' })
  id: string;

  @ApiProperty({ example: 1 })
  version: number;
}

/** Where a new case goes by its category: the department, its unit in the branch, the unit's head. */
export class CaseRoutingDto {
  @ApiProperty({
    enum: DEPARTMENTS,
    example: 'product_division',
    description: 'technical, other → tech_support; sales → product_division',
  })
  department: Department;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The department’s unit in the case’s branch (null: the branch has none)',
  })
  unitId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Product division (Shanghai)' })
  unitName: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The unit’s head (staff id), who is told of the case; null: no unit or no active head, nobody was told',
  })
  headId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Wang (manager, sh)' })
  headName: string | null;
}

/** A case as the API shows it (the workflow's view, or the read model's copy of it). */
export class CaseDto {
  @ApiProperty({
    example: '20261122-07-0003',
    description: 'Same as `number`: cases are addressed by number',
  })
  id: string;

  @ApiProperty({ example: '20261122-07-0003', description: 'Date + operator number + daily serial' })
  number: string;

  @ApiProperty({ enum: INTAKE_KINDS })
  kind: (typeof INTAKE_KINDS)[number];

  @ApiProperty({ enum: CASE_STATES })
  state: CaseState;

  @ApiPropertyOptional({ enum: RESOLUTIONS })
  resolution?: Resolution;

  @ApiProperty({ enum: CHANNELS })
  channel: Channel;

  @ApiProperty({ enum: CATEGORIES })
  category: Category;

  @ApiProperty()
  dispatched: boolean;

  @ApiProperty({ type: CaseCustomerDto })
  customer: CaseCustomerDto;

  @ApiPropertyOptional()
  product?: string;

  @ApiProperty()
  description: string;

  @ApiPropertyOptional()
  branchId?: string;

  @ApiProperty({ type: CaseOperatorDto })
  operator: CaseOperatorDto;

  @ApiProperty({ type: CaseAssigneeDto, nullable: true })
  assignee: CaseAssigneeDto | null;

  @ApiPropertyOptional({ enum: DEPARTMENTS, description: 'Set when the case was forwarded' })
  department?: Department;

  @ApiProperty({
    type: CaseRoutingDto,
    nullable: true,
    description: 'Where the case was routed at intake by its category (null: logged before routing existed)',
  })
  routing: CaseRoutingDto | null;

  @ApiPropertyOptional({ format: 'date-time' })
  visitAt?: string;

  @ApiPropertyOptional({ description: 'The resolution summary' })
  summary?: string;

  @ApiPropertyOptional({ enum: FAULT_GRADES })
  faultGrade?: FaultGrade;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  resolvedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  closedAt?: string;

  @ApiProperty()
  reopenCount: number;

  @ApiProperty({ type: PolicyRefDto })
  policy: PolicyRefDto;

  @ApiProperty({ type: CommitmentDto, isArray: true })
  commitments: CommitmentDto[];

  @ApiProperty({
    enum: CASE_ACTIONS,
    isArray: true,
    description: 'What the lifecycle allows now (POST /api/cases/{number}/actions/{action})',
  })
  allowedActions: CaseAction[];

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class TimelineEntryDto {
  @ApiProperty({ example: 1 })
  seq: number;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ example: 'assigned', description: 'See CASE_EVENT_TYPES' })
  type: string;

  @ApiProperty({ example: 'liu.op', description: 'Username, or `system` for the workflow itself' })
  actor: string;

  @ApiProperty({ example: 'Assigned to Chen (engineer, sh) by liu.op' })
  summary: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  data?: Record<string, unknown>;
}

export class CaseDetailDto extends CaseDto {
  @ApiProperty({ type: TimelineEntryDto, isArray: true, description: 'Oldest first' })
  timeline: TimelineEntryDto[];
}

export class CaseListItemDto {
  @ApiProperty({ example: '20261122-07-0003' })
  number: string;

  @ApiProperty({ enum: INTAKE_KINDS })
  kind: string;

  @ApiProperty({ enum: CASE_STATES })
  state: CaseState;

  @ApiProperty({ enum: CHANNELS })
  channel: Channel;

  @ApiProperty({ enum: CATEGORIES })
  category: Category;

  @ApiProperty({ type: CaseCustomerDto })
  customer: CaseCustomerDto;

  @ApiPropertyOptional()
  product?: string;

  @ApiProperty({ type: String, nullable: true })
  branchId: string | null;

  @ApiProperty({ type: CaseAssigneeDto, nullable: true })
  assignee: CaseAssigneeDto | null;

  @ApiProperty({ type: CaseRoutingDto, nullable: true, description: 'Where the case was routed at intake' })
  routing: CaseRoutingDto | null;

  @ApiProperty({ description: 'Any commitment breached' })
  breached: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Earliest due time among running commitments',
  })
  nextDueAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The warning point (reminder) of the commitment due at nextDueAt',
  })
  nextWarnAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the commitment due at nextDueAt started (with nextRemainingMs: is it on working time?)',
  })
  nextStartedAt: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The budget of the commitment due at nextDueAt, in milliseconds of its clock',
  })
  nextRemainingMs: number | null;

  @ApiProperty({
    enum: CASE_ACTIONS,
    isArray: true,
    description: 'What the lifecycle allows now, as on the case itself (so a list can offer the actions)',
  })
  allowedActions: CaseAction[];

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class CaseListDto {
  @ApiProperty({ type: CaseListItemDto, isArray: true })
  items: CaseListItemDto[];

  @ApiProperty({
    description:
      'Matching cases in all pages, counted up to 10,000: when more match, this is 10,000 and `totalCapped` ' +
      'is true (show it as "10,000+")',
  })
  total: number;

  @ApiProperty({ description: 'More cases match than `total` says (it is the cap, 10,000)' })
  totalCapped: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Pass as `after` (with the same filters, sort and order) for the page that follows this one; null on ' +
      'the last page',
  })
  nextCursor: string | null;

  @ApiProperty({ description: 'The page asked for (1 with `after`)' })
  page: number;

  @ApiProperty()
  pageSize: number;
}
