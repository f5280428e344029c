// Complaints follow policy changes as cases do: publishing a complaint-policy version for open cases too
// reaches every open complaint's workflow, which re-plans its commitments and says so on its timeline.
import type { PolicyRule } from '@caseflow/sla';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

interface Complaint {
  number: string;
  policy: { id: string; version: number };
  commitments: { id: string; kind: string; dueAt?: string; startedAt: string }[];
  timeline?: { type: string; summary: string }[];
}

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

const detail = async (number: string) =>
  (await w.as('supervisor').get(`/api/complaints/${number}`).expect(200)).body as Complaint;
const acknowledge = (c: Complaint) => c.commitments.find((x) => x.kind === 'complaint_acknowledge')!;

it('publishing for open cases too re-plans every open complaint under the new version', async () => {
  const { body: raised } = await w
    .as('operator')
    .post('/api/complaints')
    .send({
      source: 'phone',
      category: 'technical',
      complexity: 'simple',
      customer: { name: 'Zhou Min', phone: '+86 139-0013-9001', tier: 'standard' },
      description: 'Nobody came to fix the boiler',
      branchId: 'sh',
    })
    .expect(201);
  const before = await eventually(async () => {
    const c = await detail((raised as Complaint).number);
    expect(acknowledge(c)?.dueAt).toEqual(expect.any(String));
    return c;
  });
  expect(before.policy).toEqual({ id: 'complaints', version: 1 });

  // v2: the supervisor must acknowledge within 5 minutes instead of the seeded 30.
  const v1 = (await w.as('admin').get('/api/sla-policies/complaints/versions/1').expect(200)).body as {
    rules: PolicyRule[];
  };
  const rules = v1.rules.map((rule) => ({
    ...rule,
    commitments: rule.commitments.map((c) =>
      c.kind === 'complaint_acknowledge' ? { ...c, budget: { amount: 5, unit: 'minutes' } } : c,
    ),
  }));
  await w.as('admin').post('/api/sla-policies/complaints/versions').send({ rules }).expect(201);
  const { body: published } = await w
    .as('admin')
    .post('/api/sla-policies/complaints/publish')
    .send({ version: 2, reason: 'acknowledge complaints within 5 minutes', applyToOpenCases: true })
    .expect(202);
  expect(published.rollout).toMatchObject({ kind: 'policy', total: 1 });
  await eventually(async () => {
    const job = (await w.as('admin').get(`/api/sla-policies/jobs/${published.rollout.id}`).expect(200)).body;
    expect(job).toMatchObject({ status: 'done', signalled: 1, failed: 0 });
  }, 20_000);

  const after = await eventually(async () => {
    const c = await detail(before.number);
    expect(c.policy.version).toBe(2);
    return c;
  });
  const started = Date.parse(acknowledge(before).startedAt);
  expect(Date.parse(acknowledge(after).dueAt!)).toBe(started + 5 * 60_000);
  expect(after.timeline!.filter((e) => e.type === 'commitment_replanned')).toHaveLength(1);
});
