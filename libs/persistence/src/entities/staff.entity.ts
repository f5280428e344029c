import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Department } from '@caseflow/domain';
import { BranchEntity } from './branch.entity';

/** Positions in the organisation chart. Escalations walk up `supervisorId`: assignee → supervisor → manager → GM office. */
export const STAFF_ROLES = ['operator', 'engineer', 'supervisor', 'manager', 'quality', 'gm_office'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A member of staff: a position in the organisation chart, optionally linked to a sign-in account. */
@Entity({ name: 'staff' })
export class StaffEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true, unique: true })
  userId: string | null;

  @Column({ type: 'text' })
  name: string;

  /** The hotline operator's number in case numbers (`20261122-07-0003`). */
  @Column({ name: 'operator_no', type: 'integer', nullable: true, unique: true })
  operatorNo: number | null;

  @Column({ type: 'text' })
  department: Department;

  @Column({ name: 'branch_id', type: 'text', nullable: true })
  branchId: string | null;

  @Column({ type: 'text' })
  role: StaffRole;

  @Column({ name: 'supervisor_id', type: 'uuid', nullable: true })
  supervisorId: string | null;

  /** Holds a valid certification (上岗证); only certified, active staff may be assigned. */
  @Column({ type: 'boolean', default: false })
  certified: boolean;

  @Column({ name: 'certification_expires_at', type: 'timestamptz', nullable: true })
  certificationExpiresAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The team (or department) this person belongs to. */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  /** Set by a confirmed disqualification: no new assignments from that moment. */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt: Date | null;

  @Column({ name: 'suspension_reason', type: 'text', nullable: true })
  suspensionReason: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** The language their messages are written in. */
  @Column({ type: 'text', default: 'zh-CN' })
  language: 'zh-CN' | 'en';

  /** Languages they can serve a customer in (e.g. `zh-CN`, `en`, `yue`), for routing a caller. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => StaffEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'supervisor_id', foreignKeyConstraintName: 'staff_supervisor_id_fkey' })
  supervisor?: StaffEntity | null;

  @ManyToOne(() => BranchEntity, { nullable: true })
  @JoinColumn({ name: 'branch_id', foreignKeyConstraintName: 'staff_branch_id_fkey' })
  branch?: BranchEntity | null;
}
