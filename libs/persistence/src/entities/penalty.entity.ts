import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PenaltyKind } from '@caseflow/domain';

export type PenaltySource = 'complaint' | 'supervisor';
export type PenaltyState = 'proposed' | 'confirmed' | 'rejected';

/** A penalty against a member of staff; a proposal until a manager confirms or rejects it. */
@Entity({ name: 'penalties' })
export class PenaltyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ type: 'text' })
  kind: PenaltyKind;

  /** A fine's amount; null for warnings and disqualifications. */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true })
  amount: string | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  source: PenaltySource;

  @Column({ name: 'complaint_number', type: 'text', nullable: true })
  complaintNumber: string | null;

  @Column({ name: 'proposed_by_user_id', type: 'text', nullable: true })
  proposedByUserId: string | null;

  /** The proposer's staff position, when there is one (a supervisor's proposal). */
  @Column({ name: 'proposed_by_staff_id', type: 'uuid', nullable: true })
  proposedByStaffId: string | null;

  @Column({ name: 'proposed_by', type: 'text' })
  proposedBy: string;

  @Column({ name: 'proposed_at', type: 'timestamptz', default: () => 'now()' })
  proposedAt: Date;

  @Column({ type: 'text', default: 'proposed' })
  state: PenaltyState;

  @Column({ name: 'decided_by_user_id', type: 'text', nullable: true })
  decidedByUserId: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  /** A confirmed disqualification's suspension, lifted by a recorded decision. */
  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true })
  liftedAt: Date | null;

  @Column({ name: 'lifted_by', type: 'text', nullable: true })
  liftedBy: string | null;

  @Column({ name: 'lifted_by_user_id', type: 'text', nullable: true })
  liftedByUserId: string | null;

  @Column({ name: 'lift_reason', type: 'text', nullable: true })
  liftReason: string | null;

  /** e.g. `complaint-<number>-round-<n>-<staffId>`: a retried proposal writes nothing new. */
  @Column({ name: 'idempotency_key', type: 'text', nullable: true, unique: true })
  idempotencyKey: string | null;
}
