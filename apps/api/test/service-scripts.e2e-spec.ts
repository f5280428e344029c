// The service catalogue and the standard phrases: seeded from the standards in zh-CN and en, shown to
// every signed-in user, edited by admins only (audited); every word is said to customers, so a forbidden
// phrase is refused, and a phrase may use only its situation's placeholders.
import request from 'supertest';
import { createCasesWorld, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
});

const put = (who: 'admin' | 'operator', url: string) =>
  request(w.app.getHttpServer()).put(url).set('Authorization', `Bearer ${w.tokens[who]}`);

interface Words {
  name: string;
  documents: string[];
  forms: string[];
  tellCustomer: string[];
}
interface ServiceType {
  serviceType: string;
  'zh-CN': Words;
  en: Words;
}

describe('the service catalogue', () => {
  it('is seeded with the four service types, each with documents, forms and what to tell the customer in both languages', async () => {
    const list = (await w.as('operator').get('/api/service-catalogue').expect(200)).body as ServiceType[];
    expect(list.map((t) => t.serviceType)).toEqual([
      'on_site_repair',
      'carry_in_repair',
      'installation',
      'maintenance',
    ]);
    for (const type of list) {
      for (const language of ['zh-CN', 'en'] as const) {
        expect(type[language].name).toBeTruthy();
        expect(type[language].documents.length).toBeGreaterThan(0);
        expect(type[language].forms.length).toBeGreaterThan(0);
        expect(type[language].tellCustomer.length).toBeGreaterThan(0);
      }
    }
    expect(list[0]['zh-CN'].name).toBe('上门维修');
  });

  it('is changed by an admin only, audited; bad words are refused naming the field and nothing changes', async () => {
    const [onSite] = (await w.as('operator').get('/api/service-catalogue').expect(200)).body as ServiceType[];
    const changed = {
      'zh-CN': { ...onSite['zh-CN'], documents: [...onSite['zh-CN'].documents, '设备安装位置照片'] },
      en: { ...onSite.en, documents: [...onSite.en.documents, 'A photo of where the device stands'] },
    };
    await put('operator', '/api/service-catalogue/on_site_repair').send(changed).expect(403);
    await put('admin', '/api/service-catalogue/teleportation').send(changed).expect(404);
    const missing = await put('admin', '/api/service-catalogue/on_site_repair')
      .send({ 'zh-CN': changed['zh-CN'] })
      .expect(422);
    expect(Object.keys(missing.body.errors)).toEqual(['en']);
    const forbidden = await put('admin', '/api/service-catalogue/on_site_repair')
      .send({
        ...changed,
        'zh-CN': { ...changed['zh-CN'], tellCustomer: ['工程师明天上门', '其他问题不关我事'] },
      })
      .expect(422);
    expect(forbidden.body.errors).toEqual({
      'zh-CN.tellCustomer[1]': [
        'zh-CN.tellCustomer[1] contains the forbidden phrase "不关我事": say "这件事由我来跟进" instead',
      ],
    });
    const saved = (await put('admin', '/api/service-catalogue/on_site_repair').send(changed).expect(200))
      .body as ServiceType;
    expect(saved['zh-CN'].documents.at(-1)).toBe('设备安装位置照片');
    const [again] = (await w.as('engineer').get('/api/service-catalogue').expect(200)).body as ServiceType[];
    expect(again.en.documents.at(-1)).toBe('A photo of where the device stands');
    const audits = await w.query(`SELECT 1 FROM "audit_log" WHERE "action" = 'service_catalogue.put'`);
    expect(audits).toHaveLength(1);
  });
});

describe('the standard phrases', () => {
  interface Phrase {
    situation: string;
    placeholders: string[];
    maxWaitSeconds?: number;
    'zh-CN': { text: string };
    en: { text: string };
  }

  it('are seeded for every situation of a call; asking to wait says for how long', async () => {
    const list = (await w.as('operator').get('/api/standard-phrases').expect(200)).body as Phrase[];
    expect(list.map((p) => p.situation)).toEqual([
      'greeting',
      'asking_to_wait',
      'transferring',
      'taking_a_message',
      'closing',
      'apologising',
      'accepting_complaint',
    ]);
    const wait = list.find((p) => p.situation === 'asking_to_wait')!;
    expect(wait.maxWaitSeconds).toBe(60);
    expect(wait['zh-CN'].text).toContain('{{waitSeconds}}');
    const complaint = list.find((p) => p.situation === 'accepting_complaint')!;
    expect(complaint.placeholders).toEqual(['answerBy']);
    expect(complaint.en.text).toContain('{{answerBy}}');
  });

  it('refuses a placeholder the situation does not have and a forbidden phrase; saves a good one, audited', async () => {
    const unknown = await put('admin', '/api/standard-phrases/closing')
      .send({ 'zh-CN': { text: '感谢来电，再见。' }, en: { text: 'Thanks {{customerName}}, goodbye.' } })
      .expect(422);
    expect(unknown.body.errors).toEqual({
      'en.text': ['en.text uses {{customerName}}: closing allows no placeholders'],
    });
    const forbidden = await put('admin', '/api/standard-phrases/asking_to_wait')
      .send({
        'zh-CN': { text: '你冷静点儿，等{{waitSeconds}}秒。' },
        en: { text: 'Hold on {{waitSeconds}} s.' },
      })
      .expect(422);
    expect(Object.keys(forbidden.body.errors)).toEqual(['zh-CN.text']);
    const saved = await put('admin', '/api/standard-phrases/asking_to_wait')
      .send({
        'zh-CN': { text: '请您稍等，我需要大约{{waitSeconds}}秒为您查询。' },
        en: { text: 'Please hold on for about {{waitSeconds}} seconds while I check.' },
        maxWaitSeconds: 90,
      })
      .expect(200);
    expect(saved.body).toMatchObject({ situation: 'asking_to_wait', maxWaitSeconds: 90 });
    const audits = await w.query(`SELECT 1 FROM "audit_log" WHERE "action" = 'standard_phrase.put'`);
    expect(audits).toHaveLength(1);
  });
});
