import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import type { CaseEntity } from './case.entity';

/** One line of a case's timeline; (caseNumber, seq) is unique, so a retried write adds nothing. */
@Entity({ name: 'case_events' })
@Unique('case_events_case_number_seq_key', ['caseNumber', 'seq'])
export class CaseEventEntity {
  /** bigserial: pg returns it as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ type: 'integer' })
  seq: number;

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

  @ManyToOne('CaseEntity', (c: CaseEntity) => c.events, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_number', foreignKeyConstraintName: 'case_events_case_number_fkey' })
  case?: Relation<CaseEntity>;
}
