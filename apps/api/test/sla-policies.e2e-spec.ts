// Commitment policies end to end: drafts, publishing for new cases only or for open cases too (a running
// case's workflow re-plans and its timeline says so), the preview, every validation error, the audit
// trail. The API in process, a real worker and dev server (wall-clock time) and PostgreSQL; one world for
// the file, tests in order (a case opened above is re-planned below).
import { DEFAULT_CALENDAR, DEFAULT_POLICY, HOUR_MS, createCalendar, type PolicyRule } from '@caseflow/sla';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

interface Commitment {
  id: string;
  kind: string;
  status: string;
  policyVersion: number;
  dueAt?: string;
}
interface Case {
  number: string;
  receivedAt: string;
  policy: { id: string; version: number };
  commitments: Commitment[];
  timeline?: { type: string; actor: string; summary: string }[];
}

const calendar = createCalendar(DEFAULT_CALENDAR);
let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
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

async function openCase(): Promise<Case> {
  const response = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: 'Wang Fang', phone: '+86 139-0013-9000', tier: 'standard' },
      description: 'The printer will not print',
      branchId: 'sh',
    })
    .expect(201);
  const created = response.body as Case;
  await eventually(async () => expect((await detail(created.number)).timeline).toHaveLength(1));
  return created;
}

async function detail(number: string): Promise<Case> {
  return (await w.as('supervisor').get(`/api/cases/${number}`).expect(200)).body as Case;
}

const forwarding = (c: Case) => c.commitments.find((x) => x.kind === 'forwarding')!;
const forwardingDue = (c: Case, hours: number) =>
  calendar.addWorkingTime(Date.parse(c.receivedAt), hours * HOUR_MS).toISOString();

async function currentVersion(): Promise<number> {
  return (
    (await w.as('admin').get('/api/sla-policies/default').expect(200)).body as { currentVersion: number }
  ).currentVersion;
}

async function rolloutDone(id: string) {
  return eventually(async () => {
    const job = (await w.as('admin').get(`/api/sla-policies/jobs/${id}`).expect(200)).body as {
      status: string;
      total: number;
      signalled: number;
      skipped: number;
      failed: number;
    };
    expect(job.status).toBe('done');
    return job;
  }, 20_000);
}

describe('who may tune commitments', () => {
  it.each(['operator', 'supervisor', 'quality', 'engineer'] as const)('a %s gets 403', async (who) => {
    await w.as(who).get('/api/sla-policies').expect(403);
    await w
      .as(who)
      .post('/api/sla-policies/default/versions')
      .send({ rules: DEFAULT_POLICY.rules })
      .expect(403);
    await w
      .as(who)
      .post('/api/sla-policies/default/publish')
      .send({ reason: 'x', applyToOpenCases: true })
      .expect(403);
  });

  it('lists the seeded policy with version 1 current and its history readable', async () => {
    const { body } = await w.as('admin').get('/api/sla-policies').expect(200);
    expect(body).toEqual([
      // The complaint procedure's promises are a policy of their own (migration 1795370000000-Complaints).
      { id: 'complaints', name: 'Complaint handling standards', currentVersion: 1, drafts: [] },
      { id: 'default', name: 'Service standards (default)', currentVersion: 1, drafts: [] },
    ]);
    const versions = (await w.as('admin').get('/api/sla-policies/default/versions').expect(200)).body;
    expect(versions).toEqual([
      expect.objectContaining({
        version: 1,
        status: 'published',
        publishedBy: 'system',
        createdBy: 'system',
      }),
    ]);
  });
});

describe('bad drafts', () => {
  it.each([
    [
      'a budget of zero',
      rulesWith('forwarding', { amount: 0, unit: 'hours' }),
      'rules[0].commitments[1].budget.amount',
      /greater than 0/,
    ],
    [
      'a warning point after the deadline',
      DEFAULT_POLICY.rules.map((r, i) =>
        i === 0
          ? {
              ...r,
              commitments: r.commitments.map((c, j) =>
                j === 0 ? { ...c, ladder: [{ ...c.ladder[0], fraction: 1.25 }, ...c.ladder.slice(1)] } : c,
              ),
            }
          : r,
      ),
      'rules[0].commitments[0].ladder[0].fraction',
      /within \(0, 1\]/,
    ],
    [
      'an unknown role',
      DEFAULT_POLICY.rules.map((r, i) =>
        i === 2
          ? {
              ...r,
              commitments: r.commitments.map((c) => ({ ...c, ladder: [{ ...c.ladder[0], target: 'ceo' }] })),
            }
          : r,
      ),
      'rules[2].commitments[0].ladder[0].target',
      /unknown role "ceo"/,
    ],
    [
      'an unknown calendar',
      DEFAULT_POLICY.rules.map((r, i) =>
        i === 1 ? { ...r, commitments: r.commitments.map((c) => ({ ...c, calendarId: 'mars' })) } : r,
      ),
      'rules[1].commitments[0].calendarId',
      /no calendar 'mars'/,
    ],
  ])('%s is a 422 naming the field, and nothing is stored', async (_what, rules, path, message) => {
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/versions')
      .send({ rules })
      .expect(422);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors[path as string]).toEqual([expect.stringMatching(message as RegExp)]);
    expect(await currentVersion()).toBe(1);
    expect((await w.as('admin').get('/api/sla-policies/default/versions').expect(200)).body).toHaveLength(1);
  });

  it('publishing with no draft is a 409, and a missing reason a 422', async () => {
    await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ reason: 'x', applyToOpenCases: false })
      .expect(409);
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ applyToOpenCases: true })
      .expect(422);
    expect(Object.keys(body.errors)).toEqual(['reason']);
  });
});

describe('preview', () => {
  it('answers the commitments and due times a case would get, under the current version or a draft', async () => {
    const facts = {
      kind: 'service_request',
      category: 'technical',
      tier: 'standard',
      receivedAt: '2026-11-20T17:30:00+08:00',
    };
    const { body } = await w.as('admin').post('/api/sla-policies/preview').send(facts).expect(200);
    expect(body).toMatchObject({ policyId: 'default', version: 1, receivedAt: '2026-11-20T09:30:00.000Z' });
    const intake = body.commitments.filter((c: { startsAtIntake: boolean }) => c.startsAtIntake);
    expect(intake.map((c: { kind: string; dueAt: string }) => [c.kind, c.dueAt])).toEqual([
      ['first_contact', '2026-11-20T10:30:00.000Z'],
      ['forwarding', '2026-11-23T02:00:00.000Z'],
    ]);
    const draft = await w
      .as('admin')
      .post('/api/sla-policies/preview')
      .send({ ...facts, rules: rulesWith('forwarding', { amount: 4, unit: 'hours' }) })
      .expect(200);
    expect(draft.body.version).toBeNull();
    expect(draft.body.commitments[1]).toMatchObject({
      kind: 'forwarding',
      dueAt: '2026-11-23T04:00:00.000Z',
    });
    const bad = await w
      .as('admin')
      .post('/api/sla-policies/preview')
      .send({ ...facts, receivedAt: 'soon', kind: 'x' })
      .expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['kind', 'receivedAt']);
  });
});

describe('publishing', () => {
  let running: Case;

  it('for new cases only: the running case keeps its plan, a new case gets the new one', async () => {
    running = await openCase();
    const draft = await w
      .as('admin')
      .post('/api/sla-policies/default/versions')
      .send({ rules: rulesWith('forwarding', { amount: 3, unit: 'hours' }), note: 'forwarding 3 h' })
      .expect(201);
    expect(draft.body).toMatchObject({
      version: 2,
      status: 'draft',
      createdBy: 'admin.e2e',
      note: 'forwarding 3 h',
    });
    expect(await currentVersion()).toBe(1); // a draft is not in force

    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ reason: 'more time to forward', applyToOpenCases: false })
      .expect(200);
    expect(body).toEqual({ policyId: 'default', version: 2, published: true, usedByBranches: ['sh'] });
    expect(await currentVersion()).toBe(2);

    const still = await detail(running.number);
    expect(still.policy.version).toBe(1);
    expect(forwarding(still)).toMatchObject({ policyVersion: 1, dueAt: forwardingDue(running, 2) });
    expect(still.timeline!.map((e) => e.type)).not.toContain('commitment_replanned');

    const fresh = await openCase();
    expect(fresh.policy.version).toBe(2);
    expect(forwarding(fresh)).toMatchObject({ policyVersion: 2, dueAt: forwardingDue(fresh, 3) });
  });

  it('for open cases too: 202 with a rollout, and every open case re-plans and says so on its timeline', async () => {
    await w
      .as('admin')
      .post('/api/sla-policies/default/versions')
      .send({ rules: rulesWith('forwarding', { amount: 1, unit: 'hours' }) })
      .expect(201);
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ version: 3, reason: 'forward within the hour', applyToOpenCases: true })
      .expect(202);
    expect(body).toMatchObject({
      policyId: 'default',
      version: 3,
      published: true,
      rollout: { kind: 'policy', total: 2 },
    });
    const job = await rolloutDone(body.rollout.id);
    expect(job).toMatchObject({ total: 2, signalled: 2, skipped: 0, failed: 0 });

    const replanned = await eventually(async () => {
      const c = await detail(running.number);
      expect(forwarding(c)).toMatchObject({ policyVersion: 3, dueAt: forwardingDue(running, 1) });
      return c;
    });
    expect(replanned.policy.version).toBe(3);
    const entry = replanned.timeline!.find((e) => e.type === 'commitment_replanned')!;
    expect(entry.actor).toBe('admin.e2e');
    expect(entry.summary).toMatch(
      /^Re-planned under policy v3 by admin\.e2e: .*forwarding due \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\) → \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/,
    );

    const versions = (await w.as('admin').get('/api/sla-policies/default/versions').expect(200)).body;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [3, 'published'],
      [2, 'superseded'],
      [1, 'superseded'],
    ]);
    const v1 = (await w.as('admin').get('/api/sla-policies/default/versions/1').expect(200)).body;
    expect(v1.rules).toEqual(JSON.parse(JSON.stringify(DEFAULT_POLICY.rules))); // old versions stay readable
  });

  it('publishing the same version again reaches nobody twice: no new timeline entries', async () => {
    const before = (await detail(running.number)).timeline!.length;
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ version: 3, reason: 'retry', applyToOpenCases: true })
      .expect(200);
    expect(body).toMatchObject({ version: 3, published: false, rollout: { total: 0, status: 'done' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await detail(running.number)).timeline).toHaveLength(before);
  });

  it('a superseded version cannot be published again', async () => {
    await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ version: 1, reason: 'back', applyToOpenCases: false })
      .expect(409);
    expect(await currentVersion()).toBe(3);
  });

  it('every change is in the audit log with who, what and before/after', async () => {
    const rows = await w.query<{
      actor: string;
      action: string;
      before: unknown;
      after: { currentVersion?: number };
    }>(
      `SELECT "actor", "action", "before", "after" FROM "audit_log" WHERE "entity_type" = 'sla_policy' ORDER BY "id"`,
    );
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      ['admin.e2e', 'policy.draft'],
      ['admin.e2e', 'policy.publish'],
      ['admin.e2e', 'policy.draft'],
      ['admin.e2e', 'policy.publish'],
      ['admin.e2e', 'policy.republish'],
    ]);
    expect(rows[3]).toMatchObject({
      before: { currentVersion: 2 },
      after: { currentVersion: 3, applyToOpenCases: true },
    });
  });
});
