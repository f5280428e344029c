// The outbox's one writer: every INSERT and UPDATE of `notifications` is here. Writers (activities, the API)
// hand it rows keyed by their idempotency key; senders claim and settle rows through it. Each function
// takes the connection or transaction to write on, so a row lands in its writer's transaction.
import type { EntityManager } from 'typeorm';
import { CHANNEL_REGISTRY, STAFF_CHANNELS, type ChannelName } from './channel-registry';

export type Queryable = Pick<EntityManager, 'query'>;

/** A row as its writer knows it; the outbox fills in the rest (pending, no attempts). */
export interface NewNotification {
  idempotencyKey: string;
  caseNumber?: string | null;
  escalationId?: string | null;
  recipientKind: 'staff' | 'customer';
  recipientStaffId?: string | null;
  recipientAddress?: string | null;
  channel: ChannelName;
  /** One of the types that have templates (libs/domain notification-types). */
  template: string;
  language: string;
  data: Record<string, unknown>;
  /** Words fixed by the writer (a care message's own text), sent as they are. */
  subject?: string | null;
  body?: string | null;
}

/** A member of staff as the fan-out sees them: an address per staff channel that needs one. */
export interface StaffRecipient {
  staffId: string;
  language: string;
  /** Absent: read from `staff`; null: they have none (that channel is skipped). */
  email?: string | null;
}

export interface StaffMessage {
  caseNumber?: string | null;
  escalationId?: string | null;
  template: string;
  data: Record<string, unknown>;
}

/** `<key>:<suffix>` per staff channel, or the writer's own naming of its keys. */
export type StaffKeys = string | ((channel: ChannelName) => string);

/** Rows from UPDATE … RETURNING come as [rows, count]; from INSERT … RETURNING as rows. */
const rowsOf = <T>(result: T[] | [T[], number]): T[] =>
  Array.isArray(result[0]) ? (result as [T[], number])[0] : (result as T[]);

/**
 * One row per key; a second write with the same key writes nothing. Answers the row's id, new or earlier.
 */
export async function insertNotification(db: Queryable, row: NewNotification): Promise<string> {
  const inserted = rowsOf<{ id: string }>(
    await db.query(
      `INSERT INTO "notifications" ("idempotency_key", "case_number", "escalation_id", "recipient_kind",
         "recipient_staff_id", "recipient_address", "channel", "template", "language", "data", "subject", "body")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)
       ON CONFLICT ("idempotency_key") DO NOTHING
       RETURNING "id"`,
      [
        row.idempotencyKey,
        row.caseNumber ?? null,
        row.escalationId ?? null,
        row.recipientKind,
        row.recipientStaffId ?? null,
        row.recipientAddress ?? null,
        row.channel,
        row.template,
        row.language,
        JSON.stringify(row.data),
        row.subject ?? null,
        row.body ?? null,
      ],
    ),
  );
  if (inserted[0]) return inserted[0].id;
  const [earlier] = await notificationIdsByKeys(db, [row.idempotencyKey]);
  return earlier;
}

/**
 * The staff fan-out: an in-app row, and one on each other staff channel the recipient has an address for
 * (e-mail today), in the registry's order. Pure: the writer decides how the rows are written.
 */
export function staffNotifications(
  keys: StaffKeys,
  recipient: StaffRecipient,
  message: StaffMessage,
): NewNotification[] {
  const keyOf = typeof keys === 'function' ? keys : (channel: ChannelName) => `${keys}:${staffKey(channel)}`;
  return STAFF_CHANNELS.flatMap((channel): NewNotification[] => {
    const kind = CHANNEL_REGISTRY[channel].address;
    const address = kind === 'staff' ? null : kind === 'email' ? recipient.email : undefined;
    if (kind !== 'staff' && !address) return [];
    return [
      {
        idempotencyKey: keyOf(channel),
        caseNumber: message.caseNumber ?? null,
        escalationId: message.escalationId ?? null,
        recipientKind: 'staff',
        recipientStaffId: recipient.staffId,
        recipientAddress: address,
        channel,
        template: message.template,
        language: recipient.language,
        data: message.data,
      },
    ];
  });
}

/** Every key a staff fan-out under `key` may have written (for handing them over after a retry). */
export const staffNotificationKeys = (key: string): string[] =>
  STAFF_CHANNELS.map((channel) => `${key}:${staffKey(channel)}`);

const staffKey = (channel: ChannelName): string =>
  (CHANNEL_REGISTRY[channel] as { staffKey?: string }).staffKey ?? channel;

/**
 * Tells one member of staff on every staff channel they can be reached on (addresses read from `staff`
 * unless given); answers the keys written, in order.
 */
export async function tellStaff(
  db: Queryable,
  keys: StaffKeys,
  recipient: StaffRecipient,
  message: StaffMessage,
): Promise<string[]> {
  let email = recipient.email;
  if (email === undefined) {
    const [contact]: { email: string | null }[] = await db.query(
      `SELECT "email" FROM "staff" WHERE "id" = $1`,
      [recipient.staffId],
    );
    email = contact?.email ?? null;
  }
  const rows = staffNotifications(keys, { ...recipient, email }, message);
  for (const row of rows) await insertNotification(db, row);
  return rows.map((row) => row.idempotencyKey);
}

/** The ids of the rows with these keys, in the keys' order (a key never written is skipped). */
export async function notificationIdsByKeys(db: Queryable, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows: { id: string; idempotency_key: string }[] = await db.query(
    `SELECT "id", "idempotency_key" FROM "notifications" WHERE "idempotency_key" = ANY ($1)`,
    [keys],
  );
  return keys.flatMap((k) => rows.filter((r) => r.idempotency_key === k).map((r) => r.id));
}

/** A row written in its final state (or pending with its words) by the statement that writes it. */
export interface SettledNotification {
  id: string;
  key: string;
  caseNumber: string;
  recipientStaffId: string;
  recipientAddress?: string | null;
  channel: ChannelName;
  template: string;
  language: string;
  data: Record<string, unknown>;
  status: 'pending' | 'sent' | 'undeliverable';
  subject: string | null;
  body: string | null;
  error: string | null;
}

/**
 * The outbox's part of a larger statement: a CTE (named `outbox`, answering "id" and "status") that writes
 * these staff rows for the escalation the CTE `escalation` inserted — none when that inserted nothing, so a
 * retry's rows never stand beside the first attempt's. `param` adds a value to the statement.
 */
export function settledNotificationsCte(
  param: (value: unknown) => string,
  rows: SettledNotification[],
): string {
  return `"outbox" AS (
         INSERT INTO "notifications" ("id", "idempotency_key", "case_number", "escalation_id", "recipient_kind",
           "recipient_staff_id", "recipient_address", "channel", "template", "language", "data", "status",
           "attempts", "last_attempt_at", "sent_at", "subject", "body", "last_error")
         SELECT x."id", x."key", x."caseNumber", e."id", 'staff', x."recipientStaffId", x."recipientAddress",
                x."channel", x."template", x."language", x."data", x."status",
                CASE WHEN x."status" = 'pending' THEN 0 ELSE 1 END,
                CASE WHEN x."status" = 'pending' THEN NULL ELSE now() END,
                CASE WHEN x."status" = 'sent' THEN now() END, x."subject", x."body", x."error"
           FROM "escalation" e CROSS JOIN jsonb_to_recordset(${param(JSON.stringify(rows))}::jsonb)
             AS x("id" uuid, "key" text, "caseNumber" text, "recipientStaffId" uuid,
                "recipientAddress" text, "channel" text, "template" text, "language" text, "data" jsonb,
                "status" text, "subject" text, "body" text, "error" text)
         ON CONFLICT ("idempotency_key") DO NOTHING
         RETURNING "id", "status")`;
}

/** One webhook row per active subscription to the event's type; returns all of them, new or not. */
export async function fanOutToWebhooks(db: Queryable, eventId: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
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

/** Of these rows, those on these channels that may go out now, with their status. */
export function notificationsDueOn(
  db: Queryable,
  ids: string[],
  channels: ChannelName[],
): Promise<{ id: string; status: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.query(
    `SELECT "id", "status" FROM "notifications"
      WHERE "id" = ANY ($1::uuid[]) AND "channel" = ANY ($2::text[])
        AND ("not_before" IS NULL OR "not_before" <= now())`,
    [ids, channels],
  );
}

/**
 * A sender's claim on a row (pending, failed or undeliverable → sending, one attempt more); a claim older
 * than `leaseMs` is taken over. False when the row is sent or another sender holds it.
 */
export async function claimNotification(db: Queryable, id: string, leaseMs: number): Promise<boolean> {
  const claimed = rowsOf<{ id: string }>(
    await db.query(
      `UPDATE "notifications" SET "status" = 'sending', "attempts" = "attempts" + 1, "last_attempt_at" = now()
        WHERE "id" = $1 AND ("status" IN ('pending', 'failed', 'undeliverable')
           OR ("status" = 'sending' AND "last_attempt_at" < now() - make_interval(secs => $2)))
        RETURNING "id"`,
      [id, leaseMs / 1000],
    ),
  );
  return claimed.length > 0;
}

/** Settles a claimed row: sent (never again), failed (retried) or undeliverable (kept for an admin). */
export async function finishNotification(
  db: Queryable,
  id: string,
  status: 'sent' | 'failed' | 'undeliverable',
  fields: { error?: string; providerId?: string; subject?: string; body?: string } = {},
): Promise<void> {
  await db.query(
    `UPDATE "notifications" SET "status" = $2, "last_error" = $3,
       "provider_id" = COALESCE($4, "provider_id"), "subject" = COALESCE($5, "subject"), "body" = COALESCE($6, "body"),
       "sent_at" = CASE WHEN $2 = 'sent' THEN now() ELSE "sent_at" END
     WHERE "id" = $1 AND "status" = 'sending'`,
    [
      id,
      status,
      fields.error?.slice(0, 1000) ?? null,
      fields.providerId ?? null,
      fields.subject ?? null,
      fields.body ?? null,
    ],
  );
}

/** Stores the words a row will send, unless it has some already (a concurrent attempt's stand). */
export async function keepNotificationWords(
  db: Queryable,
  id: string,
  words: { subject: string; body: string },
): Promise<void> {
  await db.query(
    `UPDATE "notifications" SET "subject" = $2, "body" = $3 WHERE "id" = $1 AND "body" IS NULL`,
    [id, words.subject, words.body],
  );
}

/**
 * Puts a failed, undeliverable or still pending row back in the queue; answers how often it was re-queued,
 * or undefined when it is sent or being sent (never sent twice).
 */
export async function requeueNotification(db: Queryable, id: string): Promise<number | undefined> {
  const rows = rowsOf<{ requeued: number }>(
    await db.query(
      `UPDATE "notifications" SET "status" = 'pending', "requeued" = "requeued" + 1, "last_error" = NULL
        WHERE "id" = $1 AND "status" IN ('pending', 'failed', 'undeliverable')
        RETURNING "requeued"`,
      [id],
    ),
  );
  return rows[0]?.requeued;
}

/** An in-app message as its reader sees it. */
export interface InboxRow {
  id: string;
  case_number: string | null;
  template: string;
  subject: string | null;
  body: string | null;
  sent_at: Date;
  read_at: Date | null;
}

/**
 * Marks a delivered in-app message to this user's staff position read; reading it again keeps the first
 * time. Undefined when it is not theirs (or not delivered, or not in-app).
 */
export async function markNotificationRead(
  db: Queryable,
  userId: string,
  id: string,
): Promise<InboxRow | undefined> {
  const rows = rowsOf<InboxRow>(
    await db.query(
      `UPDATE "notifications" n SET "read_at" = COALESCE(n."read_at", now())
         FROM "staff" s
        WHERE n."id" = $2 AND s."id" = n."recipient_staff_id" AND s."user_id" = $1
          AND n."channel" = 'in_app' AND n."status" = 'sent'
        RETURNING n."id", n."case_number", n."template", n."subject", n."body", n."sent_at", n."read_at"`,
      [userId, id],
    ),
  );
  return rows[0];
}
