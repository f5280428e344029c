import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_CHANNELS = ['in_app', 'sms', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'undeliverable'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The outbox: one row per message, written once per idempotency key, delivered by a sender later. */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'idempotency_key', type: 'text', unique: true })
  idempotencyKey: string;

  @Column({ name: 'case_number', type: 'text', nullable: true })
  caseNumber: string | null;

  @Column({ name: 'escalation_id', type: 'uuid', nullable: true })
  escalationId: string | null;

  @Column({ name: 'recipient_kind', type: 'text' })
  recipientKind: 'staff' | 'customer';

  @Column({ name: 'recipient_staff_id', type: 'uuid', nullable: true })
  recipientStaffId: string | null;

  /** Phone number or e-mail address for customers (and for staff channels other than in-app). */
  @Column({ name: 'recipient_address', type: 'text', nullable: true })
  recipientAddress: string | null;

  @Column({ type: 'text' })
  channel: NotificationChannel;

  /** e.g. 'commitment_breached', 'delay_apology'; rendered in `language` by the sender. */
  @Column({ type: 'text' })
  template: string;

  @Column({ type: 'text', default: 'zh-CN' })
  language: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
