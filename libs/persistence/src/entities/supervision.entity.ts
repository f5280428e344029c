import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Department } from '@caseflow/domain';

export const ORG_UNIT_KINDS = ['department', 'team'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** A department (tech support, a product division, customer service, the quality desk, the GM office) or one of its teams. */
@Entity({ name: 'org_units' })
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: OrgUnitKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  department: Department;

  @Column({ name: 'branch_id', type: 'text', nullable: true })
  branchId: string | null;

  /** A team's department; null for a department. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  /** The team's supervisor or the department's manager. */
  @Column({ name: 'head_id', type: 'uuid', nullable: true })
  headId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A product line; a case's product (device model) belongs to the line one of whose prefixes it starts with. */
@Entity({ name: 'product_lines' })
export class ProductLineEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'model_prefixes', type: 'text', array: true, default: () => "'{}'" })
  modelPrefixes: string[];
}

export const CERTIFICATE_STATES = ['active', 'expired', 'revoked'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/** A certification (上岗证) for product lines, valid from issue to expiry; its certificationWorkflow keeps time. */
@Entity({ name: 'certificates' })
export class CertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ name: 'product_lines', type: 'text', array: true })
  productLines: string[];

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'text', default: 'active' })
  state: CertificateState;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason: string | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt: Date | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export const REASSIGNMENT_REASONS = [
  'certification_expired',
  'certificate_revoked',
  'disqualified',
  'deactivated',
] as const;
export type ReassignmentReason = (typeof REASSIGNMENT_REASONS)[number];

/** An open case whose assignee may no longer work it: the supervisor must reassign it by `dueAt`. */
@Entity({ name: 'reassignments' })
export class ReassignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ type: 'text' })
  reason: ReassignmentReason;

  @Column({ name: 'supervisor_staff_id', type: 'uuid', nullable: true })
  supervisorStaffId: string | null;

  @Column({ name: 'escalation_id', type: 'uuid', nullable: true })
  escalationId: string | null;

  @Column({ name: 'flagged_at', type: 'timestamptz', default: () => 'now()' })
  flaggedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** Set (by a trigger) when the case gets another assignee. */
  @Column({ name: 'reassigned_at', type: 'timestamptz', nullable: true })
  reassignedAt: Date | null;
}

/** A supervisor's reasoned exception to the branch rule: this person may take this case. */
@Entity({ name: 'assignment_overrides' })
export class AssignmentOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'by_user_id', type: 'uuid' })
  byUserId: string;

  @Column({ name: 'by_username', type: 'text' })
  byUsername: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}

export const EVALUATION_ITEMS = ['preSales', 'implementation', 'afterSales'] as const;
export type EvaluationItem = (typeof EVALUATION_ITEMS)[number];

/** A customer's monthly rating form for an engineer; scores are percentages from −50 to 200. */
@Entity({ name: 'evaluations' })
export class EvaluationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The first day of the month rated (YYYY-MM-01). */
  @Column({ type: 'date' })
  month: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ name: 'branch_id', type: 'text', nullable: true })
  branchId: string | null;

  @Column({ name: 'customer_name', type: 'text' })
  customerName: string;

  @Column({ name: 'customer_phone', type: 'text', nullable: true })
  customerPhone: string | null;

  @Column({ name: 'pre_sales_technical', type: 'smallint', nullable: true })
  preSalesTechnical: number | null;

  @Column({ name: 'pre_sales_attitude', type: 'smallint', nullable: true })
  preSalesAttitude: number | null;

  @Column({ name: 'implementation_technical', type: 'smallint', nullable: true })
  implementationTechnical: number | null;

  @Column({ name: 'implementation_attitude', type: 'smallint', nullable: true })
  implementationAttitude: number | null;

  @Column({ name: 'after_sales_technical', type: 'smallint', nullable: true })
  afterSalesTechnical: number | null;

  @Column({ name: 'after_sales_attitude', type: 'smallint', nullable: true })
  afterSalesAttitude: number | null;

  @Column({ type: 'text', nullable: true })
  comments: string | null;

  @Column({ name: 'extremely_dissatisfied', type: 'boolean', default: false })
  extremelyDissatisfied: boolean;

  @Column({ name: 'complaint_number', type: 'text', nullable: true })
  complaintNumber: string | null;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'recorded_by_user_id', type: 'uuid', nullable: true })
  recordedByUserId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
