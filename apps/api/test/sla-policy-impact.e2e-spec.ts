// The impact of a policy change on the open cases, before it is published: each running commitment's
// deadline now and after the publish. The API in process, a real worker and dev server, PostgreSQL; the
// prediction is then held against what publishing to the open cases actually does.
import { DEFAULT_CALENDAR, DEFAULT_POLICY, createCalendar, type PolicyRule } from '@caseflow/sla';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

interface Case {
  number: string;
  commitments: { id: string; kind: string; startedAt: string; dueAt?: string }[];
  timeline?: unknown[];
}
interface Impact {
  policyId: string;
  version: number | null;
  total: number;
  movedTotal: number;
  moved: {
    caseNumber: string;
    commitmentId: string;
    kind: string;
    dueAt: string;
    newDueAt: string | null;
    estimate: boolean;
  }[];
}

let w: CasesWorld;
let kase: Case;

beforeAll(async () => {
  w = await createCasesWorld();
  const created = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: 'Sun Li', phone: '+86 136-0013-6000', tier: 'standard' },
      description: 'The copier smudges',
      branchId: 'sh',
    })
    .expect(201);
  kase = await eventually(async () => {
    const c = (
      await w
        .as('supervisor')
        .get(`/api/cases/${(created.body as Case).number}`)
        .expect(200)
    ).body as Case;
    expect(c.commitments.find((m) => m.kind === 'first_contact')?.dueAt).toBeDefined();
    return c;
  });
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

function rulesWith(kind: string, budget: { amount: number; unit: string }): PolicyRule[] {
  return DEFAULT_POLICY.rules.map((rule) => ({
    ...rule,
    commitments: rule.commitments.map((c) => (c.kind === kind ? { ...c, budget } : c)),
  })) as PolicyRule[];
}

const due = (c: Case, kind: string) => c.commitments.find((m) => m.kind === kind)!.dueAt!;
const versions = async () =>
  ((await w.as('admin').get('/api/sla-policies/default/versions').expect(200)).body as unknown[]).length;

describe('the impact of a policy change on the open cases', () => {
  it('is for admins only, and a 404 for an unknown policy', async () => {
    await w.as('operator').post('/api/sla-policies/default/impact').send({}).expect(403);
    await w.as('admin').post('/api/sla-policies/nope/impact').send({}).expect(404);
  });

  it('refuses rules that would not validate with a 422 naming the field, and changes nothing', async () => {
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/impact')
      .send({ rules: rulesWith('first_contact', { amount: 0, unit: 'minutes' }) })
      .expect(422);
    // Both rules with a first contact (any case, and a dispatched one) are named.
    expect(Object.keys(body.errors as object).sort()).toEqual([
      'rules[0].commitments[0].budget.amount',
      'rules[1].commitments[0].budget.amount',
    ]);
    await w.as('admin').post('/api/sla-policies/default/impact').send({ version: 'two' }).expect(422);
    expect(await versions()).toBe(1);
  });

  it('moves exactly the commitments whose budget changes, by the change, and stores nothing', async () => {
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/impact')
      .send({ rules: rulesWith('first_contact', { amount: 90, unit: 'minutes' }) })
      .expect(200);
    const impact = body as Impact;
    expect(impact.version).toBeNull();
    expect(impact.total).toBeGreaterThanOrEqual(2); // first contact and forwarding run from intake
    expect(impact.moved).toEqual([
      {
        caseNumber: kase.number,
        commitmentId: 'first_contact',
        kind: 'first_contact',
        dueAt: due(kase, 'first_contact'),
        newDueAt: new Date(Date.parse(due(kase, 'first_contact')) + 30 * 60_000).toISOString(),
        estimate: false,
      },
    ]);
    expect(impact.movedTotal).toBe(1);
    expect(await versions()).toBe(1);
    const after = (await w.as('supervisor').get(`/api/cases/${kase.number}`).expect(200)).body as Case;
    expect(due(after, 'first_contact')).toBe(due(kase, 'first_contact'));
  });

  it('estimates from the start, and says so, when the clock changes (working time instead of around the clock)', async () => {
    const rules = DEFAULT_POLICY.rules.map((rule, i) =>
      i === 0
        ? {
            ...rule,
            commitments: rule.commitments.map((c) =>
              c.kind === 'first_contact' ? { ...c, clock: 'working' } : c,
            ),
          }
        : rule,
    );
    const { body } = await w.as('admin').post('/api/sla-policies/default/impact').send({ rules }).expect(200);
    const started = Date.parse(kase.commitments.find((m) => m.kind === 'first_contact')!.startedAt);
    const expected = createCalendar(DEFAULT_CALENDAR)
      .addWorkingTime(started, 60 * 60_000)
      .toISOString();
    const moved = (body as Impact).moved.find(
      (m) => m.caseNumber === kase.number && m.kind === 'first_contact',
    );
    // Unmoved when the case happens to fall inside working hours all along; otherwise an estimate.
    if (expected === due(kase, 'first_contact')) expect(moved).toBeUndefined();
    else expect(moved).toMatchObject({ newDueAt: expected, estimate: true });
  });

  it('predicts what publishing the draft to the open cases then does', async () => {
    const draft = await w
      .as('admin')
      .post('/api/sla-policies/default/versions')
      .send({ rules: rulesWith('first_contact', { amount: 45, unit: 'minutes' }) })
      .expect(201);
    const { body } = await w.as('admin').post('/api/sla-policies/default/impact').send({}).expect(200);
    const impact = body as Impact;
    expect(impact.version).toBe((draft.body as { version: number }).version);
    const predicted = impact.moved.find((m) => m.caseNumber === kase.number)!.newDueAt;

    await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ reason: 'First contact within 45 minutes', applyToOpenCases: true })
      .expect(202);
    await eventually(async () => {
      const c = (await w.as('supervisor').get(`/api/cases/${kase.number}`).expect(200)).body as Case;
      expect(due(c, 'first_contact')).toBe(predicted);
    }, 20_000);
  });
});
