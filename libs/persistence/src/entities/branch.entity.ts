import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A service branch. Its calendar decides its cases' working time (a commitment on the `default` calendar
 * runs on the branch's), and its policies decide the commitments its new cases and complaints start under.
 */
@Entity({ name: 'branches' })
export class BranchEntity {
  /** A short, stable code (`sh`, `bj-north`): it appears in URLs and filters. */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'calendar_id', type: 'text', default: 'default' })
  calendarId: string;

  @Column({ name: 'case_policy_id', type: 'text', default: 'default' })
  casePolicyId: string;

  @Column({ name: 'complaint_policy_id', type: 'text', default: 'complaints' })
  complaintPolicyId: string;

  /** Set when retired: no new cases, staff or units; what is open goes on. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
