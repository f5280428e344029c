// The complaint API end to end: the HTTP API in process, a real worker running the real complaint workflow
// against the dev server (wall-clock time), and PostgreSQL with the migrated complaint policy. One world
// for the file; tests build on each other as a complaint's handling would.
import request from 'supertest';
import { COMPLAINT_ACTIONS } from '@caseflow/domain';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

interface Commitment {
  id: string;
  kind: string;
  round: number;
  status: string;
  dueAt?: string;
  startedAt: string;
  breached: boolean;
}
interface Complaint {
  source: string;
  id: string;
  number: string;
  workflowId: string;
  state: string;
  department: string;
  round: number;
  roundLimit: number;
  rounds: {
    round: number;
    outcome: string;
    forwardedTo?: {
      department: string;
      supervisor?: { staffId: string | null };
      qualityDesk?: { staffId: string | null };
    };
    report?: { penaltiesProposed: number };
    commitmentIds: string[];
  }[];
  commitments: Commitment[];
  allowedActions: string[];
  policy: { id: string; version: number };
  sourceCaseNumber?: string;
  closeReason?: string;
  timeline?: { seq: number; round: number; type: string; actor: string; summary: string }[];
}

function intake(overrides: Record<string, unknown> = {}) {
  return {
    source: 'phone',
    category: 'technical',
    complexity: 'simple',
    customer: { name: '韩梅梅 Han Mei', phone: '+86 139-0013-9000', tier: 'standard' },
    description: 'The engineer left the printer in pieces',
    branchId: 'sh',
    ...overrides,
  };
}

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
});

async function raise(body: object = intake(), who: 'operator' | 'quality' = 'operator'): Promise<Complaint> {
  return (await w.as(who).post('/api/complaints').send(body).expect(201)).body as Complaint;
}

const detail = async (number: string) =>
  (await w.as('supervisor').get(`/api/complaints/${number}`).expect(200)).body as Complaint;

const act = (
  number: string,
  action: string,
  body: object,
  who: 'supervisor' | 'quality' | 'admin' = 'supervisor',
) => w.as(who).post(`/api/complaints/${number}/actions/${action}`).send(body);

async function throughTheRound(
  number: string,
  report: object = { cause: 'x', actionTaken: 'y', staffInvolved: [] },
) {
  await act(number, 'acknowledge', {}).expect(200);
  await act(number, 'promise-answer', { answer: 'A new printer by Friday' }).expect(200);
  await act(number, 'contact', {}).expect(200);
  await act(number, 'deliver-result', { result: 'Printer replaced', inPerson: true }).expect(200);
  return (await act(number, 'report', report).expect(200)).body as Complaint;
}

const count = async (sql: string, params: unknown[] = []) =>
  Number((await w.query<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) x`, params))[0].n);

describe('intake', () => {
  let first: Complaint;

  it('logs a phone complaint, forwards it to the tech-support supervisor with the complaint desk copied, and tells the customer', async () => {
    first = await raise();
    expect(first.number).toMatch(/^C\d{8}-\d{4}$/);
    expect(first).toMatchObject({
      id: first.number,
      state: 'forwarded',
      department: 'tech_support',
      round: 1,
      roundLimit: 3,
      allowedActions: ['acknowledge'],
      policy: { id: 'complaints', version: 1 },
      source: 'phone',
    });
    expect(first.rounds[0].forwardedTo).toMatchObject({
      department: 'tech_support',
      supervisor: { staffId: w.org.supervisorId },
      qualityDesk: { staffId: w.org.qualityId },
    });
    // A phone complaint: reply within 1 working day and handled within 3 working days (plus the rest).
    expect(first.commitments.map((c) => c.id).sort()).toEqual([
      'complaint_acknowledge#1',
      'complaint_answer#1',
      'complaint_contact#1',
      'complaint_handling#1',
      'complaint_result#1',
    ]);
    const staff = await w.query<{ recipient_staff_id: string; template: string; channel: string }>(
      `SELECT "recipient_staff_id", "template", "channel" FROM "notifications"
        WHERE "case_number" = $1 AND "recipient_kind" = 'staff' ORDER BY "recipient_staff_id", "channel"`,
      [first.number],
    );
    expect(
      staff
        .filter((n) => n.channel === 'in_app')
        .map((n) => n.recipient_staff_id)
        .sort(),
    ).toEqual([w.org.supervisorId, w.org.qualityId].sort());
    expect(new Set(staff.map((n) => n.template))).toEqual(new Set(['complaint_forwarded']));
    const [customer] = await w.query<{
      template: string;
      recipient_address: string;
      data: { answerBy: string };
    }>(
      `SELECT "template", "recipient_address", "data" FROM "notifications"
        WHERE "case_number" = $1 AND "recipient_kind" = 'customer'`,
      [first.number],
    );
    expect(customer).toMatchObject({
      template: 'complaint_acknowledgement',
      recipient_address: '+8613900139000',
    });
    expect(customer.data.answerBy).toBe(first.commitments.find((c) => c.kind === 'complaint_answer')!.dueAt);
  });

  it('shows the complaint with its rounds, commitments and timeline', async () => {
    const shown = await detail(first.number);
    expect(shown.timeline!.map((e) => [e.round, e.type])).toEqual([
      [0, 'complaint_received'],
      [1, 'forwarded'],
    ]);
    expect(shown.timeline![0]).toMatchObject({ actor: 'operator.e2e' });
    expect(shown.timeline![1].summary).toMatch(/^Round 1: forwarded to the tech support supervisor \(Li/);
  });

  it('answers a retried intake (same Idempotency-Key) with the same complaint, 200, and raises no second', async () => {
    const key = 'complaint-retry-1';
    const a = await w
      .as('operator')
      .post('/api/complaints')
      .set('Idempotency-Key', key)
      .send(intake())
      .expect(201);
    const b = await w
      .as('operator')
      .post('/api/complaints')
      .set('Idempotency-Key', key)
      .send(intake())
      .expect(200);
    expect(b.body.number).toBe(a.body.number);
    expect(await count(`SELECT 1 FROM "complaints" WHERE "number" = $1`, [a.body.number])).toBe(1);
  });

  it('refuses an Idempotency-Key reused with a different body (422 naming the key) and raises nothing', async () => {
    const key = 'complaint-retry-2';
    const a = await w
      .as('operator')
      .post('/api/complaints')
      .set('Idempotency-Key', key)
      .send(intake())
      .expect(201);
    const before = await count(`SELECT 1 FROM "complaint_numbers"`);
    const reused = await w
      .as('operator')
      .post('/api/complaints')
      .set('Idempotency-Key', key)
      .send(intake({ complexity: 'complex' }))
      .expect(422);
    expect(reused.body.errors).toEqual({
      'Idempotency-Key': [expect.stringMatching(/already used for a different request/)],
    });
    expect(await count(`SELECT 1 FROM "complaint_numbers"`)).toBe(before);
    const retry = await w
      .as('operator')
      .post('/api/complaints')
      .set('Idempotency-Key', key)
      .send(intake())
      .expect(200);
    expect(retry.body.number).toBe(a.body.number);
  });

  it('still accepts the deprecated source "hotline" as phone: stored, answered and timed as a phone complaint', async () => {
    const legacy = await raise(intake({ source: 'hotline' }));
    expect(legacy.source).toBe('phone');
    expect(legacy.commitments.map((c) => c.kind)).toEqual(
      expect.arrayContaining(['complaint_contact', 'complaint_handling']),
    );
    const rows = await w.query(
      `SELECT "source", "view"->>'source' AS "viewed" FROM "complaints" WHERE "number" = $1`,
      [legacy.number],
    );
    expect(rows).toEqual([{ source: 'phone', viewed: 'phone' }]);
  });

  it('links a complaint to the case it is about', async () => {
    const kase = await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        // (A service-quality call is refused as a case: the complaint about this repair is one.)
        category: 'technical',
        customer: { name: 'Han Mei', phone: '13900139000', tier: 'standard' },
        description: 'Printer',
        branchId: 'sh',
      })
      .expect(201);
    const linked = await raise(
      intake({ category: 'service', sourceCaseNumber: kase.body.number }),
      'quality',
    );
    expect(linked).toMatchObject({ department: 'customer_service', sourceCaseNumber: kase.body.number });
  });

  it('names each invalid field in a 422 and raises nothing', async () => {
    const before = await count(`SELECT 1 FROM "complaints"`);
    const res = await w
      .as('operator')
      .post('/api/complaints')
      .send({
        source: 'callback',
        category: 'weather',
        complexity: 'hard',
        customer: { name: '', phone: 'call me', tier: 'platinum' },
        description: '',
        receivedAt: '2020-01-01T00:00:00Z',
        surprise: true,
      })
      .expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors).sort()).toEqual(
      [
        'category',
        'complexity',
        'customer.name',
        'customer.phone',
        'customer.tier',
        'description',
        'receivedAt',
        'source',
        'surprise',
      ].sort(),
    );
    const unknown = await w
      .as('operator')
      .post('/api/complaints')
      .set('Idempotency-Key', 'bad key with spaces')
      .send(intake({ branchId: 'atlantis', sourceCaseNumber: '20261122-07-9999' }))
      .expect(422);
    expect(unknown.body.errors).toEqual({
      'Idempotency-Key': ['Idempotency-Key must be 1–200 printable ASCII characters'],
      branchId: ['there is no branch "atlantis"'],
      sourceCaseNumber: ['there is no case "20261122-07-9999"'],
    });
    expect(await count(`SELECT 1 FROM "complaints"`)).toBe(before);
  });

  it('lets operators, supervisors, quality and admins log complaints, and keeps engineers out (403), strangers out (401)', async () => {
    const forbidden = await w.as('engineer').post('/api/complaints').send(intake()).expect(403);
    expect(forbidden.body.details.requiredRoles).toEqual(['operator', 'supervisor', 'quality', 'admin']);
    await w.as('engineer').get('/api/complaints').expect(403);
    await w.as('engineer').get(`/api/complaints/${first.number}`).expect(403);
    await request(w.app.getHttpServer()).get('/api/complaints').expect(401);
    await w.as('admin').post('/api/complaints').send(intake()).expect(201);
  });

  it('answers 404 for an unknown complaint, for something that is not a complaint number, and for an unknown action', async () => {
    const unknown = await w.as('supervisor').get('/api/complaints/C20261122-9999').expect(404);
    expect(unknown.body).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Complaint C20261122-9999 was not found.',
    });
    await act('C20261122-9999', 'acknowledge', {}).expect(404);
    const garbage = await w.as('supervisor').get('/api/complaints/not-a-complaint').expect(404);
    expect(garbage.body.message).toMatch(/is not a complaint number/);
    const teleport = await act(first.number, 'teleport', {}).expect(404);
    expect(teleport.body.details.actions).toEqual([...COMPLAINT_ACTIONS]);
  });
});

describe('handling', () => {
  let c: Complaint;
  const timelineLength = async () => (await detail(c.number)).timeline!.length;

  beforeAll(async () => {
    c = await raise();
  });

  it('refuses an action the state does not allow with 409, the state and the allowed actions, writing nothing', async () => {
    const length = await timelineLength();
    const res = await act(c.number, 'contact', {}).expect(409);
    expect(res.body).toMatchObject({
      code: 'INVALID_STATE',
      details: { state: 'forwarded', allowedActions: ['acknowledge'] },
    });
    await act(c.number, 'close', { reason: 'bored' }).expect(409);
    expect(await timelineLength()).toBe(length);
  });

  it('lets only supervisors, quality and admins act (403 for operators and engineers)', async () => {
    const res = await w
      .as('operator')
      .post(`/api/complaints/${c.number}/actions/acknowledge`)
      .send({})
      .expect(403);
    expect(res.body.details.requiredRoles).toEqual(['supervisor', 'quality', 'admin']);
    await w.as('engineer').post(`/api/complaints/${c.number}/actions/acknowledge`).send({}).expect(403);
  });

  it('acknowledges, promises a clear answer once, contacts, delivers the result', async () => {
    const acknowledged = (await act(c.number, 'acknowledge', { note: 'on it' }).expect(200))
      .body as Complaint;
    expect(acknowledged).toMatchObject({
      state: 'acknowledged',
      allowedActions: ['promise-answer', 'contact'],
    });
    expect(acknowledged.commitments.find((x) => x.id === 'complaint_acknowledge#1')!.status).toBe('met');

    const bad = await act(c.number, 'promise-answer', { answer: ' ', answerBy: 'tomorrow' }).expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['answer', 'answerBy']);
    const promised = (
      await act(c.number, 'promise-answer', { answer: 'A new printer by Friday' }, 'quality').expect(200)
    ).body as Complaint;
    expect(promised.allowedActions).toEqual(['contact']);
    await act(c.number, 'promise-answer', { answer: 'again' }).expect(409);

    const contacted = (await act(c.number, 'contact', {}).expect(200)).body as Complaint;
    expect(contacted.state).toBe('in_handling');

    const noResult = await act(c.number, 'deliver-result', { inPerson: 'yes' }).expect(422);
    expect(Object.keys(noResult.body.errors).sort()).toEqual(['inPerson', 'result']);
    const delivered = (
      await act(c.number, 'deliver-result', { result: 'Replaced', inPerson: true }).expect(200)
    ).body as Complaint;
    expect(delivered).toMatchObject({ state: 'result_delivered', allowedActions: ['report'] });
    expect(delivered.commitments.find((x) => x.id === 'complaint_report#1')!.status).toBe('running');
  });

  it('refuses a bad handling report naming each field, and unknown staff, with nothing written', async () => {
    const length = await timelineLength();
    const invalid = await act(c.number, 'report', {
      cause: '',
      actionTaken: 'Retrained',
      staffInvolved: [
        { staffId: w.org.engineerId, penalty: 'fine' },
        { staffId: 'not-a-uuid', penalty: 'sacked' },
        { staffId: w.org.engineerId, penalty: 'warning', amount: 5 },
      ],
    }).expect(422);
    expect(Object.keys(invalid.body.errors).sort()).toEqual([
      'cause',
      'staffInvolved.0.amount',
      'staffInvolved.1.penalty',
      'staffInvolved.1.staffId',
      'staffInvolved.2.amount',
    ]);
    const nobody = '00000000-0000-4000-8000-000000000000';
    const unknown = await act(c.number, 'report', {
      cause: 'x',
      actionTaken: 'y',
      staffInvolved: [{ staffId: nobody, penalty: 'warning' }],
    }).expect(422);
    expect(unknown.body.errors).toEqual({
      'staffInvolved.0.staffId': [`no staff member has the id "${nobody}"`],
    });
    expect(await timelineLength()).toBe(length);
    expect(await count(`SELECT 1 FROM "penalties" WHERE "complaint_number" = $1`, [c.number])).toBe(0);
  });

  it('files the handling report: a fine proposed against the engineer becomes a pending penalty', async () => {
    const reported = (
      await act(c.number, 'report', {
        cause: 'The engineer lost his temper',
        actionTaken: 'Apologised in person',
        staffInvolved: [
          { staffId: w.org.engineerId, penalty: 'fine', amount: 200 },
          { staffId: w.org.secondEngineerId, penalty: 'none' },
        ],
      }).expect(200)
    ).body as Complaint;
    expect(reported).toMatchObject({ state: 'awaiting_callback', allowedActions: ['record-callback'] });
    expect(reported.rounds[0].report).toMatchObject({ penaltiesProposed: 1 });
    const penalties = await w.query(
      `SELECT "staff_id", "kind", "amount", "reason", "source", "state", "proposed_by", "idempotency_key"
         FROM "penalties" WHERE "complaint_number" = $1`,
      [c.number],
    );
    expect(penalties).toEqual([
      {
        staff_id: w.org.engineerId,
        kind: 'fine',
        amount: '200.00',
        reason: 'The engineer lost his temper',
        source: 'complaint',
        state: 'proposed',
        proposed_by: 'supervisor.e2e',
        idempotency_key: `complaint-${c.number}-round-1-${w.org.engineerId}`,
      },
    ]);
  });

  it('records a callback the customer is not satisfied with: round 2, forwarded again with fresh commitments', async () => {
    const bad = await act(c.number, 'record-callback', { satisfied: 'meh' }).expect(422);
    expect(Object.keys(bad.body.errors)).toEqual(['satisfied']);
    const second = (
      await act(c.number, 'record-callback', { satisfied: false, remarks: 'still broken' }).expect(200)
    ).body as Complaint;
    expect(second).toMatchObject({ state: 'forwarded', round: 2, allowedActions: ['acknowledge'] });
    expect(second.rounds.map((r) => r.outcome)).toEqual(['not_satisfied', 'open']);
    expect(
      second.commitments
        .filter((x) => x.round === 2 && x.status === 'running')
        .map((x) => x.kind)
        .sort(),
    ).toEqual([
      'complaint_acknowledge',
      'complaint_answer',
      'complaint_contact',
      'complaint_handling',
      'complaint_result',
    ]);
    const shown = await detail(c.number);
    expect(shown.timeline!.filter((e) => e.type === 'forwarded').map((e) => e.round)).toEqual([1, 2]);
  });

  it('archives the complaint when the customer is satisfied; then every action is a 409', async () => {
    await throughTheRound(c.number);
    const archived = (await act(c.number, 'record-callback', { satisfied: true }).expect(200))
      .body as Complaint;
    expect(archived).toMatchObject({ state: 'archived', allowedActions: [] });
    await eventually(async () => {
      const res = await act(c.number, 'acknowledge', {}).expect(409);
      expect(res.body.details).toEqual({ state: 'archived', allowedActions: [] });
    });
    expect((await detail(c.number)).timeline!.at(-1)!.type).toBe('archived');
  });
});

describe('the round limit', () => {
  it('sends the complaint to the GM office after the limit (settings), who closes it with a reason', async () => {
    await w.query(
      `INSERT INTO "settings" ("key", "value") VALUES ('complaints', '{"roundLimit": 1}'::jsonb)
       ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value"`,
    );
    try {
      const c = await raise(intake({ category: 'sales', source: 'letter' }));
      expect(c).toMatchObject({ roundLimit: 1, department: 'product_division' });
      await throughTheRound(c.number);
      const review = (await act(c.number, 'record-callback', { satisfied: false }).expect(200))
        .body as Complaint;
      expect(review).toMatchObject({ state: 'gm_review', allowedActions: ['close'] });
      const [gm] = await w.query<{ recipient_staff_id: string }>(
        `SELECT "recipient_staff_id" FROM "notifications" WHERE "case_number" = $1 AND "template" = 'complaint_gm_review'
            AND "channel" = 'in_app'`,
        [c.number],
      );
      expect(gm.recipient_staff_id).toBe(w.org.gmOfficeId);
      const noReason = await act(c.number, 'close', {}, 'admin').expect(422);
      expect(Object.keys(noReason.body.errors)).toEqual(['reason']);
      const closed = (await act(c.number, 'close', { reason: 'Refund granted' }, 'admin').expect(200))
        .body as Complaint;
      expect(closed).toMatchObject({ state: 'closed', closeReason: 'Refund granted', allowedActions: [] });
    } finally {
      await w.query(`DELETE FROM "settings" WHERE "key" = 'complaints'`);
    }
  });
});

describe('the list', () => {
  it('filters by state, department, round and breached, with paging', async () => {
    const all = (await w.as('quality').get('/api/complaints?pageSize=100').expect(200)).body as {
      items: Complaint[];
      total: number;
    };
    expect(all.total).toBe(all.items.length);
    const byState = (await w.as('quality').get('/api/complaints?state=archived,closed').expect(200)).body;
    expect(byState.items.map((x: Complaint) => x.state).sort()).toEqual(['archived', 'closed']);
    const sales = (await w.as('quality').get('/api/complaints?department=product_division').expect(200)).body;
    expect(sales.items.map((x: Complaint) => x.department)).toEqual(['product_division']);
    const round2 = (await w.as('quality').get('/api/complaints?round=2').expect(200)).body;
    expect(round2.items).toHaveLength(1);
    expect(round2.items[0].state).toBe('archived');
    const unbreached = (await w.as('quality').get('/api/complaints?breached=false&pageSize=100').expect(200))
      .body;
    expect(unbreached.total).toBe(all.total); // nothing has been late yet
    expect((await w.as('quality').get('/api/complaints?breached=true').expect(200)).body.total).toBe(0);
    const page = (await w.as('quality').get('/api/complaints?pageSize=2&page=2').expect(200)).body;
    expect(page).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(page.items.map((x: Complaint) => x.number)).toEqual(all.items.slice(2, 4).map((x) => x.number));
    const bad = await w
      .as('quality')
      .get('/api/complaints?state=lost&department=moon&round=0&breached=maybe')
      .expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['breached', 'department', 'round', 'state']);
  });
});
