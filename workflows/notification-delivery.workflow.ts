// Delivery of one outbox row: wait until it may go out, then send it, retrying with backoff. One workflow
// per row (id `notification-<row id>`, never reused), started by the activity that wrote the row, so a
// slow or broken channel never holds up the case that asked for the message.
//
//   plan → (notBefore) → (quiet hours: no SMS to a customer 21:00–08:00 local) → send, retried ~3 h
//
// A send that still fails after the last attempt leaves the row `failed` (with its last error) for an
// admin to re-queue; the workflow ends quietly, because there is no one else to tell.
import { ActivityFailure, log, proxyActivities, sleep } from '@temporalio/workflow';
import { DAY_MS, MINUTE_MS, TimeZone } from '@caseflow/sla';
import type {
  DeliverNotificationInput,
  DeliveryPlan,
  NotificationActivities,
  SendNotificationResult,
} from '../activities/notifications/types';
import { RETRY_UNTIL_IT_WORKS } from './kernel/activity-options';

const { planNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY_UNTIL_IT_WORKS,
});

// 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: ten attempts over about three hours. The start-to-close
// timeout stays below the sender's claim lease (2 min), so a live attempt is never overtaken.
const { sendNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['DELIVERY_REFUSED', 'NOT_FOUND'],
  },
});

export type DeliveryResult = SendNotificationResult | { outcome: 'failed'; error: string };

export async function deliverNotification(input: DeliverNotificationInput): Promise<DeliveryResult> {
  const plan = await planNotification(input);
  if (plan.status === 'sent') return { outcome: 'already_sent' };

  const now = Date.now();
  const at = sendAt(now, plan);
  if (at > now) {
    log.info('Notification held', {
      notificationId: input.notificationId,
      until: new Date(at).toISOString(),
    });
    await sleep(at - now);
  }
  try {
    return await sendNotification(input);
  } catch (err) {
    const error = err instanceof ActivityFailure ? (err.cause?.message ?? err.message) : String(err);
    log.warn('Notification not delivered; left failed for an admin to re-queue', {
      notificationId: input.notificationId,
      error,
    });
    return { outcome: 'failed', error };
  }
}

/** The earliest instant the plan allows: not before `notBefore`, and outside the quiet hours. */
export function sendAt(now: number, plan: Pick<DeliveryPlan, 'notBefore' | 'quietHours'>): number {
  let at = Math.max(now, plan.notBefore ? Date.parse(plan.notBefore) : now);
  const quiet = plan.quietHours;
  if (quiet) {
    const zone = TimeZone.of(quiet.timeZone);
    const wall = zone.wallClockAt(at);
    const midnight = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
    const minute = (wall - midnight) / MINUTE_MS;
    const { startMinute: start, endMinute: end } = quiet;
    const wraps = start > end; // 21:00–08:00 spans midnight
    const inQuiet = wraps ? minute >= start || minute < end : minute >= start && minute < end;
    if (inQuiet) {
      // The end of this quiet spell: today's end, or tomorrow's when the spell began this evening.
      const endDay = wraps && minute >= start ? midnight + DAY_MS : midnight;
      at = zone.instantAt(endDay + end * MINUTE_MS);
    }
  }
  return at;
}
