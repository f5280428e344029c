// The forbidden phrases of the service standards: a list an admin edits (audited), seeded from the
// standards; every text that goes to a customer (templates on save, the customer-facing texts of case and
// complaint actions) is refused with a 422 naming the field, the phrase and the standard alternative, and
// nothing is saved or done. Internal notes are not customer-facing and are not checked.
import request from 'supertest';
import { createCasesWorld, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
});

interface Phrase {
  id: string;
  phrase: string;
  alternative: string;
  language: string;
}

const admin = () => ({
  post: (url: string) => w.as('admin').post(url),
  patch: (url: string) =>
    request(w.app.getHttpServer()).patch(url).set('Authorization', `Bearer ${w.tokens.admin}`),
  put: (url: string) =>
    request(w.app.getHttpServer()).put(url).set('Authorization', `Bearer ${w.tokens.admin}`),
  delete: (url: string) =>
    request(w.app.getHttpServer()).delete(url).set('Authorization', `Bearer ${w.tokens.admin}`),
});

const audits = (action: string) =>
  w.query<{ entity_id: string; before: unknown; after: unknown }>(
    `SELECT "entity_id", "before", "after" FROM "audit_log" WHERE "action" = $1 ORDER BY "at"`,
    [action],
  );

describe('the list', () => {
  it('is seeded with the eight phrases of the standards, each with its standard alternative', async () => {
    const list = (await w.as('operator').get('/api/forbidden-phrases').expect(200)).body as Phrase[];
    const chinese = list.filter((p) => p.language === 'zh-CN').map((p) => p.phrase);
    expect(chinese).toEqual([
      '我不知道',
      '那不是我的工作',
      '你应该找经理去说',
      '你冷静点儿',
      '明天再论',
      '不关我事',
      '找别人吧',
      '没法子',
    ]);
    expect(list.find((p) => p.phrase === '我不知道')!.alternative).toBe('请让我帮帮忙');
    expect(list.every((p) => p.alternative.length > 0)).toBe(true);
  });

  it('is edited by an admin only, every change audited with before and after', async () => {
    await w
      .as('supervisor')
      .post('/api/forbidden-phrases')
      .send({ phrase: '等着吧', alternative: '请您稍等两分钟，我马上查', language: 'zh-CN' })
      .expect(403);
    const created = (
      await admin()
        .post('/api/forbidden-phrases')
        .send({ phrase: '等着吧', alternative: '请您稍等两分钟，我马上查', language: 'zh-CN' })
        .expect(201)
    ).body as Phrase;
    expect((await audits('forbidden_phrase.create')).map((a) => a.entity_id)).toEqual([created.id]);

    const changed = (
      await admin()
        .patch(`/api/forbidden-phrases/${created.id}`)
        .send({ alternative: '请您稍等，我两分钟内回复您' })
        .expect(200)
    ).body as Phrase;
    expect(changed).toMatchObject({ phrase: '等着吧', alternative: '请您稍等，我两分钟内回复您' });
    const [update] = await audits('forbidden_phrase.update');
    expect(update.before).toMatchObject({ alternative: '请您稍等两分钟，我马上查' });
    expect(update.after).toMatchObject({ alternative: '请您稍等，我两分钟内回复您' });

    await admin().delete(`/api/forbidden-phrases/${created.id}`).expect(204);
    expect(await audits('forbidden_phrase.delete')).toHaveLength(1);
    await admin().delete(`/api/forbidden-phrases/${created.id}`).expect(404);
  });

  it('refuses a phrase already on the list (spaces and case aside) with 409, and bad input naming the field', async () => {
    const before = await w.query(`SELECT 1 FROM "forbidden_phrases"`);
    const dup = await admin()
      .post('/api/forbidden-phrases')
      .send({ phrase: ' 我 不知道 ', alternative: 'x', language: 'zh-CN' })
      .expect(409);
    expect(dup.body.message).toBe('"我不知道" is already forbidden.');
    await admin()
      .post('/api/forbidden-phrases')
      .send({ phrase: "i DON'T know", alternative: 'x', language: 'en' })
      .expect(409);
    const bad = await admin()
      .post('/api/forbidden-phrases')
      .send({ phrase: '', alternative: '', language: 'fr' })
      .expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['alternative', 'language', 'phrase']);
    await admin().patch('/api/forbidden-phrases/not-an-id').send({ alternative: 'x' }).expect(404);
    expect(await w.query(`SELECT 1 FROM "forbidden_phrases"`)).toHaveLength(before.length);
  });

  it('checks a text for the console before it is sent', async () => {
    const clean = await w
      .as('operator')
      .post('/api/forbidden-phrases/check')
      .send({ text: '请让我帮帮忙' })
      .expect(200);
    expect(clean.body).toEqual({ clean: true, hits: [] });
    const dirty = await w
      .as('operator')
      .post('/api/forbidden-phrases/check')
      .send({ text: '这个我不知道，找别人吧' })
      .expect(200);
    expect(dirty.body.clean).toBe(false);
    expect(dirty.body.hits).toEqual([
      { field: 'text', phrase: '我不知道', alternative: '请让我帮帮忙' },
      { field: 'text', phrase: '找别人吧', alternative: '我帮您转给能解决的同事' },
    ]);
  });
});

describe('templates', () => {
  it('refuses to save a template with a forbidden phrase, naming the field, the phrase and the alternative', async () => {
    const [{ type }] = await w.query<{ type: string }>(
      `SELECT "type" FROM "notification_templates" WHERE "language" = 'zh-CN' ORDER BY "type" LIMIT 1`,
    );
    const before = (await w.as('admin').get(`/api/notification-templates/${type}/zh-CN`).expect(200))
      .body as {
      subject: string;
      body: string;
    };
    const res = await admin()
      .put(`/api/notification-templates/${type}/zh-CN`)
      .send({ subject: before.subject, body: '您好，这个问题我不知道，明天再论。' })
      .expect(422);
    expect(res.body.errors).toEqual({
      body: [
        'body contains the forbidden phrase "我不知道": say "请让我帮帮忙" instead',
        'body contains the forbidden phrase "明天再论": say "我会在约定的时间内给您答复" instead',
      ],
    });
    expect(res.body.details.forbiddenPhrases[0]).toEqual({
      field: 'body',
      phrase: '我不知道',
      alternative: '请让我帮帮忙',
    });
    const after = (await w.as('admin').get(`/api/notification-templates/${type}/zh-CN`).expect(200)).body as {
      body: string;
    };
    expect(after.body).toBe(before.body);
  });

  it('answers the refusal in Chinese to a Chinese-speaking admin', async () => {
    await w.query(`UPDATE "users" SET "language" = 'zh-CN' WHERE "id" = $1`, [w.userIds.admin]);
    try {
      const [{ type }] = await w.query<{ type: string }>(
        `SELECT "type" FROM "notification_templates" WHERE "language" = 'zh-CN' ORDER BY "type" LIMIT 1`,
      );
      const res = await admin()
        .put(`/api/notification-templates/${type}/zh-CN`)
        .send({ subject: '通知', body: '没法子' })
        .expect(422);
      expect(res.body.errors.body).toEqual(['body 含有服务规范禁止的用语“没法子”：请改说“我们一起来想办法”']);
    } finally {
      await w.query(`UPDATE "users" SET "language" = 'en' WHERE "id" = $1`, [w.userIds.admin]);
    }
  });
});

describe('case and complaint actions', () => {
  let number: string;

  beforeAll(async () => {
    number = (
      (
        await w
          .as('operator')
          .post('/api/cases')
          .send({
            kind: 'service_request',
            channel: 'phone',
            category: 'technical',
            branchId: 'sh',
            customer: { name: 'Phrase test', phone: '13900000077', tier: 'standard' },
            description: 'Printer jams',
          })
          .expect(201)
      ).body as { number: string }
    ).number;
    await w
      .as('operator')
      .post(`/api/cases/${number}/actions/assign`)
      .send({ assigneeId: w.org.engineerId })
      .expect(200);
    await w.as('engineer').post(`/api/cases/${number}/actions/contact`).send({}).expect(200);
    await w.as('engineer').post(`/api/cases/${number}/actions/start`).send({}).expect(200);
  }, 60_000);

  it('refuses test instructions for the customer that contain a forbidden phrase; the case does not move', async () => {
    const res = await w
      .as('engineer')
      .post(`/api/cases/${number}/actions/request-customer-test`)
      .send({ instructions: 'Try it again. If it fails: nothing can be done.' })
      .expect(422);
    expect(res.body.errors).toEqual({
      instructions: [
        'instructions contains the forbidden phrase "Nothing can be done": say "Let\'s find a way together" instead',
      ],
    });
    const kase = (await w.as('engineer').get(`/api/cases/${number}`).expect(200)).body as { state: string };
    expect(kase.state).toBe('in_progress');
  });

  it('refuses a resolution summary (told to the customer) with a forbidden phrase', async () => {
    const res = await w
      .as('engineer')
      .post(`/api/cases/${number}/actions/resolve`)
      .send({ summary: '换了滚轮。别的不关我事。' })
      .expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['summary']);
  });

  it('does not check internal notes: they never reach the customer', async () => {
    await w
      .as('engineer')
      .post(`/api/cases/${number}/actions/add-note`)
      .send({ note: 'Customer said: "I don\'t know" the model number' })
      .expect(200);
  });

  it('applies a phrase an admin adds at once', async () => {
    const added = (
      await admin()
        .post('/api/forbidden-phrases')
        .send({ phrase: 'not our problem', alternative: 'I will sort it out for you', language: 'en' })
        .expect(201)
    ).body as Phrase;
    await w
      .as('engineer')
      .post(`/api/cases/${number}/actions/request-customer-test`)
      .send({ instructions: 'Paper jams are not our problem' })
      .expect(422);
    await admin().delete(`/api/forbidden-phrases/${added.id}`).expect(204);
    await w
      .as('engineer')
      .post(`/api/cases/${number}/actions/request-customer-test`)
      .send({ instructions: 'Print ten pages tomorrow morning' })
      .expect(200);
  });

  it('refuses a complaint answer promised to the customer that contains a forbidden phrase', async () => {
    const complaint = (
      await w
        .as('operator')
        .post('/api/complaints')
        .send({
          source: 'phone',
          category: 'technical',
          complexity: 'simple',
          customer: { name: '韩梅梅', phone: '+86 139-0013-9001', tier: 'standard' },
          description: 'Nobody came',
          branchId: 'sh',
        })
        .expect(201)
    ).body as { number: string };
    const act = (action: string, body: object) =>
      w.as('supervisor').post(`/api/complaints/${complaint.number}/actions/${action}`).send(body);
    await act('acknowledge', {}).expect(200);
    const res = await act('promise-answer', { answer: '你应该找经理去说' }).expect(422);
    expect(res.body.errors.answer).toEqual([
      'answer contains the forbidden phrase "你应该找经理去说": say "我请经理来帮您处理" instead',
    ]);
    await act('promise-answer', { answer: '我们周五前给您换一台新打印机' }).expect(200);
  });
});
