// Delivery on write: rows whose writing is their delivery (in-app, an unconfigured channel) are settled by
// the activity that writes them; the rest go to a delivery workflow through the outbox's dispatcher.
import type { DataSource } from 'typeorm';
import {
  deliveredOnWrite,
  notificationsDueOn,
  type Channels,
  type NotificationDispatcher,
  type RowToWrite,
  type SettledRow,
} from '@caseflow/persistence/outbox';
import { loadTemplates, notConfigured, renderMessage, Undeliverable, type TemplateRow } from './delivery';
import type { DeliverNotificationInput } from './types';

export {
  createNotificationDispatcher,
  DELIVERY_WORKFLOW,
  deliveryWorkflowId,
  dispatchByKeys,
  fanOutToWebhooks,
  type DispatcherDependencies,
  type NotificationDispatcher,
  type RowToWrite,
  type SettledRow,
} from '@caseflow/persistence/outbox';

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
    .filter((channel) => deliveredOnWrite(channel.name) || !channel.configured)
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
          if (!deliveredOnWrite(row.channel)) {
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
      const rows = await notificationsDueOn(dataSource, notificationIds, inlineChannels);
      const inline = new Set(rows.map((row) => row.id));
      for (const row of rows) if (row.status !== 'sent') await send({ notificationId: row.id });
      await dispatcher.dispatch({
        notificationIds: notificationIds.filter((id) => !inline.has(id)),
        eventId,
      });
    },
  };
}
