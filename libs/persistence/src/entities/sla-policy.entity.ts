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

/** One published, immutable version of a policy: running cases record the version they run under. */
@Entity({ name: 'sla_policy_versions' })
export class SlaPolicyVersionEntity {
  @PrimaryColumn({ name: 'policy_id', type: 'text' })
  policyId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  rules: PolicyRule[];

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'text' })
  publishedBy: string;

  @Column({ type: 'text' })
  reason: string;

  @ManyToOne(() => SlaPolicyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'policy_id' })
  policy?: SlaPolicyEntity;
}
