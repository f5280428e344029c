// Customer care campaigns through the API, with a real worker: sent on their date to the contacts who
// consented (an opt-out before sending is honoured), each in their language, at most `ratePerMinute` a
// minute, each contact once; forbidden phrases refused; a cancelled campaign queues nothing more.
import { careCampaignWorkflowId } from '@caseflow/domain';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

// The audience is the customers' contacts, made through the customers API as the hotline makes them.
const CONTACTS = [
  { name: '王女士', phones: ['+8613900000001'], language: 'zh-CN', consent: true },
  { name: 'Ms Smith', emails: ['smith@example.com'], language: 'en', consent: true },
  { name: '李先生', phones: ['+8613900000003'], language: 'zh-CN', consent: false },
  { name: '赵女士', phones: ['+8613900000004'], language: 'zh-CN', consent: true },
] as const;
const made: { customerId: string; contactId: string }[] = [];

async function audience(consent: Record<number, boolean> = {}) {
  if (made.length === 0) {
    for (const contact of CONTACTS) {
      const res = await w
        .as('admin')
        .post('/api/customers')
        .send({ kind: 'person', name: contact.name, contacts: [contact] })
        .expect(201);
      made.push({ customerId: res.body.id, contactId: res.body.contacts[0].id });
    }
  }
  for (const [i, contact] of CONTACTS.entries()) {
    const { customerId, contactId } = made[i]!;
    await w
      .as('admin')
      .patch(`/api/customers/${customerId}/contacts/${contactId}`)
      .send({ consent: consent[i] ?? contact.consent })
      .expect(200);
  }
}

beforeAll(async () => {
  w = await createCasesWorld();
  await audience();
}, 120_000);

afterAll(async () => {
  await w?.close();
});

const TEXTS = {
  'zh-CN': '新春快乐！感谢您一年来的支持。',
  en: 'Happy Spring Festival! Thank you for your support.',
};

const messages = (campaignId: string) =>
  w.query<{ recipient_address: string; language: string; body: string; channel: string }>(
    `SELECT "recipient_address", "language", "body", "channel" FROM "notifications"
      WHERE "template" = 'care_message' AND "data"->>'campaignId' = $1 ORDER BY "recipient_address"`,
    [campaignId],
  );

describe('care campaigns', () => {
  it('refuses bad input naming the field, and a forbidden phrase, storing nothing', async () => {
    const bad = await w
      .as('admin')
      .post('/api/care-campaigns')
      .send({ kind: 'spam', title: '', sendAt: 'soon' })
      .expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['kind', 'sendAt', 'texts', 'title']);
    const forbidden = await w
      .as('admin')
      .post('/api/care-campaigns')
      .send({
        kind: 'company_news',
        title: '通知',
        texts: { ...TEXTS, 'zh-CN': '新产品上市，有问题找别人吧' },
        sendAt: new Date().toISOString(),
      })
      .expect(422);
    expect(Object.keys(forbidden.body.errors)).toEqual(['texts.zh-CN']);
    await w.as('quality').post('/api/care-campaigns').send({}).expect(403);
    expect(await w.query(`SELECT 1 FROM "care_campaigns"`)).toEqual([]);
  });

  it('sends on its date to the consenting contacts only, each in their language, once; an opt-out before then is honoured', async () => {
    const created = await w
      .as('admin')
      .post('/api/care-campaigns')
      .send({
        kind: 'holiday_greeting',
        title: '2027 春节问候',
        texts: TEXTS,
        sendAt: new Date(Date.now() + 3000).toISOString(),
        ratePerMinute: 100,
      })
      .expect(201);
    expect(created.body.status).toBe('scheduled');
    // 赵女士 opts out before the date.
    await audience({ 3: false });
    const done = await eventually(async () => {
      const c = await w.as('quality').get(`/api/care-campaigns/${created.body.id}`).expect(200);
      expect(c.body.status).toBe('completed');
      return c.body;
    }, 20_000);
    expect(done).toMatchObject({ audience: 2, deliveries: { queued: 2 } });
    const sent = await messages(created.body.id);
    expect(sent).toEqual([
      { recipient_address: '+8613900000001', language: 'zh-CN', body: TEXTS['zh-CN'], channel: 'sms' },
      { recipient_address: 'smith@example.com', language: 'en', body: TEXTS.en, channel: 'email' },
    ]);
    await audience();
  });

  it('queues no more than its rate a minute, and a cancelled campaign queues nothing more', async () => {
    const created = await w
      .as('admin')
      .post('/api/care-campaigns')
      .send({
        kind: 'company_news',
        title: '新服务热线',
        texts: TEXTS,
        sendAt: new Date().toISOString(),
        ratePerMinute: 2,
      })
      .expect(201);
    const id = created.body.id as string;
    await eventually(async () => expect(await messages(id)).toHaveLength(2), 20_000);
    const c = (await w.as('admin').get(`/api/care-campaigns/${id}`).expect(200)).body;
    expect(c).toMatchObject({ status: 'sending', audience: 3, deliveries: { queued: 2, pending: 1 } });
    const cancelled = await w
      .as('admin')
      .post(`/api/care-campaigns/${id}/cancel`)
      .send({ reason: 'Wrong number in the text' })
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await w.as('admin').post(`/api/care-campaigns/${id}/cancel`).send({ reason: 'again' }).expect(409);
    const result = await w.env.client.workflow.getHandle(careCampaignWorkflowId(id)).result();
    expect(result).toMatchObject({ status: 'cancelled', queued: 2 });
    expect(await messages(id)).toHaveLength(2);
  });
});
