import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import type { CommitmentSummary } from '@caseflow/domain';
import type { CaseEntity } from './case.entity';
import { bigintAsNumber } from './transformers';

/** A case's commitment (SLA clock) as of the case's last recorded view. */
@Entity({ name: 'commitments' })
export class CommitmentEntity {
  @PrimaryColumn({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @PrimaryColumn({ name: 'commitment_id', type: 'text' })
  commitmentId: string;

  /** e.g. 'first_contact', 'forwarding', 'handler_result'. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  status: CommitmentSummary['status'];

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'warn_at', type: 'timestamptz', nullable: true })
  warnAt: Date | null;

  @Column({ type: 'boolean', default: false })
  breached: boolean;

  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true })
  breachedAt: Date | null;

  @Column({ name: 'met_at', type: 'timestamptz', nullable: true })
  metAt: Date | null;

  @Column({ name: 'remaining_ms', type: 'bigint', transformer: bigintAsNumber })
  remainingMs: number;

  @ManyToOne('CaseEntity', (c: CaseEntity) => c.commitments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_number', foreignKeyConstraintName: 'commitments_case_number_fkey' })
  case?: Relation<CaseEntity>;
}
