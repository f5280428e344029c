import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Another system that wants Caseflow's events: each delivery is an outbox row (channel 'webhook'). */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  url: string;

  /** Notification types (e.g. 'commitment_breached') or '*' for every event. */
  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes: string[];

  /** The HMAC key for X-Caseflow-Signature; shown once, when the subscription is created. */
  @Column({ type: 'text', select: false })
  secret: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Deleted subscriptions are kept (inactive) so their delivery log stays readable. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
