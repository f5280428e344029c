// The ways a message leaves Caseflow, each behind one interface so the sender neither knows nor cares
// which provider it talks to. A channel without its settings still exists (configured: false): its
// messages are recorded as undeliverable instead of being dropped or failing forever. Which channels exist
// is the registry's (channel-registry.ts); `Channels` has a sender for each, or does not compile.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { NotificationsConfig } from '@caseflow/config';
import type { ChannelName } from './channel-registry';

export type { ChannelName } from './channel-registry';

export interface OutgoingMessage {
  /** The outbox row's id: the provider-side idempotency reference (SMS reference, Message-ID, delivery id). */
  id: string;
  /** E-mail address, phone number or webhook URL (in-app: the staff id). */
  to: string;
  subject: string;
  /** The rendered text (webhook: the JSON event). */
  text: string;
  /** Webhook: the subscription's HMAC key. */
  secret?: string;
  /** Webhook: the event type, for the X-Caseflow-Event header. */
  eventType?: string;
  /** E-mail: files to attach (the monthly report pack's workbook). */
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}

export interface NotificationChannel {
  readonly name: ChannelName;
  readonly configured: boolean;
  /** Which setting is missing, when not configured (for the start-up report). */
  readonly missing?: string;
  /** Resolves when the provider accepted the message; throws otherwise (DeliveryRefused: do not retry). */
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
}

/** The provider refused the message for good (a 4xx about its content): retrying cannot help. */
export class DeliveryRefused extends Error {
  override name = 'DeliveryRefused';
}

export type Channels = Record<ChannelName, NotificationChannel>;

export interface ChannelOptions {
  /** HTTP channels give up on a provider that does not answer within this (default 10 s). */
  httpTimeoutMs?: number;
}

export function createChannels(config: NotificationsConfig, options: ChannelOptions = {}): Channels {
  return {
    email: config.smtp ? emailChannel(config.smtp) : unconfigured('email', 'SMTP_URL and SMTP_FROM'),
    sms: config.sms
      ? smsChannel(config.sms, options)
      : unconfigured('sms', 'SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN'),
    webhook: webhookChannel(options),
    in_app: inAppChannel,
  };
}

/** One line per channel for the start-up log: what works and what is missing. */
export function describeChannels(
  channels: Channels,
): { name: ChannelName; configured: boolean; missing?: string }[] {
  return Object.values(channels).map(({ name, configured, missing }) => ({
    name,
    configured,
    ...(missing ? { missing } : {}),
  }));
}

function unconfigured(name: ChannelName, missing: string): NotificationChannel {
  return {
    name,
    configured: false,
    missing,
    send: () => Promise.reject(new Error(`The ${name} channel is not configured (set ${missing})`)),
  };
}

/** E-mail over SMTP. The Message-ID is derived from the row, so a resend is recognisably the same mail. */
export function emailChannel(smtp: { url: string; from: string }): NotificationChannel {
  let transport: Transporter | undefined;
  return {
    name: 'email',
    configured: true,
    async send(message) {
      // Created on first use: building the channel list has no side effects (and opens no sockets).
      transport ??= createTransport(smtp.url);
      const info = (await transport.sendMail({
        from: smtp.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: `<${message.id}@caseflow>`,
        ...(message.attachments?.length ? { attachments: message.attachments } : {}),
      })) as { messageId?: string; rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) {
        throw new DeliveryRefused(`The SMTP server refused the recipient`);
      }
      return { providerId: info.messageId };
    },
  };
}

/**
 * SMS through an HTTP gateway: POST {to, text, reference} with a bearer token; 2xx = accepted, body {id}.
 * `reference` is the outbox row's id, the same on every attempt: the gateway's idempotency key.
 */
export function smsChannel(
  sms: { url: string; token: string },
  options: ChannelOptions = {},
): NotificationChannel {
  return {
    name: 'sms',
    configured: true,
    async send(message) {
      const body = JSON.stringify({ to: message.to, text: message.text, reference: message.id });
      const response = await post(sms.url, body, { Authorization: `Bearer ${sms.token}` }, options);
      const answer = (await response.json().catch(() => ({}))) as { id?: unknown };
      return typeof answer.id === 'string' || typeof answer.id === 'number'
        ? { providerId: String(answer.id) }
        : {};
    },
  };
}

/** Webhooks: the JSON event, signed over timestamp and body (see signWebhook); any 2xx is delivered. */
export function webhookChannel(options: ChannelOptions = {}): NotificationChannel {
  return {
    name: 'webhook',
    configured: true,
    async send(message) {
      if (!message.secret) throw new DeliveryRefused('The webhook subscription has no secret');
      const timestamp = Math.floor(Date.now() / 1000);
      await post(
        message.to,
        message.text,
        {
          'X-Caseflow-Signature': signWebhook(message.secret, message.text, timestamp),
          'X-Caseflow-Event': message.eventType ?? 'notification',
          'X-Caseflow-Delivery': message.id,
        },
        options,
        // A subscriber's 4xx is as likely a bad deploy on their side as a real refusal: keep retrying.
        false,
      );
      return { providerId: message.id };
    },
  };
}

/** In-app: the outbox row is the message; recording it as sent is the delivery. */
export const inAppChannel: NotificationChannel = {
  name: 'in_app',
  configured: true,
  send: () => Promise.resolve({}),
};

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** For receivers (and tests): true when the header signs this body with this secret, recently enough. */
export function verifyWebhookSignature(
  header: string | undefined,
  body: string,
  secret: string,
  { toleranceSeconds = 300, now = Date.now() }: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1], 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  { httpTimeoutMs = 10_000 }: ChannelOptions,
  refuseOn4xx = true,
): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(httpTimeoutMs),
    redirect: 'error',
  });
  if (response.ok) return response;
  // The answer's text helps whoever reads last_error; it is the provider's, never our token.
  const detail = (await response.text().catch(() => '')).slice(0, 200);
  const message = `${new URL(url).host} answered ${response.status}${detail ? `: ${detail}` : ''}`;
  const permanent =
    refuseOn4xx && response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
  throw permanent ? new DeliveryRefused(message) : new Error(message);
}
