import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PolicyRule } from '@caseflow/sla';

/** A commitment policy; `currentVersion` is the one new cases start under. */
@Entity({ name: 'sla_policies' })
export class SlaPolicyEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'current_version', type: 'integer' })
  currentVersion: number;
}

export type SlaPolicyVersionStatus = 'draft' | 'published' | 'superseded';

/**
 * One version of a policy: a draft until published, then immutable (running cases record the version
 * they run under); publishing the next one supersedes it.
 */
@Entity({ name: 'sla_policy_versions' })
export class SlaPolicyVersionEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'text' })
  policyId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  rules: PolicyRule[];

  @Column({ type: 'text', default: 'draft' })
  status: SlaPolicyVersionStatus;

  @Column({ name: 'created_by', type: 'text', default: 'system' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** The draft's author's note (what it changes); the publish reason is separate. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'published_by', type: 'text', nullable: true })
  publishedBy: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @ManyToOne(() => SlaPolicyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'policy_id', foreignKeyConstraintName: 'sla_policy_versions_policy_id_fkey' })
  policy?: SlaPolicyEntity;
}
