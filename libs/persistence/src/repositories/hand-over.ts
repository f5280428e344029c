// Handing written outbox rows to delivery, after the transaction that wrote them committed: the case,
// complaint and staff activities all hand over here, by the rows' idempotency keys.
import type { Queryable } from '../policy-snapshots';

/** What starts delivery of outbox rows (the notifications dispatcher). */
export interface OutboxDelivery {
  dispatch(input: { notificationIds: string[]; eventId?: string }): Promise<void>;
}

/**
 * Starts delivery of the rows with these keys, new or not: a retried activity cannot tell whether its
 * first attempt dispatched before it died, and a second dispatch of a row is refused by Temporal (one
 * workflow id per row). The first key's row is the event webhook subscribers receive. Without a
 * dispatcher the rows stay pending (tests, scripts).
 */
export async function handOver(
  db: Queryable,
  dispatcher: OutboxDelivery | undefined,
  keys: string[],
): Promise<void> {
  if (!dispatcher || keys.length === 0) return;
  const rows = await db.query<{ id: string; idempotency_key: string }[]>(
    `SELECT "id", "idempotency_key" FROM "notifications" WHERE "idempotency_key" = ANY ($1)`,
    [keys],
  );
  const ids = keys.flatMap((k) => rows.filter((r) => r.idempotency_key === k).map((r) => r.id));
  if (ids.length > 0) await dispatcher.dispatch({ notificationIds: ids, eventId: ids[0] });
}
