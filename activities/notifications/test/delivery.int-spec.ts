// Sending outbox rows through each channel against its real local peer, on a real PostgreSQL: what the
// peer received, what the row records, and that a row is sent once however often it is attempted.
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@caseflow/persistence';
import {
  createTestDatabase,
  seedOrganisation,
  type SeededOrganisation,
  type TestDatabase,
} from '@caseflow/persistence/testing';
import { createChannels, type Channels } from '@caseflow/persistence/outbox';
import { createNotificationActivities } from '../delivery';
import { fanOutToWebhooks } from '../dispatcher';
import type { NotificationActivities } from '../types';
import { startSmsPeer, startSmtpPeer, startWebhookPeer } from './peers';

const TOKEN = 'sms-token-for-tests';
const settings = {
  appBaseUrl: 'https://caseflow.example.com',
  quietHours: { startMinute: 21 * 60, endMinute: 8 * 60 },
};

let testDb: TestDatabase;
let dataSource: DataSource;
let org: SeededOrganisation;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let sms: Awaited<ReturnType<typeof startSmsPeer>>;
let hooks: Awaited<ReturnType<typeof startWebhookPeer>>;
let channels: Channels;
let activities: NotificationActivities;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  org = await seedOrganisation(dataSource);
  [smtp, sms, hooks] = await Promise.all([startSmtpPeer(), startSmsPeer(TOKEN), startWebhookPeer()]);
  channels = createChannels(
    {
      ...settings,
      smtp: { url: smtp.url, from: 'Caseflow <service@example.com>' },
      sms: { url: sms.url, token: TOKEN },
    },
    { httpTimeoutMs: 2000 },
  );
  activities = createNotificationActivities({ dataSource, channels, settings });
});

afterAll(async () => {
  await Promise.all([smtp?.close(), sms?.close(), hooks?.close()]);
  await dataSource?.destroy();
  await testDb?.drop();
});

beforeEach(() => {
  sms.respond = undefined;
});

let counter = 0;
interface Outbox {
  channel: 'sms' | 'email' | 'in_app';
  template: string;
  language?: string;
  recipientKind?: 'staff' | 'customer';
  staffId?: string;
  address?: string | null;
  data?: Record<string, unknown>;
}
async function outbox(row: Outbox): Promise<string> {
  counter++;
  const [inserted]: { id: string }[] = await dataSource.query(
    `INSERT INTO "notifications" ("idempotency_key", "case_number", "recipient_kind", "recipient_staff_id",
       "recipient_address", "channel", "template", "language", "data")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "id"`,
    [
      `test:${counter}`,
      `20261123-07-${String(counter).padStart(4, '0')}`,
      row.recipientKind ?? (row.staffId ? 'staff' : 'customer'),
      row.staffId ?? null,
      row.address === undefined ? '13900001111' : row.address,
      row.channel,
      row.template,
      row.language ?? 'zh-CN',
      JSON.stringify(row.data ?? { customerName: '张三' }),
    ],
  );
  return inserted.id;
}
const notification = async (id: string) =>
  (
    (await dataSource.query(`SELECT * FROM "notifications" WHERE "id" = $1`, [id])) as Record<
      string,
      unknown
    >[]
  )[0];

describe('e-mail over SMTP', () => {
  it('sends a supervisor the breach in English: what was promised, to whom, how late, and a link', async () => {
    const id = await outbox({
      channel: 'email',
      template: 'commitment_breached',
      language: 'en',
      staffId: org.supervisorId,
      address: 'li@sh.example.com',
      data: {
        customerName: 'Zhang San',
        commitmentKind: 'first_contact',
        commitmentDueAt: '2026-11-23T02:00:00.000Z',
        lateMs: 125 * 60_000,
      },
    });
    await expect(activities.sendNotification({ notificationId: id })).resolves.toMatchObject({
      outcome: 'sent',
    });
    const row = await notification(id);
    const mail = smtp.mails.find((m) => m.raw.includes(`<${id}@caseflow>`))!;
    expect(mail.to).toEqual(['li@sh.example.com']);
    expect(mail.from).toBe('service@example.com');
    expect(mail.raw).toContain(`Subject: Breached: first contact (${row.case_number})`);
    const text = mail.raw.replace(/=\r?\n/g, '');
    expect(text).toContain('promised to Zhang San');
    expect(text).toContain('was due at 2026-11-23 10:00 and is 2 h 5 min late');
    expect(text).toContain(`https://caseflow.example.com/cases/${row.case_number as string}`);
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      provider_id: `<${id}@caseflow>`,
      last_error: null,
    });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('takes a staff member’s address from the organisation chart when the row has none', async () => {
    const id = await outbox({
      channel: 'email',
      template: 'commitment_warning',
      staffId: org.engineerId,
      address: null,
    });
    await activities.sendNotification({ notificationId: id });
    // The fixture's address ends its local part with a dot, which SMTP quotes.
    expect(smtp.mails.find((m) => m.raw.includes(`<${id}@caseflow>`))?.to).toEqual([
      '"chen.engineer.sh."@sh.example.com',
    ]);
  });
});

describe('SMS through the HTTP gateway', () => {
  it('sends the customer the delay apology in Chinese with the bearer token and the row as reference', async () => {
    const id = await outbox({ channel: 'sms', template: 'delay_apology' });
    const result = await activities.sendNotification({ notificationId: id });
    const request = sms.requests.find((r) => r.body.reference === id)!;
    expect(request.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.body.to).toBe('13900001111');
    expect(request.body.text).toMatch(/^张三您好，您的工单 20261123-07-\d{4} 仍在处理中.*深表歉意/);
    expect(result).toEqual({ outcome: 'sent', providerId: sms.delivered.get(id)!.id });
    expect(await notification(id)).toMatchObject({
      status: 'sent',
      provider_id: result.providerId,
      body: request.body.text,
    });
  });

  it('never sends a row twice: a repeat finds it sent, and racing attempts send once', async () => {
    const id = await outbox({ channel: 'sms', template: 'survey' });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => activities.sendNotification({ notificationId: id })),
    );
    await expect(activities.sendNotification({ notificationId: id })).resolves.toEqual({
      outcome: 'already_sent',
    });
    expect(sms.requests.filter((r) => r.body.reference === id)).toHaveLength(1);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'sent')).toHaveLength(1);
    expect(await notification(id)).toMatchObject({ status: 'sent' });
  });

  it('records a failing gateway and throws for a retry, which then sends', async () => {
    const id = await outbox({ channel: 'sms', template: 'resolution_thanks' });
    sms.respond = (req, res) =>
      req.body.reference === id ? (res.writeHead(503).end('try later'), true) : false;
    await expect(activities.sendNotification({ notificationId: id })).rejects.toThrow(
      /answered 503: try later/,
    );
    expect(await notification(id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: expect.stringContaining('503'),
    });
    sms.respond = undefined;
    await expect(activities.sendNotification({ notificationId: id })).resolves.toMatchObject({
      outcome: 'sent',
    });
    expect(await notification(id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('does not retry a message the gateway refuses (4xx)', async () => {
    const id = await outbox({ channel: 'sms', template: 'survey' });
    sms.respond = (req, res) =>
      req.body.reference === id ? (res.writeHead(422).end('blocked number'), true) : false;
    const error = await activities.sendNotification({ notificationId: id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'DELIVERY_REFUSED', nonRetryable: true });
    expect(await notification(id)).toMatchObject({ status: 'failed' });
  });

  it('resends with the same reference when the gateway accepted but its answer was lost, so the customer gets one SMS', async () => {
    const id = await outbox({ channel: 'sms', template: 'delay_apology' });
    // The gateway takes the message, then the connection drops before its answer arrives.
    sms.respond = (req, res) => {
      if (req.body.reference !== id) return false;
      sms.accept(req);
      res.socket?.destroy();
      return true;
    };
    await expect(activities.sendNotification({ notificationId: id })).rejects.toThrow();
    sms.respond = undefined;
    await activities.sendNotification({ notificationId: id });
    expect(sms.requests.filter((r) => r.body.reference === id)).toHaveLength(2);
    expect([...sms.delivered.values()].filter((m) => m.reference === id)).toHaveLength(1);
    expect(await notification(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('keeps a message to an unusable phone number as undeliverable, saying why', async () => {
    const id = await outbox({ channel: 'sms', template: 'survey', address: 'call me' });
    await expect(activities.sendNotification({ notificationId: id })).resolves.toEqual({
      outcome: 'undeliverable',
    });
    expect(await notification(id)).toMatchObject({
      status: 'undeliverable',
      last_error: 'No usable phone number (invalid)',
    });
  });
});

describe('unconfigured channels', () => {
  it('keeps the message as undeliverable, and a retry once the channel is configured sends it', async () => {
    const bare = createNotificationActivities({ dataSource, channels: createChannels(settings), settings });
    const id = await outbox({ channel: 'sms', template: 'survey' });
    await expect(bare.sendNotification({ notificationId: id })).resolves.toEqual({
      outcome: 'undeliverable',
    });
    expect(await notification(id)).toMatchObject({
      status: 'undeliverable',
      last_error: 'The sms channel is not configured (set SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN)',
    });
    await expect(activities.sendNotification({ notificationId: id })).resolves.toMatchObject({
      outcome: 'sent',
    });
  });
});

describe('in-app', () => {
  it('is delivered by recording it: rendered in the recipient’s language and sent at once', async () => {
    const id = await outbox({
      channel: 'in_app',
      template: 'commitment_warning',
      staffId: org.engineerId,
      address: null,
      data: {
        customerName: '张三',
        commitmentKind: 'first_contact',
        commitmentDueAt: '2026-11-23T02:00:00.000Z',
      },
    });
    await activities.sendNotification({ notificationId: id });
    const row = await notification(id);
    expect(row).toMatchObject({ status: 'sent', subject: expect.stringMatching(/^提醒：首次联系即将超时/) });
    expect(row.body).toContain('Chen (engineer, sh)您好');
    expect(row.body).toContain('将于 2026-11-23 10:00 到期');
  });
});

describe('webhooks', () => {
  it('publishes an event once per subscription, signed so the receiver can verify it', async () => {
    const secret = 'whsec_test_secret';
    hooks.secret = secret;
    const [sub]: { id: string }[] = await dataSource.query(
      `INSERT INTO "webhook_subscriptions" ("url", "event_types", "secret") VALUES ($1, '{delay_apology}', $2) RETURNING "id"`,
      [hooks.url, secret],
    );
    await dataSource.query(
      `INSERT INTO "webhook_subscriptions" ("url", "event_types", "secret") VALUES ($1, '{survey}', 'other')`,
      [hooks.url],
    );
    const event = await outbox({ channel: 'sms', template: 'delay_apology' });
    const first = await fanOutToWebhooks(dataSource, event);
    expect(first).toHaveLength(1);
    expect(await fanOutToWebhooks(dataSource, event)).toEqual(first);
    await expect(activities.sendNotification({ notificationId: first[0] })).resolves.toMatchObject({
      outcome: 'sent',
    });
    const [delivery] = hooks.received.filter((r) => r.event.id === first[0]);
    expect(delivery.verified).toBe(true);
    expect(delivery.headers['x-caseflow-event']).toBe('delay_apology');
    expect(delivery.event).toMatchObject({ type: 'delay_apology', data: { customerName: '张三' } });
    expect(await notification(first[0])).toMatchObject({ status: 'sent', webhook_subscription_id: sub.id });
  });

  it('records a receiver that refuses, for a retry', async () => {
    hooks.secret = 's2';
    await dataSource.query(
      `INSERT INTO "webhook_subscriptions" ("url", "event_types", "secret") VALUES ($1, '{resolution_thanks}', 's2')`,
      [hooks.url],
    );
    const [id] = await fanOutToWebhooks(
      dataSource,
      await outbox({ channel: 'sms', template: 'resolution_thanks' }),
    );
    hooks.status = 500;
    await expect(activities.sendNotification({ notificationId: id })).rejects.toThrow(/answered 500/);
    hooks.status = 204;
    await expect(activities.sendNotification({ notificationId: id })).resolves.toMatchObject({
      outcome: 'sent',
    });
  });
});

describe('a message that waits', () => {
  it('kept undeliverable (channel not configured) keeps the words it would have sent, and a later retry sends exactly those', async () => {
    const bare = createNotificationActivities({ dataSource, channels: createChannels(settings), settings });
    const id = await outbox({ channel: 'sms', template: 'delay_apology' });
    await bare.sendNotification({ notificationId: id });
    const kept = await notification(id);
    expect(kept).toMatchObject({ status: 'undeliverable', subject: expect.any(String) });
    expect(kept.body).toMatch(/^张三您好，您的工单 20261123-07-\d{4} 仍在处理中.*深表歉意/);

    // The words an admin sees are the words that go out, even if the template changed in between.
    const [before]: { body: string }[] = await dataSource.query(
      `SELECT "body" FROM "notification_templates" WHERE "type" = 'delay_apology' AND "language" = 'zh-CN'`,
    );
    try {
      await dataSource.query(
        `UPDATE "notification_templates" SET "body" = 'changed' WHERE "type" = 'delay_apology' AND "language" = 'zh-CN'`,
      );
      await expect(activities.sendNotification({ notificationId: id })).resolves.toMatchObject({
        outcome: 'sent',
      });
    } finally {
      await dataSource.query(
        `UPDATE "notification_templates" SET "body" = $1 WHERE "type" = 'delay_apology' AND "language" = 'zh-CN'`,
        [before.body],
      );
    }
    expect(sms.requests.find((r) => r.body.reference === id)!.body.text).toBe(kept.body);
    expect(await notification(id)).toMatchObject({ status: 'sent', body: kept.body });
  });

  it('kept pending for quiet hours shows its words from the moment delivery planned it', async () => {
    const id = await outbox({ channel: 'sms', template: 'survey' });
    expect(await notification(id)).toMatchObject({ status: 'pending', body: null });
    await activities.planNotification({ notificationId: id });
    expect(await notification(id)).toMatchObject({
      status: 'pending',
      subject: expect.stringContaining('服务满意度调查'),
      body: expect.stringMatching(/^张三您好，感谢您使用我们的服务/),
    });
  });

  it('without a template stays undeliverable without words, saying why', async () => {
    const bare = createNotificationActivities({ dataSource, channels: createChannels(settings), settings });
    const id = await outbox({ channel: 'sms', template: 'no_such_template' });
    await bare.sendNotification({ notificationId: id });
    expect(await notification(id)).toMatchObject({ status: 'undeliverable', body: null });
  });
});

describe('planning', () => {
  it('holds SMS to customers for quiet hours in the branch’s time zone, unless urgent; never staff messages', async () => {
    const plain = await outbox({ channel: 'sms', template: 'survey' });
    const urgent = await outbox({ channel: 'sms', template: 'survey', data: { urgent: true } });
    const staff = await outbox({
      channel: 'in_app',
      template: 'commitment_warning',
      staffId: org.engineerId,
    });
    expect(await activities.planNotification({ notificationId: plain })).toEqual({
      status: 'pending',
      channel: 'sms',
      quietHours: { ...settings.quietHours, timeZone: 'Asia/Shanghai' },
    });
    expect(await activities.planNotification({ notificationId: urgent })).toEqual({
      status: 'pending',
      channel: 'sms',
    });
    expect(await activities.planNotification({ notificationId: staff })).toEqual({
      status: 'pending',
      channel: 'in_app',
    });
  });
});
