// Sending one outbox row: plan (what to wait for), then send (render in the recipient's language, hand to
// the channel, record the outcome). The row's status is the only lock: a sender first claims the row
// (pending/failed/undeliverable → sending) with a conditional UPDATE, so a row that is `sent` is never
// sent again and two deliveries of one row cannot both talk to the provider.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { NotificationsConfig } from '@caseflow/config';
import {
  CHANNEL_REGISTRY,
  checkAddress,
  claimNotification,
  DeliveryRefused,
  finishNotification,
  keepNotificationWords,
  type ChannelName,
  type Channels,
  type OutgoingMessage,
} from '@caseflow/persistence/outbox';
import { DEFAULT_LANGUAGE, render, templateValues, type Language } from './templates';
import type {
  DeliveryPlan,
  DeliverNotificationInput,
  NotificationActivities,
  SendNotificationResult,
} from './types';

export interface NotificationDeliveryDependencies {
  dataSource: DataSource;
  channels: Channels;
  settings: Pick<NotificationsConfig, 'appBaseUrl' | 'quietHours'>;
  /**
   * How long a claim holds. A sender that died after claiming (a crashed worker) leaves the row `sending`;
   * after this, a retry may claim it again and send it again with the same reference — the provider's
   * idempotency key — because a promise not kept is worse than a duplicate the provider can recognise.
   * Longer than sendNotification's start-to-close timeout, so a live attempt is never overtaken.
   */
  claimLeaseMs?: number;
}

export const DEFAULT_CLAIM_LEASE_MS = 2 * 60_000;
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

interface Row {
  id: string;
  idempotency_key: string;
  case_number: string | null;
  recipient_kind: 'staff' | 'customer' | 'webhook';
  recipient_staff_id: string | null;
  recipient_address: string | null;
  channel: ChannelName;
  template: string;
  language: string;
  data: Record<string, unknown>;
  status: string;
  /** The words as rendered when the row was first planned or settled: what any later attempt sends. */
  subject: string | null;
  body: string | null;
  attempts: number;
  not_before: Date | null;
  webhook_subscription_id: string | null;
  created_at: Date;
  time_zone: string | null;
  staff_name: string | null;
  staff_email: string | null;
  staff_phone: string | null;
}

const SELECT_ROW = `SELECT n.*, s."name" AS "staff_name", s."email" AS "staff_email", s."phone" AS "staff_phone",
    (SELECT cal."definition"->>'timeZone' FROM "calendars" cal
      WHERE cal."id" = COALESCE(
        (SELECT b."calendar_id" FROM "cases" c JOIN "branches" b ON b."id" = c."branch_id" WHERE c."number" = n."case_number"),
        (SELECT b."calendar_id" FROM "branches" b WHERE b."id" = s."branch_id"),
        'default')) AS "time_zone"
  FROM "notifications" n LEFT JOIN "staff" s ON s."id" = n."recipient_staff_id"`;

export function createNotificationActivities(deps: NotificationDeliveryDependencies): NotificationActivities {
  const { dataSource, channels, settings } = deps;
  const leaseMs = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  const { load, keepWords, wordsOf, compose, failed } = rowHelpers(deps);

  return {
    async planNotification({ notificationId }: DeliverNotificationInput): Promise<DeliveryPlan> {
      const row = await load(notificationId);
      if (!row)
        throw ApplicationFailure.nonRetryable(`Notification ${notificationId} does not exist`, 'NOT_FOUND');
      // A row that waits (quiet hours, a later time, a retry) shows now the words it will send.
      if (row.body === null && row.channel !== 'webhook') await keepWords(row);
      const urgent = row.data?.urgent === true;
      const quiet =
        row.channel === 'sms' && row.recipient_kind === 'customer' && !urgent
          ? settings.quietHours
          : undefined;
      return {
        status: row.status,
        channel: row.channel,
        ...(row.not_before ? { notBefore: row.not_before.toISOString() } : {}),
        ...(quiet ? { quietHours: { ...quiet, timeZone: row.time_zone ?? DEFAULT_TIME_ZONE } } : {}),
      };
    },

    async sendNotification({ notificationId }: DeliverNotificationInput): Promise<SendNotificationResult> {
      const claimed = await claimNotification(dataSource, notificationId, leaseMs);
      const row = await load(notificationId);
      if (!row)
        throw ApplicationFailure.nonRetryable(`Notification ${notificationId} does not exist`, 'NOT_FOUND');
      if (!claimed) {
        if (row.status === 'sent') return { outcome: 'already_sent' };
        // Another attempt holds the claim (or just failed it): ours waits and retries.
        throw new Error(`Notification ${notificationId} is being sent by another attempt`);
      }

      const channel = channels[row.channel];
      if (!channel?.configured) {
        // Kept with the words it would have sent, for an admin to read and a later re-queue to send.
        const words = row.channel === 'webhook' ? undefined : await wordsOf(row);
        await finishNotification(dataSource, row.id, 'undeliverable', {
          error: notConfigured(row.channel, channel),
          ...words,
        });
        return { outcome: 'undeliverable' };
      }

      let message: OutgoingMessage;
      try {
        message = await compose(row);
      } catch (error) {
        if (!(error instanceof Undeliverable)) throw await failed(row.id, error);
        await finishNotification(dataSource, row.id, 'undeliverable', { error: error.message });
        return { outcome: 'undeliverable' };
      }

      let providerId: string | undefined;
      try {
        ({ providerId } = await channel.send(message));
      } catch (error) {
        throw await failed(row.id, error);
      }
      await finishNotification(dataSource, row.id, 'sent', {
        providerId,
        subject: message.subject,
        body: message.text,
      });
      log('info', 'Notification sent', {
        notificationId: row.id,
        channel: row.channel,
        template: row.template,
      });
      return { outcome: 'sent', ...(providerId ? { providerId } : {}) };
    },
  };
}

/** What the two activities do with one row (load, render, address, record a failure), bound to the deps. */
function rowHelpers({ dataSource, settings }: NotificationDeliveryDependencies) {
  async function load(id: string): Promise<Row | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: Row[] = await dataSource.query(`${SELECT_ROW} WHERE n."id" = $1`, [id]);
    return rows[0];
  }

  return { load, keepWords, wordsOf, compose, failed };

  /** Records the failure and returns what to throw: retryable unless the provider refused for good. */
  async function failed(id: string, error: unknown): Promise<Error> {
    const message = error instanceof Error ? error.message : String(error);
    await finishNotification(dataSource, id, 'failed', { error: message });
    log('warn', 'Notification not sent', { notificationId: id, error: message });
    return error instanceof DeliveryRefused
      ? ApplicationFailure.nonRetryable(message, 'DELIVERY_REFUSED')
      : error instanceof Error
        ? error
        : new Error(message);
  }

  /** The row's words, rendered now; none when it has no template (its send will say so). */
  async function wordsOf(row: Row): Promise<{ subject: string; body: string } | undefined> {
    try {
      const message = await render(row, row.recipient_staff_id ?? row.recipient_address ?? '');
      return { subject: message.subject, body: message.text };
    } catch (error) {
      if (error instanceof Undeliverable) return undefined;
      throw error;
    }
  }

  /** Stores the row's words unless it has some already (a concurrent attempt's stand). */
  async function keepWords(row: Row): Promise<void> {
    const words = await wordsOf(row);
    if (!words) return;
    await keepNotificationWords(dataSource, row.id, words);
  }

  async function compose(row: Row): Promise<OutgoingMessage> {
    if (row.channel === 'webhook') return webhookMessage(row);
    const to = address(row);
    // Words kept on the row (when it was written, planned or found undeliverable) are sent as they are.
    if (row.body !== null) return { id: row.id, to, subject: row.subject ?? '', text: row.body };
    return render(row, to);
  }

  async function render(row: Row, to: string): Promise<OutgoingMessage> {
    const templates = await loadTemplates(dataSource, row.template, row.language);
    return renderMessage(
      {
        id: row.id,
        to,
        template: row.template,
        language: row.language,
        data: row.data ?? {},
        caseNumber: row.case_number,
        timeZone: row.time_zone ?? DEFAULT_TIME_ZONE,
        recipientName: row.staff_name ?? undefined,
      },
      templates,
      settings.appBaseUrl,
    );
  }

  /** Where the row goes: its staff member in-app, else its own address or the staff member's. */
  function address(row: Row): string {
    const kind = CHANNEL_REGISTRY[row.channel]?.address;
    if (kind === 'staff') {
      if (!row.recipient_staff_id) throw new Undeliverable('An in-app message needs a staff recipient');
      return row.recipient_staff_id;
    }
    const staffAddress = { email: row.staff_email, phone: row.staff_phone, url: null };
    const checked = kind ? checkAddress(row.channel, row.recipient_address ?? staffAddress[kind]) : undefined;
    if (!checked) throw new Undeliverable(`Unknown channel ${row.channel as string}`);
    if ('problem' in checked) throw new Undeliverable(checked.problem);
    return checked.address;
  }

  async function webhookMessage(row: Row): Promise<OutgoingMessage> {
    const subs: { url: string; secret: string; active: boolean }[] = await dataSource.query(
      `SELECT "url", "secret", "active" FROM "webhook_subscriptions" WHERE "id" = $1`,
      [row.webhook_subscription_id],
    );
    const sub = subs[0];
    if (!sub?.active) throw new Undeliverable('The webhook subscription was deleted');
    // The event as the subscriber sees it: its id is the delivery's id, stable across retries (dedupe on it).
    const event = {
      id: row.id,
      type: row.template,
      createdAt: row.created_at.toISOString(),
      caseNumber: row.case_number,
      data: row.data ?? {},
    };
    return {
      id: row.id,
      to: sub.url,
      subject: row.template,
      text: JSON.stringify(event),
      secret: sub.secret,
      eventType: row.template,
    };
  }
}

/** The message cannot go out as it stands (no template, no usable address): kept until someone fixes it. */
export class Undeliverable extends Error {}

/** What an undeliverable row says when its channel has no settings. */
export function notConfigured(name: string, channel?: { missing?: string }): string {
  return `The ${name} channel is not configured${channel?.missing ? ` (set ${channel.missing})` : ''}`;
}

export interface TemplateRow {
  language: string;
  subject: string;
  body: string;
}

const messageLanguage = (language: string) => (language === 'en' ? 'en' : DEFAULT_LANGUAGE) as Language;

/** The templates a message of this type may use: in the recipient's language, and the default one. */
export function loadTemplates(
  db: Pick<DataSource, 'query'>,
  type: string,
  language: string,
): Promise<TemplateRow[]> {
  return db.query(
    `SELECT "language", "subject", "body" FROM "notification_templates" WHERE "type" = $1 AND "language" = ANY ($2)`,
    [type, [messageLanguage(language), DEFAULT_LANGUAGE]],
  );
}

export interface MessageToRender {
  id: string;
  to: string;
  template: string;
  language: string;
  data: Record<string, unknown>;
  caseNumber: string | null;
  timeZone: string;
  recipientName?: string;
}

/** Fills in the template in the recipient's language (else the default); Undeliverable when there is none. */
export function renderMessage(
  message: MessageToRender,
  templates: TemplateRow[],
  appBaseUrl: string,
): OutgoingMessage {
  const language = messageLanguage(message.language);
  const template = templates.find((t) => t.language === language) ?? templates[0];
  if (!template)
    throw new Undeliverable(`No template "${message.template}" in ${language} or ${DEFAULT_LANGUAGE}`);
  const values = templateValues({
    data: message.data,
    caseNumber: message.caseNumber,
    language: template.language as Language,
    timeZone: message.timeZone,
    appBaseUrl,
    recipientName: message.recipientName,
  });
  return {
    id: message.id,
    to: message.to,
    subject: render(template.subject, values),
    text: render(template.body, values),
  };
}

function log(level: 'info' | 'warn', message: string, meta: Record<string, unknown>): void {
  try {
    Context.current().log[level](message, meta);
  } catch {
    // outside an activity (a script or a test): the outcome is on the row, which is what matters
  }
}
