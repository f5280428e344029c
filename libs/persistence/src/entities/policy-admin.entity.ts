import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_OUTCOMES = ['success', 'failure', 'refused'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * The audit trail: admin changes (a policy version drafted or published, a calendar edited, staff and
 * penalties decided), sign-ins, refused authorisations and every change of a case's state — who, when
 * (UTC), what, from where, before/after. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  /** bigint: pg hands it over as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  actor: string;

  /** e.g. 'policy.draft', 'policy.publish', 'calendar.update', 'calendar.import'. */
  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  /** The client's address, when the entry came from a request. */
  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', default: 'success' })
  outcome: AuditOutcome;
}

export type PolicyRolloutStatus = 'running' | 'done';

/** Re-planning the open cases after a publish or a calendar change: its target and its progress. */
@Entity({ name: 'policy_rollouts' })
export class PolicyRolloutEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: 'policy' | 'calendar';

  /** The policy published (kind 'policy'); a calendar change reaches the cases of every policy using it. */
  @Column({ name: 'policy_id', type: 'text', nullable: true })
  policyId: string | null;

  /** The version published (kind 'policy'). */
  @Column({ type: 'integer', nullable: true })
  version: number | null;

  /** The calendar changed (kind 'calendar') and its new revision. */
  @Column({ name: 'calendar_id', type: 'text', nullable: true })
  calendarId: string | null;

  @Column({ name: 'calendar_revision', type: 'integer', nullable: true })
  calendarRevision: number | null;

  @Column({ name: 'requested_by_id', type: 'text', nullable: true })
  requestedById: string | null;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ type: 'text', default: 'running' })
  status: PolicyRolloutStatus;

  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  signalled: number;

  @Column({ type: 'integer', default: 0 })
  skipped: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  /** The API process working on it (a random id per process). */
  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner: string | null;

  /** The API process working on it holds it until then; an expired lease is taken over (crash recovery). */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/** One case a rollout must reach, and whether it has. */
@Entity({ name: 'policy_rollout_cases' })
export class PolicyRolloutCaseEntity {
  @PrimaryColumn({ name: 'rollout_id', type: 'uuid' })
  rolloutId: string;

  @PrimaryColumn({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  /** The version the case's signal carries (a calendar change keeps each case's own version). */
  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ type: 'text', default: 'pending' })
  outcome: 'pending' | 'signalled' | 'skipped' | 'failed';

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}
