import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { CASE_KINDS, CATEGORIES, CHANNELS, CUSTOMER_TIERS } from '@caseflow/domain';
import type { PolicyRule } from '@caseflow/sla';

const RULES_DESCRIPTION =
  'The policy matrix: each rule matches case facts (caseKind, category, tier, complexity, channel, dispatched; ' +
  'the rule matching most fields wins) and lists commitments { kind, budget { amount, unit }, clock ' +
  "('working' | 'calendar'), calendarId, ladder: [{ id, fraction, delay?, delayClock?, action, target, " +
  'template?, waitForWorkingHours }] }. Validated in full; each problem is reported with its path, e.g. ' +
  '`rules[0].commitments[1].budget.amount`.';

const RULES_EXAMPLE = [
  {
    match: { caseKind: 'service_request', tier: 'gold' },
    commitments: [
      {
        kind: 'first_contact',
        budget: { amount: 30, unit: 'minutes' },
        clock: 'calendar',
        calendarId: 'default',
        ladder: [
          { id: 'warn', fraction: 0.75, action: 'remind', target: 'assignee', waitForWorkingHours: true },
          { id: 'breach', fraction: 1, action: 'breach', target: 'supervisor', waitForWorkingHours: false },
        ],
      },
    ],
  },
];

export class CreatePolicyDto {
  @ApiProperty({ example: 'branch-gz', description: 'lower-case letters, digits and dashes' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'id must be lower-case letters, digits and dashes' })
  id: string;

  @ApiProperty({ example: 'Guangzhou branch' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: RULES_DESCRIPTION,
    example: RULES_EXAMPLE,
  })
  @IsArray()
  rules: PolicyRule[];

  @ApiProperty({ example: 'Guangzhou opens its own hotline' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;
}

export class CreateDraftDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: RULES_DESCRIPTION,
    example: RULES_EXAMPLE,
  })
  @IsArray()
  rules: PolicyRule[];

  @ApiPropertyOptional({ example: 'Gold customers: first contact in 30 minutes' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class PublishDto {
  @ApiPropertyOptional({ description: 'The draft to publish; default: the newest draft', example: 2 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;

  @ApiProperty({ example: 'Gold customers are promised contact within 30 minutes from December' })
  @IsString()
  @MinLength(1, { message: 'reason is required: say why the commitments change' })
  @MaxLength(2000)
  reason: string;

  @ApiProperty({
    description:
      'true: every open case under this policy re-plans now (time used stays used, fired steps stay fired). ' +
      'false: only cases received from now on get the new version.',
  })
  @IsBoolean()
  applyToOpenCases: boolean;
}

export class PreviewDto {
  @ApiProperty({ enum: CASE_KINDS })
  @IsIn(CASE_KINDS)
  kind: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @IsOptional()
  @IsIn(CUSTOMER_TIERS)
  tier?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  dispatched?: boolean;

  @ApiPropertyOptional({ enum: ['simple', 'complex'] })
  @IsOptional()
  @IsIn(['simple', 'complex'])
  complexity?: string;

  @ApiProperty({ example: '2026-11-20T17:30:00+08:00', description: 'When the case is received' })
  @IsISO8601({ strict: true }, { message: 'receivedAt must be an ISO 8601 time' })
  receivedAt: string;

  @ApiPropertyOptional({ default: 'default' })
  @IsOptional()
  @IsString()
  policyId?: string;

  @ApiPropertyOptional({
    description: 'A version (draft or published) of the policy; default: the current one',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'Unsaved rules to try out instead of a stored version (validated like a draft)',
  })
  @IsOptional()
  @IsArray()
  rules?: PolicyRule[];
}

// ── answers ────────────────────────────────────────────────────────────────────────────────────────

export class PolicySummaryDto {
  @ApiProperty({ example: 'default' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The version new cases start under' })
  currentVersion: number;

  @ApiProperty({ type: [Number], description: 'Versions drafted and not yet published' })
  drafts: number[];
}

export class PolicyVersionSummaryDto {
  @ApiProperty()
  policyId: string;

  @ApiProperty()
  version: number;

  @ApiProperty({ enum: ['draft', 'published', 'superseded'] })
  status: string;

  @ApiProperty()
  createdBy: string;

  @ApiProperty()
  createdAt: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  note: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  publishedAt: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  publishedBy: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why it was published' })
  reason: string | null;
}

export class PolicyVersionDto extends PolicyVersionSummaryDto {
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  rules: PolicyRule[];
}

/** Who starts cases under a policy: a policy nobody uses must never look as if it were in force. */
export class PolicyUsageDto {
  @ApiProperty({
    type: String,
    isArray: true,
    example: ['sh', 'bj'],
    description: 'The branches whose new cases or complaints start under this policy',
  })
  usedByBranches: string[];

  @ApiPropertyOptional({
    description:
      'Set when no new case or complaint will ever start under the policy: no branch names it, and it is ' +
      'not the default for cases without a branch. Assign it with PATCH /api/branches/{id}.',
    example: 'No branch uses policy "gold-sla": PATCH /api/branches/{id} with casePolicyId to use it.',
  })
  unusedWarning?: string;
}

export class PolicyDetailDto extends IntersectionType(PolicySummaryDto, PolicyUsageDto) {
  @ApiProperty({ type: PolicyVersionDto })
  current: PolicyVersionDto;
}

export class RolloutDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['policy', 'calendar'] })
  kind: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  policyId: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  version: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  calendarId: string | null;

  @ApiProperty({ enum: ['running', 'done'] })
  status: string;

  @ApiProperty({ description: 'Open cases the change must reach' })
  total: number;

  @ApiProperty({ description: 'Cases signalled (each re-plans and records it on its timeline)' })
  signalled: number;

  @ApiProperty({ description: 'Cases that had ended before their signal was sent' })
  skipped: number;

  @ApiProperty({
    description: 'Cases that could not be reached after retries; publishing again retries them',
  })
  failed: number;

  @ApiProperty()
  requestedBy: string;

  @ApiProperty()
  requestedAt: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  finishedAt: string | null;
}

export class PublishResultDto extends PolicyUsageDto {
  @ApiProperty()
  policyId: string;

  @ApiProperty()
  version: number;

  @ApiProperty({ description: 'false when the version was already current (a repeated publish)' })
  published: boolean;

  @ApiPropertyOptional({
    type: RolloutDto,
    description:
      'With applyToOpenCases: the re-planning of open cases; follow it at GET /api/sla-policies/jobs/{id}',
  })
  rollout?: RolloutDto;
}

export class PreviewStepDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  action: string;

  @ApiProperty()
  target: string;

  @ApiProperty()
  at: string;
}

export class CommitmentPreviewDto {
  @ApiProperty({ example: 'first_contact' })
  kind: string;

  @ApiProperty({ example: { amount: 60, unit: 'minutes' } })
  budget: { amount: number; unit: string };

  @ApiProperty({ enum: ['working', 'calendar'] })
  clock: string;

  @ApiProperty()
  calendarId: string;

  @ApiProperty({
    description:
      'false: starts later in the case (forwarding, resolution…); times assume it starts at receivedAt',
  })
  startsAtIntake: boolean;

  @ApiProperty()
  dueAt: string;

  @ApiPropertyOptional()
  warnAt?: string;

  @ApiProperty({ type: [PreviewStepDto] })
  steps: PreviewStepDto[];
}

export class PreviewResultDto {
  @ApiProperty()
  policyId: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'null when previewing unsaved rules' })
  version: number | null;

  @ApiProperty()
  receivedAt: string;

  @ApiProperty({ type: [CommitmentPreviewDto] })
  commitments: CommitmentPreviewDto[];
}

// ── impact: the open cases' deadlines before and after ─────────────────────────────────────────────

export class ImpactDto {
  @ApiPropertyOptional({
    description:
      'A version (draft or published) of the policy; default: its newest draft, else the current one',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'Unsaved rules to try out instead of a stored version (validated like a draft)',
  })
  @IsOptional()
  @IsArray()
  rules?: PolicyRule[];
}

export class CommitmentImpactDto {
  @ApiProperty({ example: '20261207-01-0001' })
  caseNumber: string;

  @ApiProperty({ example: 'first_contact' })
  commitmentId: string;

  @ApiProperty({ example: 'first_contact' })
  kind: string;

  @ApiProperty({ description: 'The deadline now' })
  dueAt: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The deadline after publishing with applyToOpenCases; null: the new rules drop the promise',
  })
  newDueAt: string | null;

  @ApiProperty({
    description:
      'true when the new deadline is an estimate from the start (the clock or calendar changes, or the new ' +
      'budget is already used up); false when it is exact (time used stays used)',
  })
  estimate: boolean;
}

export class ImpactResultDto {
  @ApiProperty()
  policyId: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'null for unsaved rules' })
  version: number | null;

  @ApiProperty({ description: 'When the figures were taken' })
  at: string;

  @ApiProperty({ description: 'Running commitments of open cases under the policy' })
  total: number;

  @ApiProperty({
    type: [CommitmentImpactDto],
    description: 'Those whose deadline would move, soonest first (≤ 200)',
  })
  moved: CommitmentImpactDto[];

  @ApiProperty({ description: 'How many of total would move' })
  movedTotal: number;
}
