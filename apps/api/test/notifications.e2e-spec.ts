// Notifications end to end: a case's breached promise (fired by the workflow's own timer, real time)
// reaches the supervisor in the in-app inbox and by e-mail (a real SMTP peer), and a webhook subscriber
// (verifying the signature); the outbox is listed per case; a failing SMS gateway is recorded and an
// admin's retry sends once; templates are validated on save; bad addresses and URLs are 422.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEFAULT_POLICY } from '@caseflow/sla';
import { startSmsPeer, startSmtpPeer, startWebhookPeer } from '../../../activities/notifications/test/peers';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

const TOKEN = 'e2e-sms-token';

/** Sales cases must be contacted within 3 seconds: a breach (→ supervisor) fires while we watch. */
const SHORT_FIRST_CONTACT_FOR_SALES = {
  match: { caseKind: 'service_request', category: 'sales' },
  commitments: [
    {
      kind: 'first_contact',
      budget: { amount: 0.05, unit: 'minutes' },
      clock: 'calendar',
      calendarId: 'default',
      ladder: [
        {
          id: 'breach',
          fraction: 1,
          action: 'breach',
          target: 'supervisor',
          template: 'commitment_breached',
          waitForWorkingHours: false,
        },
      ],
    },
  ],
};

interface Notification {
  id: string;
  channel: string;
  status: string;
  attempts: number;
  lastError: string | null;
  subject: string | null;
  body: string | null;
  recipientKind: string;
  recipientStaffId: string | null;
  recipientAddress: string | null;
  template: string;
}

let w: CasesWorld;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
let sms: Awaited<ReturnType<typeof startSmsPeer>>;
let hooks: Awaited<ReturnType<typeof startWebhookPeer>>;

beforeAll(async () => {
  [smtp, sms, hooks] = await Promise.all([startSmtpPeer(), startSmsPeer(TOKEN), startWebhookPeer()]);
  w = await createCasesWorld({
    env: {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Caseflow <service@example.com>',
      SMS_GATEWAY_URL: sms.url,
      SMS_GATEWAY_TOKEN: TOKEN,
      APP_BASE_URL: 'https://caseflow.example.com',
      // The e2e world runs on the wall clock: quiet hours would make this suite depend on the time of day.
      SMS_QUIET_HOURS: 'off',
    },
    prepare: async (query) => {
      await query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
         VALUES ('default', 2, $1::jsonb, 'e2e', 'sales cases: first contact within 3 s')`,
        [JSON.stringify([...DEFAULT_POLICY.rules, SHORT_FIRST_CONTACT_FOR_SALES])],
      );
      await query(`UPDATE "sla_policies" SET "current_version" = 2 WHERE "id" = 'default'`);
    },
  });
}, 120_000);

afterAll(async () => {
  try {
    await w?.close();
  } finally {
    await Promise.all([smtp?.close(), sms?.close(), hooks?.close()]);
  }
}, 60_000);

const admin = () => ({
  put: (url: string) =>
    request(w.app.getHttpServer()).put(url).set('Authorization', `Bearer ${w.tokens.admin}`),
  delete: (url: string) =>
    request(w.app.getHttpServer()).delete(url).set('Authorization', `Bearer ${w.tokens.admin}`),
});

describe('webhook subscriptions', () => {
  it('refuses a URL that is not http(s) and an event type that does not exist, naming the field', async () => {
    const ftp = await w
      .as('admin')
      .post('/api/webhooks')
      .send({ url: 'ftp://crm.example.com/in', eventTypes: ['commitment_breached'] })
      .expect(422);
    expect(ftp.body.errors.url).toEqual(['url must be an http:// or https:// URL']);
    const unknown = await w
      .as('admin')
      .post('/api/webhooks')
      .send({ url: 'https://crm.example.com/in', eventTypes: ['case_exploded'] })
      .expect(422);
    expect(unknown.body.errors.eventTypes).toEqual(['unknown event type: case_exploded']);
    await w
      .as('supervisor')
      .post('/api/webhooks')
      .send({ url: 'https://crm.example.com/in', eventTypes: ['*'] })
      .expect(403);
  });

  it('shows the secret once, at creation', async () => {
    const created = await w
      .as('admin')
      .post('/api/webhooks')
      .send({ url: hooks.url, eventTypes: ['commitment_breached'], description: 'CRM' })
      .expect(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    hooks.secret = created.body.secret;
    const listed = (await w.as('admin').get('/api/webhooks').expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ id: created.body.id, url: hooks.url })]);
    expect(listed[0].secret).toBeUndefined();
  });
});

describe('a breached promise', () => {
  let number: string;
  let rows: Notification[];

  it('reaches the supervisor in-app and by e-mail, once each, and the outbox lists both as sent', async () => {
    const created = await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'sales',
        customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
        description: 'Quote never arrived',
        branchId: 'sh',
      })
      .expect(201);
    number = created.body.number;
    rows = await eventually(async () => {
      const page = (await w.as('supervisor').get(`/api/notifications?case=${number}`).expect(200)).body;
      const outbox = page.items as Notification[];
      // The customer's intake acknowledgement (SMS) is in the outbox too; this is about the staff side.
      expect(
        outbox
          .filter((n) => n.channel !== 'webhook' && n.recipientKind === 'staff')
          .map((n) => [n.channel, n.status])
          .sort(),
      ).toEqual([
        ['email', 'sent'],
        ['in_app', 'sent'],
      ]);
      return outbox;
    }, 30_000);
    const email = rows.find((n) => n.channel === 'email')!;
    expect(email).toMatchObject({ recipientStaffId: w.org.supervisorId, attempts: 1, lastError: null });
    expect(email.subject).toBe(`已超时：首次联系（${number}）`);
    const mails = smtp.mails.filter((m) => m.raw.includes(`<${email.id}@caseflow>`));
    expect(mails).toHaveLength(1);
    expect(email.recipientAddress).toBe('li.supervisor.sh.@sh.example.com');
    // The fixture's local part ends with a dot, which SMTP quotes on the wire.
    expect(mails[0].to).toEqual(['"li.supervisor.sh."@sh.example.com']);
  });

  it('shows recipients’ addresses only to those who follow up on messages', async () => {
    for (const who of ['operator', 'engineer'] as const) {
      await w.as(who).get(`/api/notifications?case=${number}`).expect(403);
    }
    await w.as('quality').get(`/api/notifications?case=${number}`).expect(200);
  });

  it('lands unread in the supervisor’s inbox, with a link to the case; reading it clears the count', async () => {
    const inbox = (await w.as('supervisor').get('/api/inbox').expect(200)).body;
    expect(inbox).toMatchObject({ total: 1, unread: 1 });
    expect(inbox.items[0]).toMatchObject({ caseNumber: number, type: 'commitment_breached', readAt: null });
    expect(inbox.items[0].body).toContain(`https://caseflow.example.com/cases/${number}`);
    expect((await w.as('engineer').get('/api/inbox').expect(200)).body).toMatchObject({
      total: 0,
      unread: 0,
    });
    await w.as('engineer').post(`/api/inbox/${inbox.items[0].id}/read`).expect(404);
    const read = (await w.as('supervisor').post(`/api/inbox/${inbox.items[0].id}/read`).expect(200)).body;
    expect(read.readAt).not.toBeNull();
    expect((await w.as('supervisor').get('/api/inbox?unread=true').expect(200)).body).toMatchObject({
      total: 0,
      unread: 0,
    });
  });

  it('is posted to the webhook subscriber, signed, and logged on the subscription', async () => {
    const event = await eventually(() => {
      const got = hooks.received.filter((r) => r.event.caseNumber === number);
      expect(got).toHaveLength(1);
      return got[0];
    });
    expect(event.verified).toBe(true);
    expect(event.event).toMatchObject({
      type: 'commitment_breached',
      data: { commitmentKind: 'first_contact' },
    });
    const [sub] = (await w.as('admin').get('/api/webhooks').expect(200)).body;
    const log = await eventually(async () => {
      const page = (await w.as('admin').get(`/api/webhooks/${sub.id}/deliveries`).expect(200)).body;
      expect(page.items[0]?.status).toBe('sent');
      return page;
    });
    expect(log.total).toBe(1);
    await admin().delete(`/api/webhooks/${sub.id}`).expect(204);
    await admin().delete(`/api/webhooks/${sub.id}`).expect(404);
    expect((await w.as('admin').get('/api/webhooks').expect(200)).body).toEqual([]);
  });
});

describe('channels', () => {
  it('reports every channel configured', async () => {
    const channels = (await w.as('operator').get('/api/notifications/channels').expect(200)).body;
    expect(channels).toEqual([
      { name: 'email', configured: true },
      { name: 'sms', configured: true },
      { name: 'webhook', configured: true },
      { name: 'in_app', configured: true },
    ]);
  });

  it('refuses a test message to an invalid e-mail address or phone number', async () => {
    const email = await w
      .as('admin')
      .post('/api/notifications/test')
      .send({ channel: 'email', to: 'not-an-address' })
      .expect(422);
    expect(email.body.errors.to).toEqual(['to must be an e-mail address']);
    const phone = await w
      .as('admin')
      .post('/api/notifications/test')
      .send({ channel: 'sms', to: '12ab' })
      .expect(422);
    expect(phone.body.errors.to).toEqual(['to must be a phone number (7–20 digits, optional +)']);
  });

  it('records a failing SMS gateway, and an admin’s retry sends the message once', async () => {
    sms.respond = (_req, res) => (res.writeHead(503).end('gateway down'), true);
    const queued = (
      await w
        .as('admin')
        .post('/api/notifications/test')
        .send({ channel: 'sms', to: '+86 139 0000 1111' })
        .expect(202)
    ).body as Notification;
    const failed = await eventually(async () => {
      const page = (await w.as('admin').get('/api/notifications?status=failed&channel=sms').expect(200)).body;
      const row = (page.items as Notification[]).find((n) => n.id === queued.id);
      expect(row).toBeDefined();
      return row!;
    });
    expect(failed.lastError).toContain('503: gateway down');

    sms.respond = undefined;
    await eventually(async () => {
      // Between two automatic attempts the row is `failed`; while one runs it is `sending` (409).
      const retried = await w.as('admin').post(`/api/notifications/${queued.id}/retry`);
      expect(retried.status).toBe(200);
    });
    await eventually(async () => {
      const page = (await w.as('admin').get('/api/notifications?channel=sms').expect(200)).body;
      expect((page.items as Notification[]).find((n) => n.id === queued.id)?.status).toBe('sent');
    });
    expect([...sms.delivered.values()].filter((m) => m.reference === queued.id)).toHaveLength(1);
    const again = await w.as('admin').post(`/api/notifications/${queued.id}/retry`).expect(409);
    expect(again.body.message).toMatch(/never sent twice/);
    await w.as('admin').post(`/api/notifications/${randomUUID()}/retry`).expect(404);
    await w.as('supervisor').post(`/api/notifications/${queued.id}/retry`).expect(403);
  });
});

describe('templates', () => {
  it('refuses a template with an unknown placeholder, naming it; accepts a good one', async () => {
    const refused = await admin()
      .put('/api/notification-templates/delay_apology/en')
      .send({
        subject: 'Sorry ({{caseNumber}})',
        body: 'Dear {{customerName}}, {{apologyVoucher}} for {{caseNumber}}.',
      })
      .expect(422);
    expect(refused.body.errors.body[0]).toMatch(/unknown placeholder \{\{apologyVoucher\}\}/);
    const saved = await admin()
      .put('/api/notification-templates/delay_apology/en')
      .send({
        subject: 'Sorry ({{caseNumber}})',
        body: 'Dear {{customerName}}, case {{caseNumber}} is in progress.',
      })
      .expect(200);
    expect(saved.body).toMatchObject({
      type: 'delay_apology',
      language: 'en',
      subject: 'Sorry ({{caseNumber}})',
    });
    expect(
      (await w.as('admin').get('/api/notification-templates/delay_apology/en').expect(200)).body.body,
    ).toBe('Dear {{customerName}}, case {{caseNumber}} is in progress.');
    await w.as('admin').get('/api/notification-templates/delay_apology/fr').expect(404);
    await w.as('operator').get('/api/notification-templates').expect(403);
  });
});
