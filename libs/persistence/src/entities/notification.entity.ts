import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NOTIFICATION_CHANNELS, type ChannelName } from '../outbox/channel-registry';

/** The channels are the registry's (outbox/channel-registry.ts). */
export { NOTIFICATION_CHANNELS };
export type NotificationChannel = ChannelName;
/**
 * pending: waiting to be sent (perhaps until quiet hours end); sending: claimed by a sender talking to the
 * provider; sent: the provider accepted it (never sent again); failed: the last attempt failed (retried
 * with backoff, then left for an admin); undeliverable: its channel is not configured or the address is
 * unusable — kept, and sent by a retry once that is fixed.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'undeliverable'] as const;
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
  recipientKind: 'staff' | 'customer' | 'webhook';

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

  /** For channel 'webhook': the subscription it is delivered to (its delivery log). */
  @Column({ name: 'webhook_subscription_id', type: 'uuid', nullable: true })
  webhookSubscriptionId: string | null;

  /** Not to be sent before this instant (e.g. a reminder that waits for working hours). */
  @Column({ name: 'not_before', type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  /** The words as rendered for the recipient when it was sent. */
  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** The provider's message id (SMTP Message-ID, the SMS gateway's id). */
  @Column({ name: 'provider_id', type: 'text', nullable: true })
  providerId: string | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  /** How many times an admin re-queued it; names each re-delivery's workflow. */
  @Column({ type: 'integer', default: 0 })
  requeued: number;

  /** In-app: when the recipient read it. */
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
