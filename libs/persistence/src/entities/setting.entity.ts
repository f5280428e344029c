import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An admin setting as a JSON document by key (e.g. 'sampling'); read where it applies, at that moment. */
@Entity({ name: 'settings' })
export class SettingEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
