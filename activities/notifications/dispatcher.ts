// Hands outbox rows to delivery. The activity that wrote a row calls `dispatch` after its transaction
// committed: each row gets its own `deliverNotification` workflow (id `notification-<row id>`, refused a
// second time), so delivery never blocks the case workflow, and a retried writer — which cannot tell
// whether its first attempt got this far — may dispatch again at no cost. The same call publishes the
// event to webhook subscribers: one more outbox row per subscription, keyed so a retry adds none.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { notificationDeliveryWorkflowId, WORKFLOW_TYPES } from '@caseflow/domain';
import type { deliverNotification } from '../../workflows/notification-delivery.workflow';
import type { ChannelName, Channels } from './channels';
import { loadTemplates, notConfigured, renderMessage, Undeliverable, type TemplateRow } from './delivery';
import type { DeliverNotificationInput } from './types';

export interface NotificationDispatcher {
  /**
   * Starts delivery of these rows; `eventId` names the row that is the event for webhook subscribers
   * (one per step, even when the step wrote an in-app row and an e-mail for it).
   */
  dispatch(input: { notificationIds: string[]; eventId?: string }): Promise<void>;
  /** Starts one delivery under the given workflow id (a re-queue uses a fresh one). */
  startDelivery(notificationId: string, workflowId?: string): Promise<'started' | 'already_started'>;
  /**
   * Delivery on write (see withInlineDelivery): for each row about to be written, its final state when it
   * needs no sending (the writer stores it so, in its own statement), or `pending` with the words it will
   * send, or undefined (no words: no template), when it needs a delivery workflow (dispatch it after the
   * write). Absent: every row is written pending, wordless, and dispatched.
   */
  settle?(db: Pick<DataSource, 'query'>, rows: RowToWrite[]): Promise<(SettledRow | undefined)[]>;
}

/** An outbox row as its writer knows it before writing it (ids are made by the writer). */
export interface RowToWrite {
  id: string;
  channel: ChannelName;
  template: string;
  language: string;
  data: Record<string, unknown>;
  caseNumber: string | null;
  recipientStaffId?: string;
  recipientName?: string;
  /** The time zone its times are shown in (the case's calendar). */
  timeZone: string;
}

/** The state a row is written in when writing it is its delivery. */
export type SettledRow =
  | { status: 'sent'; subject: string; body: string }
  /** With the words it would have sent, when it has a template (what a later re-queue sends). */
  | { status: 'undeliverable'; error: string; subject?: string; body?: string }
  /** Still to be sent by a delivery workflow; these are the words it will send. */
  | { status: 'pending'; subject: string; body: string };

export interface DispatcherDependencies {
  dataSource: DataSource;
  /** A Temporal client (connected lazily by the caller) and the task queue delivery runs on. */
  client: () => Promise<Client>;
  taskQueue: string;
}

const START_DEADLINE_MS = 10_000;

export const deliveryWorkflowId = notificationDeliveryWorkflowId;

export function createNotificationDispatcher({
  dataSource,
  client,
  taskQueue,
}: DispatcherDependencies): NotificationDispatcher {
  async function startDelivery(notificationId: string, workflowId = deliveryWorkflowId(notificationId)) {
    try {
      const temporal = await client();
      // A gRPC call has no deadline of its own: a frontend that never answers would hang the activity
      // (and a worker waiting for it to stop). Failing instead lets the activity's retry try again.
      await temporal.connection.withDeadline(Date.now() + START_DEADLINE_MS, () =>
        temporal.workflow.start<typeof deliverNotification>(WORKFLOW_TYPES.notificationDelivery, {
          taskQueue,
          workflowId,
          args: [{ notificationId }],
          // Closed or running, the id is never reused: a row is delivered by one workflow.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      );
      return 'started' as const;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already_started' as const;
      throw error;
    }
  }

  return {
    startDelivery,
    async dispatch({ notificationIds, eventId }) {
      const ids = [...notificationIds];
      if (eventId) ids.push(...(await fanOutToWebhooks(dataSource, eventId)));
      for (const id of ids) await startDelivery(id);
    },
  };
}

/** One webhook row per active subscription to the event's type; returns all of them, new or not. */
export async function fanOutToWebhooks(dataSource: DataSource, eventId: string): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `WITH event AS (SELECT * FROM "notifications" WHERE "id" = $1 AND "channel" <> 'webhook')
     , inserted AS (
       INSERT INTO "notifications" ("idempotency_key", "case_number", "escalation_id", "recipient_kind",
         "recipient_address", "channel", "template", "language", "data", "webhook_subscription_id")
       SELECT e."idempotency_key" || ':webhook:' || s."id", e."case_number", e."escalation_id", 'webhook',
              s."url", 'webhook', e."template", e."language", e."data", s."id"
         FROM event e JOIN "webhook_subscriptions" s
           ON s."active" AND s."event_types" && ARRAY[e."template", '*']
       ON CONFLICT ("idempotency_key") DO NOTHING
       RETURNING "id")
     SELECT "id" FROM inserted
     UNION
     -- Rows an earlier call wrote, looked up by key one subscription at a time (an index lookup each): a
     -- join or a pattern match lets the planner scan the whole outbox for every event.
     SELECT earlier."id" FROM (
       SELECT (SELECT n."id" FROM "notifications" n
                WHERE n."idempotency_key" = e."idempotency_key" || ':webhook:' || s."id"
                  AND n."channel" = 'webhook' AND n."status" <> 'sent') AS "id"
         FROM event e CROSS JOIN "webhook_subscriptions" s) earlier
      WHERE earlier."id" IS NOT NULL`,
    [eventId],
  );
  return rows.map((r) => r.id);
}

export interface InlineDeliveryDependencies {
  dataSource: DataSource;
  channels: Channels;
  /** The delivery activity's own send (claim, compose, record): the same code a delivery workflow runs. */
  send: (input: DeliverNotificationInput) => Promise<unknown>;
  /** For links in rendered messages (settle). */
  appBaseUrl: string;
}

/**
 * Rows that need neither waiting nor retrying are delivered by the activity that wrote them: an in-app
 * message (recording it is the delivery) and a message for a channel that is not configured (kept
 * undeliverable until an admin re-queues it). Only real sends — e-mail, SMS, webhooks — and rows held
 * until later get a delivery workflow, so a burst of escalations does not start a workflow per inbox
 * line. Safe to repeat: a row already sent is skipped, and the send's claim refuses a second sender.
 */
export function withInlineDelivery(
  dispatcher: NotificationDispatcher,
  { dataSource, channels, send, appBaseUrl }: InlineDeliveryDependencies,
): NotificationDispatcher {
  const inlineChannels = Object.values(channels)
    .filter((channel) => channel.name === 'in_app' || !channel.configured)
    .map((channel) => channel.name);
  return {
    startDelivery: (notificationId, workflowId) => dispatcher.startDelivery(notificationId, workflowId),
    // The same outcomes `send` records, decided before the write: in-app rows rendered and sent, rows for
    // an unconfigured channel undeliverable (an admin re-queues them once it is configured).
    async settle(db, rows) {
      const templates = new Map<string, Promise<TemplateRow[]>>();
      const templatesFor = (row: RowToWrite) => {
        const key = `${row.template}\u0000${row.language}`;
        if (!templates.has(key)) templates.set(key, loadTemplates(db, row.template, row.language));
        return templates.get(key)!;
      };
      return Promise.all(
        rows.map(async (row): Promise<SettledRow | undefined> => {
          const channel = channels[row.channel];
          const words = async () =>
            renderMessage({ ...row, to: row.recipientStaffId ?? '' }, await templatesFor(row), appBaseUrl);
          if (!channel?.configured) {
            const error = notConfigured(row.channel, channel);
            try {
              const message = await words();
              return { status: 'undeliverable', error, subject: message.subject, body: message.text };
            } catch (failure) {
              if (failure instanceof Undeliverable) return { status: 'undeliverable', error };
              throw failure;
            }
          }
          if (row.channel !== 'in_app') {
            // Sent by a workflow, but its words are fixed (and shown) now, as it is written.
            try {
              const message = await words();
              return { status: 'pending', subject: message.subject, body: message.text };
            } catch (failure) {
              if (failure instanceof Undeliverable) return undefined;
              throw failure;
            }
          }
          if (!row.recipientStaffId)
            return { status: 'undeliverable', error: 'An in-app message needs a staff recipient' };
          try {
            const message = await words();
            return { status: 'sent', subject: message.subject ?? '', body: message.text };
          } catch (error) {
            if (error instanceof Undeliverable) return { status: 'undeliverable', error: error.message };
            throw error;
          }
        }),
      );
    },
    async dispatch({ notificationIds, eventId }) {
      const rows: { id: string; status: string }[] = notificationIds.length
        ? await dataSource.query(
            `SELECT "id", "status" FROM "notifications"
              WHERE "id" = ANY ($1::uuid[]) AND "channel" = ANY ($2::text[])
                AND ("not_before" IS NULL OR "not_before" <= now())`,
            [notificationIds, inlineChannels],
          )
        : [];
      const inline = new Set(rows.map((row) => row.id));
      for (const row of rows) if (row.status !== 'sent') await send({ notificationId: row.id });
      await dispatcher.dispatch({
        notificationIds: notificationIds.filter((id) => !inline.has(id)),
        eventId,
      });
    },
  };
}
