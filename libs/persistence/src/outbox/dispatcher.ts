// Hands outbox rows to delivery. The writer of a row calls `dispatch` after its transaction committed: each
// row gets its own `deliverNotification` workflow (id `notification-<row id>`, refused a second time), so
// delivery never blocks the case workflow, and a retried writer — which cannot tell whether its first
// attempt got this far — may dispatch again at no cost. The same call publishes the event to webhook
// subscribers: one more outbox row per subscription, keyed so a retry adds none.
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { notificationDeliveryWorkflowId, WORKFLOW_TYPES } from '@caseflow/domain';
import type { ChannelName } from './channel-registry';
import { fanOutToWebhooks, notificationIdsByKeys, type Queryable } from './outbox.repository';

/** The delivery workflow's type name (its one definition is in the domain's workflow list). */
export const DELIVERY_WORKFLOW = WORKFLOW_TYPES.notificationDelivery;

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
        temporal.workflow.start(DELIVERY_WORKFLOW, {
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

/**
 * Starts delivery of the rows with these keys, new or not: a retried writer cannot tell whether its first
 * attempt dispatched before it died, and a second dispatch of a row is refused by Temporal (one workflow id
 * per row). The first key's row is the event webhook subscribers receive.
 */
export async function dispatchByKeys(
  dispatcher: NotificationDispatcher | undefined,
  db: Queryable,
  keys: string[],
): Promise<void> {
  if (!dispatcher || keys.length === 0) return;
  const ids = await notificationIdsByKeys(db, keys);
  if (ids.length > 0) await dispatcher.dispatch({ notificationIds: ids, eventId: ids[0] });
}
