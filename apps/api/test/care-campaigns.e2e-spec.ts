// Customer care campaigns through the API, with a real worker: sent on their date to the contacts who
// consented (an opt-out before sending is honoured), each in their language, at most `ratePerMinute` a
// minute, each contact once; forbidden phrases refused; a cancelled campaign queues nothing more.
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

// The audience as the customers work will provide it (contacts with language and consent); here a stand-in.
const CONTACTS = [
  ['00000000-0000-4000-8000-000000000001', '王女士', '+8613900000001', null, 'zh-CN', true],
  ['00000000-0000-4000-8000-000000000002', 'Ms Smith', null, 'smith@example.com', 'en', true],
  ['00000000-0000-4000-8000-000000000003', '李先生', '+8613900000003', null, 'zh-CN', false],
  ['00000000-0000-4000-8000-000000000004', '赵女士', '+8613900000004', null, 'zh-CN', true],
] as const;

async function audience(consent: Record<number, boolean> = {}) {
  const rows = CONTACTS.map(
    ([id, name, phone, email, language, c], i) =>
      `('${id}'::uuid, '${name}', ${phone ? `'${phone}'` : 'NULL'}, ${email ? `'${email}'` : 'NULL'}, '${language}', ${consent[i] ?? c})`,
  );
  await w.query(`CREATE OR REPLACE VIEW "care_message_audience" AS
    SELECT * FROM (VALUES ${rows.join(', ')}) AS a("contact_id", "name", "phone", "email", "language", "consent")`);
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
    const result = await w.env.client.workflow.getHandle(`care-campaign-${id}`).result();
    expect(result).toMatchObject({ status: 'cancelled', queued: 2 });
    expect(await messages(id)).toHaveLength(2);
  });
});
