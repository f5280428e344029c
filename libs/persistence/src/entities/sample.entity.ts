import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One branch's numbers in a draw (the audit trail of the stratification). */
export interface SampleBranchRecord {
  /** '' for cases with no branch. */
  branchId: string;
  population: number;
  skipped: number;
  eligible: number;
  chosen: number;
}

/** A month's seed: generated once, so previews and the draw (and a repeated draw) choose the same. */
@Entity({ name: 'sample_seeds' })
export class SampleSeedEntity {
  @PrimaryColumn({ type: 'text' })
  month: string;

  @Column({ type: 'text' })
  seed: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** The month-end sample's audit record: month, ratio, population per branch, seed, trigger, chosen cases. */
@Entity({ name: 'samples' })
export class SampleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `yyyy-mm`, one sample per month. */
  @Column({ type: 'text', unique: true })
  month: string;

  @Column({ name: 'ratio_bp', type: 'integer' })
  ratioBp: number;

  @Column({ type: 'text' })
  seed: string;

  @Column({ type: 'integer' })
  population: number;

  @Column({ type: 'integer' })
  skipped: number;

  @Column({ type: 'integer' })
  chosen: number;

  @Column({ type: 'jsonb' })
  branches: SampleBranchRecord[];

  @Column({ type: 'text' })
  trigger: 'schedule' | 'admin';

  @Column({ name: 'triggered_by', type: 'text' })
  triggeredBy: string;

  @Column({ name: 'drawn_at', type: 'timestamptz', default: () => 'now()' })
  drawnAt: Date;

  @Column({ name: 'callbacks_started_at', type: 'timestamptz', nullable: true })
  callbacksStartedAt: Date | null;

  /** Why an admin drew the month before it had ended (null: drawn after its end). */
  @Column({ name: 'force_reason', type: 'text', nullable: true })
  forceReason: string | null;
}

/** A case chosen by a sample (one per customer). */
@Entity({ name: 'sample_cases' })
export class SampleCaseEntity {
  @PrimaryColumn({ name: 'sample_id', type: 'uuid' })
  sampleId: string;

  @PrimaryColumn({ name: 'case_number', type: 'text' })
  caseNumber: string;

  @Column({ name: 'branch_id', type: 'text' })
  branchId: string;

  @Column({ name: 'customer_phone', type: 'text' })
  customerPhone: string;
}
