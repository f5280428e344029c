import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import type { EscalationTarget, StepAction } from '@caseflow/sla';
import { StaffEntity } from './staff.entity';

/** Where an escalation actually landed after passing over vacancies in the organisation chart. */
export const RECIPIENT_LEVELS = [
  'assignee',
  'supervisor',
  'manager',
  'gm_office',
  'quality_desk',
  'hotline',
  'unassigned',
] as const;
export type RecipientLevel = (typeof RECIPIENT_LEVELS)[number];

/** One fired ladder step addressed to a person: the supervisors' inbox (`GET /api/escalations?mine=true`). */
@Entity({ name: 'escalations' })
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `workflowId:commitmentId:stepId`: a step fires once, however often the activity is retried. */
  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey: string;

  /** What the step is about: a case or a complaint (exactly one of the two). */
  @Column({ name: 'case_number', type: 'text', nullable: true })
  caseNumber: string | null;

  @Column({ name: 'complaint_number', type: 'text', nullable: true })
  complaintNumber: string | null;

  @Column({ name: 'commitment_id', type: 'text' })
  commitmentId: string;

  @Column({ name: 'commitment_kind', type: 'text' })
  commitmentKind: string;

  @Column({ name: 'step_id', type: 'text' })
  stepId: string;

  @Column({ type: 'text' })
  action: StepAction;

  /** Whom the ladder step named… */
  @Column({ name: 'target_role', type: 'text' })
  targetRole: Exclude<EscalationTarget, 'customer'>;

  /** …and where it landed: a vacancy passes it up the chart; 'unassigned' when nobody at all was found. */
  @Column({ name: 'recipient_level', type: 'text' })
  recipientLevel: RecipientLevel;

  @Column({ name: 'recipient_staff_id', type: 'uuid', nullable: true })
  recipientStaffId: string | null;

  /** When the step was due, and when it fired (the difference is its lateness). */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ name: 'fired_at', type: 'timestamptz' })
  firedAt: Date;

  @Column({ name: 'commitment_due_at', type: 'timestamptz', nullable: true })
  commitmentDueAt: Date | null;

  @Column({ type: 'text' })
  message: string;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** The user (users.id) who acknowledged it. */
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => StaffEntity, { nullable: true })
  @JoinColumn({ name: 'recipient_staff_id', foreignKeyConstraintName: 'escalations_recipient_staff_id_fkey' })
  recipient?: Relation<StaffEntity> | null;
}
