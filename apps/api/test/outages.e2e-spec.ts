// What the API says when Temporal is away, and how a client retries safely: every case and complaint
// action takes an Idempotency-Key, which becomes the workflow update's id, so an action sent twice (a
// retry after a lost answer) is applied once.
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';
import { closedPort, startApi } from './support';

interface TimelineEntry {
  type: string;
  summary: string;
}
interface Detail {
  number: string;
  state: string;
  timeline: TimelineEntry[];
}

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

async function newCase(): Promise<string> {
  const response = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: 'Wang Fang', phone: '+86 138-0013-8001', tier: 'standard' },
      description: 'The scanner stops half-way',
      branchId: 'sh',
    })
    .expect(201);
  const number = (response.body as { number: string }).number;
  await eventually(async () => expect((await detail(number)).timeline.length).toBeGreaterThan(0));
  return number;
}

async function detail(number: string): Promise<Detail> {
  return (await w.as('operator').get(`/api/cases/${number}`).expect(200)).body as Detail;
}

const notesSaying = async (number: string, text: string) =>
  (await detail(number)).timeline.filter((e) => e.summary.includes(text)).length;

describe('Idempotency-Key on actions', () => {
  it('adds a note once when add-note is sent twice with the same Idempotency-Key', async () => {
    const number = await newCase();
    const send = (key: string) =>
      w
        .as('operator')
        .post(`/api/cases/${number}/actions/add-note`)
        .set('Idempotency-Key', key)
        .send({ text: 'Customer asked for a morning visit' })
        .expect(200);
    const first = await send('note-1');
    const retry = await send('note-1');
    expect(retry.body).toMatchObject({ number, state: (first.body as Detail).state });
    await eventually(async () => expect(await notesSaying(number, 'morning visit')).toBe(1));
    // Another key is another note: the key names one action, not the text.
    await send('note-2');
    await eventually(async () => expect(await notesSaying(number, 'morning visit')).toBe(2));
  });

  it('lets the same key be used by two users without one answering for the other', async () => {
    const number = await newCase();
    for (const who of ['operator', 'supervisor'] as const) {
      await w
        .as(who)
        .post(`/api/cases/${number}/actions/add-note`)
        .set('Idempotency-Key', 'shared-key')
        .send({ text: `Seen by ${who}` })
        .expect(200);
    }
    await eventually(async () => {
      expect(await notesSaying(number, 'Seen by operator')).toBe(1);
      expect(await notesSaying(number, 'Seen by supervisor')).toBe(1);
    });
  });

  it('refuses a malformed Idempotency-Key with 422 naming the header, and does nothing', async () => {
    const number = await newCase();
    const response = await w
      .as('operator')
      .post(`/api/cases/${number}/actions/add-note`)
      .set('Idempotency-Key', 'has spaces in it')
      .send({ text: 'Should never land' })
      .expect(422);
    expect(response.body.errors).toHaveProperty('Idempotency-Key');
    expect(await notesSaying(number, 'Should never land')).toBe(0);
  });

  it('answers a complaint action retried with the same key like the first time, instead of 409', async () => {
    const raised = await w
      .as('operator')
      .post('/api/complaints')
      .send({
        source: 'hotline',
        category: 'technical',
        complexity: 'simple',
        customer: { name: 'Zhao Lei', phone: '+86 139-0013-9001', tier: 'standard' },
        description: 'Nobody came on the agreed day',
        branchId: 'sh',
      })
      .expect(201);
    const number = (raised.body as { number: string }).number;
    const acknowledge = (key?: string) => {
      const call = w.as('supervisor').post(`/api/complaints/${number}/actions/acknowledge`);
      return (key ? call.set('Idempotency-Key', key) : call).send({});
    };
    const first = await acknowledge('ack-1').expect(200);
    const retry = await acknowledge('ack-1').expect(200);
    expect(retry.body.state).toBe(first.body.state);
    // Without the key, the same action again is a second action, which the complaint refuses.
    await acknowledge().expect(409);
  });
});

describe('Temporal unreachable', () => {
  let cut: INestApplication;

  beforeAll(async () => {
    // The same database, but Temporal where nothing listens: as if the dev server had died.
    cut = await startApi({
      ...w.config,
      temporal: { ...w.config.temporal, address: `127.0.0.1:${await closedPort()}` },
    });
  }, 60_000);

  afterAll(async () => {
    await cut?.close();
  });

  it('answers 503 "not applied" with Retry-After when the action never reached Temporal, and nothing lands', async () => {
    const number = await newCase();
    const token = await w.app
      .get(JwtService)
      .signAsync({ sub: w.userIds.operator, username: 'operator.e2e' });
    const response = await request(cut.getHttpServer())
      .post(`/api/cases/${number}/actions/add-note`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'during-outage')
      .send({ text: 'Written during the outage' })
      .expect(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', outcome: 'not_applied' });
    // Sent again to the API that reaches Temporal: applied once.
    await w
      .as('operator')
      .post(`/api/cases/${number}/actions/add-note`)
      .set('Idempotency-Key', 'during-outage')
      .send({ text: 'Written during the outage' })
      .expect(200);
    await eventually(async () => expect(await notesSaying(number, 'during the outage')).toBe(1));
  }, 30_000);
});
