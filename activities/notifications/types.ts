// The contract between the notification-delivery workflow and its activities (the workflow imports these
// types only). A notification is an outbox row; everything is keyed by its id.

export interface DeliverNotificationInput {
  notificationId: string;
}

/** When and how a row may go out, as the activity read it from the outbox and the configuration. */
export interface DeliveryPlan {
  /** The row's status when planned: 'sent' means there is nothing left to do. */
  status: string;
  channel: string;
  /** Not before this instant (ISO), e.g. a reminder held for working hours. */
  notBefore?: string;
  /**
   * Hold the message while the recipient's local clock is in this window (minutes after midnight;
   * start > end wraps midnight). Only SMS to customers that are not urgent get one.
   */
  quietHours?: { startMinute: number; endMinute: number; timeZone: string };
}

export type SendOutcome = 'sent' | 'already_sent' | 'undeliverable';

export interface SendNotificationResult {
  outcome: SendOutcome;
  providerId?: string;
}

export interface NotificationActivities {
  /** Reads what delivery must wait for; never sends. */
  planNotification(input: DeliverNotificationInput): Promise<DeliveryPlan>;
  /**
   * Renders and sends one outbox row through its channel and records the outcome. A row already sent
   * is never sent again; a failure is recorded (status failed, last_error) and thrown, so Temporal
   * retries it with backoff; an unconfigured channel or an unusable address is recorded as undeliverable.
   */
  sendNotification(input: DeliverNotificationInput): Promise<SendNotificationResult>;
}
