import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
