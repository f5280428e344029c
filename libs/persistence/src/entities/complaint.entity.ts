import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type {
  Category,
  ComplaintComplexity,
  ComplaintSource,
  ComplaintState,
  ComplaintView,
  Department,
} from '@caseflow/domain';

/** A complaint as its workflow last wrote it: filter columns plus the whole view (rounds, commitments). */
@Entity({ name: 'complaints' })
export class ComplaintEntity {
  @PrimaryColumn({ type: 'text' })
  number: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId: string;

  @Column({ type: 'text' })
  state: ComplaintState;

  @Column({ type: 'text' })
  source: ComplaintSource;

  @Column({ type: 'text' })
  category: Category;

  @Column({ type: 'text' })
  complexity: ComplaintComplexity;

  @Column({ type: 'text' })
  department: Department;

  @Column({ name: 'customer_name', type: 'text' })
  customerName: string;

  @Column({ name: 'customer_phone', type: 'text' })
  customerPhone: string;

  @Column({ name: 'customer_tier', type: 'text' })
  customerTier: string;

  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'branch_id', type: 'text', nullable: true })
  branchId: string | null;

  @Column({ name: 'source_case_number', type: 'text', nullable: true })
  sourceCaseNumber: string | null;

  @Column({ name: 'source_callback_id', type: 'text', nullable: true })
  sourceCallbackId: string | null;

  @Column({ name: 'source_evaluation_id', type: 'text', nullable: true })
  sourceEvaluationId: string | null;

  @Column({ name: 'raised_by', type: 'text' })
  raisedBy: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'integer' })
  round: number;

  @Column({ name: 'round_limit', type: 'integer' })
  roundLimit: number;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ name: 'allowed_actions', type: 'text', array: true, default: () => "'{}'" })
  allowedActions: string[];

  @Column({ type: 'boolean', default: false })
  breached: boolean;

  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'jsonb' })
  view: ComplaintView;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One line of a complaint's timeline; (complaintNumber, seq) is unique, so a retried write adds nothing. */
@Entity({ name: 'complaint_events' })
export class ComplaintEventEntity {
  /** bigserial: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'complaint_number', type: 'text' })
  complaintNumber: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}

/** One commitment of one round of a complaint, as its workflow last wrote it (for reports). */
@Entity({ name: 'complaint_commitments' })
export class ComplaintCommitmentEntity {
  @PrimaryColumn({ name: 'complaint_number', type: 'text' })
  complaintNumber: string;

  /** e.g. `complaint_contact#2`. */
  @PrimaryColumn({ name: 'commitment_id', type: 'text' })
  commitmentId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  status: 'running' | 'paused' | 'met' | 'cancelled';

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'boolean', default: false })
  breached: boolean;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ name: 'met_at', type: 'timestamptz', nullable: true })
  metAt: Date | null;
}
