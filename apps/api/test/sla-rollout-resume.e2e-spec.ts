// A rollout survives the death of the API process that started it. The publish transaction commits the
// rollout and the list of cases it must reach; a process that dies before (or while) signalling leaves
// them pending under a lease. The next API process to start takes over once the lease has run out and
// brings every case onto the new version; one that finds the lease still held leaves it alone.
import type { INestApplication } from '@nestjs/common';
import { DEFAULT_CALENDAR, DEFAULT_POLICY, HOUR_MS, createCalendar, type PolicyRule } from '@caseflow/sla';
import { RolloutsService } from '../src/sla-policies/rollouts.service';
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

/**
 * What a publish with applyToOpenCases leaves behind when its process dies before signalling: the rollout
 * and its cases committed (by the service's own code), claimed under a lease by a process now gone.
 */
async function rolloutLeftByADeadProcess(leaseUntil: string): Promise<string> {
  const rollouts = w.app.get(RolloutsService);
  const admin = { id: w.userIds.admin, username: 'admin.e2e', roles: [] };
  const { id } = await w.dataSource.transaction((manager) =>
    rollouts.createForPolicy(manager, admin, 'default', 2),
  );
  await w.query(
    `UPDATE "policy_rollouts" SET "lease_owner" = 'a-process-that-died', "lease_until" = ${leaseUntil}
      WHERE "id" = $1`,
    [id],
  );
  return id;
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

it('the next API process resumes a rollout whose lease ran out, and every open case re-plans', async () => {
  const cases = [await openCase('Li Lei'), await openCase('Han Meimei'), await openCase('Zhang Wei')];
  await eventually(async () => {
    for (const c of cases) expect((await detail(c.number)).timeline).toHaveLength(1);
  });
  await publishForNewCasesOnly();

  // Held by a live process (lease in the future): a starting process must not take it over.
  const id = await rolloutLeftByADeadProcess(`now() + interval '1 hour'`);
  second = await startApi(w.config);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await rollout(id)).toMatchObject({ status: 'running', total: 3, signalled: 0, pending: '3' });
  await second.close();
  second = undefined;

  // The lease ran out: the holder is gone. The next process to start resumes from the pending rows.
  await w.query(`UPDATE "policy_rollouts" SET "lease_until" = now() - interval '1 second' WHERE "id" = $1`, [
    id,
  ]);
  second = await startApi(w.config);
  await eventually(async () =>
    expect(await rollout(id)).toMatchObject({ status: 'done', total: 3, signalled: 3, pending: '0' }),
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
