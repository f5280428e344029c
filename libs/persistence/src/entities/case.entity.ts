import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';
import type {
  CaseAction,
  CaseKind,
  CaseState,
  Category,
  Channel,
  CustomerTier,
  Department,
  FaultGrade,
  Resolution,
} from '@caseflow/domain';
import { BranchEntity } from './branch.entity';
import type { CaseEventEntity } from './case-event.entity';
import type { CommitmentEntity } from './commitment.entity';
import { StaffEntity } from './staff.entity';

/**
 * The read model of one case, kept up to date by the case's workflow (`recordCaseEvent`): lists, filters
 * and reports are SQL over this table. The workflow stays the source of truth; `lastSeq` is the timeline
 * entry this row reflects, and an older view never overwrites a newer one.
 */
@Entity({ name: 'cases' })
export class CaseEntity {
  /** The case number, e.g. `20261122-07-0003`. */
  @PrimaryColumn({ type: 'text' })
  number: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId: string;

  @Column({ type: 'text' })
  kind: CaseKind;

  @Column({ type: 'text' })
  state: CaseState;

  @Column({ type: 'text', nullable: true })
  resolution: Resolution | null;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'text' })
  category: Category;

  @Column({ type: 'boolean', default: false })
  dispatched: boolean;

  @Column({ name: 'customer_name', type: 'text' })
  customerName: string;

  @Column({ name: 'customer_phone', type: 'text' })
  customerPhone: string;

  @Column({ name: 'customer_address', type: 'text', nullable: true })
  customerAddress: string | null;

  @Column({ name: 'customer_tier', type: 'text' })
  customerTier: CustomerTier;

  @Column({ name: 'customer_language', type: 'text', default: 'zh-CN' })
  customerLanguage: 'zh-CN' | 'en';

  /** The customer record (NULL only for a case logged before customers had records and not yet migrated). */
  @Column({ name: 'customer_id', type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ name: 'site_id', type: 'uuid', nullable: true })
  siteId: string | null;

  @Column({ name: 'equipment_id', type: 'uuid', nullable: true })
  equipmentId: string | null;

  @Column({ type: 'text', nullable: true })
  product: string | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'branch_id', type: 'text', nullable: true })
  branchId: string | null;

  /** The user who logged the case (the actor's user id as the workflow recorded it). */
  @Column({ name: 'operator_user_id', type: 'text' })
  operatorUserId: string;

  @Column({ name: 'operator_username', type: 'text' })
  operatorUsername: string;

  @Column({ name: 'operator_no', type: 'integer' })
  operatorNo: number;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'text', nullable: true })
  department: Department | null;

  /** Where the case was routed at intake, as named then (NULL: logged before routing existed). */
  @Column({ name: 'routing_department', type: 'text', nullable: true })
  routingDepartment: Department | null;

  @Column({ name: 'routing_unit_id', type: 'uuid', nullable: true })
  routingUnitId: string | null;

  @Column({ name: 'routing_unit_name', type: 'text', nullable: true })
  routingUnitName: string | null;

  @Column({ name: 'routing_head_id', type: 'uuid', nullable: true })
  routingHeadId: string | null;

  @Column({ name: 'routing_head_name', type: 'text', nullable: true })
  routingHeadName: string | null;

  @Column({ name: 'visit_at', type: 'timestamptz', nullable: true })
  visitAt: Date | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ name: 'fault_grade', type: 'text', nullable: true })
  faultGrade: FaultGrade | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'reopen_count', type: 'integer', default: 0 })
  reopenCount: number;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  /** What the lifecycle allowed when this row was written (the workflow's answer, for display). */
  @Column({ name: 'allowed_actions', type: 'text', array: true, default: () => "'{}'" })
  allowedActions: CaseAction[];

  /** Any of the case's commitments was breached. */
  @Column({ type: 'boolean', default: false })
  breached: boolean;

  /** The earliest due time among the case's running commitments (live countdowns, handover list). */
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;

  /** The intake's Idempotency-Key, if it had one (bound when the number was allocated). */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true, unique: true })
  idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The time of the case view this row reflects (workflow time). */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => StaffEntity, { nullable: true })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'cases_assignee_id_fkey' })
  assignee?: Relation<StaffEntity> | null;

  @ManyToOne(() => BranchEntity, { nullable: true })
  @JoinColumn({ name: 'branch_id', foreignKeyConstraintName: 'cases_branch_id_fkey' })
  branch?: Relation<BranchEntity> | null;

  @OneToMany('CommitmentEntity', (c: CommitmentEntity) => c.case)
  commitments?: Relation<CommitmentEntity>[];

  @OneToMany('CaseEventEntity', (e: CaseEventEntity) => e.case)
  events?: Relation<CaseEventEntity>[];
}
