import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A customer callback's outcome (levels 1–3), projected from the case's 'callback_recorded' timeline entries. */
@Entity({ name: 'callbacks' })
export class CallbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `workflowId:seq` of the timeline entry that recorded it. */
  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ type: 'smallint' })
  level: 1 | 2 | 3;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'boolean' })
  reached: boolean;

  /** 1 (very unsatisfied) … 5 (very satisfied). */
  @Column({ type: 'smallint', nullable: true })
  satisfaction: number | null;

  @Column({ name: 'engineer_rating', type: 'smallint', nullable: true })
  engineerRating: number | null;

  @Column({ type: 'text', nullable: true })
  remarks: string | null;

  @Column({ name: 'extremely_dissatisfied', type: 'boolean', default: false })
  extremelyDissatisfied: boolean;

  @Column({ name: 'caller_user_id', type: 'text' })
  callerUserId: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export type CallbackTaskState = 'pending' | 'open' | 'retry_scheduled' | 'done' | 'unreachable' | 'cancelled';
export type CallbackOutcome = 'satisfied' | 'not_satisfied' | 'unreachable';

/** One callback to make (the work queue): written by its `callbackWorkflow`, one row per workflow. */
@Entity({ name: 'callback_tasks' })
export class CallbackTaskEntity {
  /** The workflow id without its `callback-` prefix, e.g. `L3-2026-11-20261105-01-0001`. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'workflow_id', type: 'text', unique: true })
  workflowId: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ type: 'smallint' })
  level: 1 | 2 | 3;

  @Column({ type: 'text' })
  state: CallbackTaskState;

  @Column({ name: 'branch_id', type: 'text', nullable: true })
  branchId: string | null;

  @Column({ name: 'customer_name', type: 'text' })
  customerName: string;

  @Column({ name: 'customer_phone', type: 'text' })
  customerPhone: string;

  @Column({ name: 'sample_id', type: 'uuid', nullable: true })
  sampleId: string | null;

  @Column({ name: 'assignee_staff_id', type: 'uuid', nullable: true })
  assigneeStaffId: string | null;

  @Column({ name: 'engineer_staff_id', type: 'uuid', nullable: true })
  engineerStaffId: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts: number;

  @Column({ type: 'text', nullable: true })
  outcome: CallbackOutcome | null;

  @Column({ type: 'smallint', nullable: true })
  satisfaction: number | null;

  @Column({ name: 'engineer_rating', type: 'smallint', nullable: true })
  engineerRating: number | null;

  @Column({ name: 'fault_grade', type: 'text', nullable: true })
  faultGrade: string | null;

  @Column({ type: 'text', nullable: true })
  remarks: string | null;

  @Column({ name: 'reopened_case_number', type: 'text', nullable: true })
  reopenedCaseNumber: string | null;

  @Column({ name: 'complaint_workflow_id', type: 'text', nullable: true })
  complaintWorkflowId: string | null;

  @Column({ type: 'boolean', default: false })
  breached: boolean;

  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq: number;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
