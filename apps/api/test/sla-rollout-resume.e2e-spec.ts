// A rollout survives the death of the API process that started it. The publish commits the rollout and
// starts its workflow; from then on Temporal runs it, so the API that answered may go away at once and
// every open case still comes onto the new version, once. (A worker dying mid-way is
// workflows/test/policy-rollout.workflow-spec.ts.)
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEFAULT_CALENDAR, DEFAULT_POLICY, HOUR_MS, createCalendar, type PolicyRule } from '@caseflow/sla';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';
import { startApi } from './support';

interface Case {
  number: string;
  receivedAt: string;
  policy: { version: number };
  commitments: { kind: string; policyVersion: number; dueAt?: string }[];
  timeline?: { type: string; summary: string }[];
}

const calendar = createCalendar(DEFAULT_CALENDAR);
let w: CasesWorld;
let second: INestApplication | undefined;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  try {
    await second?.close();
  } finally {
    await w?.close();
  }
}, 60_000);

async function openCase(name: string): Promise<Case> {
  const { body } = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name, phone: '+86 139-0013-9000', tier: 'standard' },
      description: 'The copier jams on every page',
      branchId: 'sh',
    })
    .expect(201);
  return body as Case;
}

const detail = async (number: string) =>
  (await w.as('supervisor').get(`/api/cases/${number}`).expect(200)).body as Case;
const forwarding = (c: Case) => c.commitments.find((x) => x.kind === 'forwarding')!;

/** Publishes v2 (forwarding within 1 working hour) for new cases only: the open cases stay on v1. */
async function publishForNewCasesOnly(): Promise<void> {
  const rules = DEFAULT_POLICY.rules.map((rule) => ({
    ...rule,
    commitments: rule.commitments.map((c) =>
      c.kind === 'forwarding' ? { ...c, budget: { amount: 1, unit: 'hours' } } : c,
    ),
  })) as PolicyRule[];
  await w.as('admin').post('/api/sla-policies/default/versions').send({ rules }).expect(201);
  await w
    .as('admin')
    .post('/api/sla-policies/default/publish')
    .send({ reason: 'forward within the hour', applyToOpenCases: false })
    .expect(200);
}

async function rollout(id: string) {
  const [row] = await w.query<{ status: string; total: number; signalled: number; pending: string }>(
    `SELECT r."status", r."total", r."signalled",
            (SELECT count(*) FROM "policy_rollout_cases" c WHERE c."rollout_id" = r."id" AND c."outcome" = 'pending') AS "pending"
       FROM "policy_rollouts" r WHERE r."id" = $1`,
    [id],
  );
  return row;
}

it('a rollout published through an API process that then stops still re-plans every open case once', async () => {
  const cases = [await openCase('Li Lei'), await openCase('Han Meimei'), await openCase('Zhang Wei')];
  await eventually(async () => {
    for (const c of cases) expect((await detail(c.number)).timeline).toHaveLength(1);
  });
  await publishForNewCasesOnly();

  // Another API process publishes v2 for the open cases too, answers, and is gone before they are reached.
  second = await startApi(w.config);
  const { body } = await request(second.getHttpServer())
    .post('/api/sla-policies/default/publish')
    .set('Authorization', `Bearer ${w.tokens.admin}`)
    .send({ version: 2, reason: 'forward within the hour, open cases too', applyToOpenCases: true })
    .expect(202);
  expect(body.rollout).toMatchObject({ kind: 'policy', status: 'running', total: 3 });
  await second.close();
  second = undefined;

  const id = body.rollout.id as string;
  await eventually(
    async () =>
      expect(await rollout(id)).toMatchObject({ status: 'done', total: 3, signalled: 3, pending: '0' }),
    20_000,
  );
  for (const c of cases) {
    const replanned = await eventually(async () => {
      const now = await detail(c.number);
      expect(forwarding(now)).toMatchObject({
        policyVersion: 2,
        dueAt: calendar.addWorkingTime(Date.parse(c.receivedAt), HOUR_MS).toISOString(),
      });
      return now;
    });
    expect(replanned.timeline!.filter((e) => e.type === 'commitment_replanned')).toHaveLength(1);
  }
});
