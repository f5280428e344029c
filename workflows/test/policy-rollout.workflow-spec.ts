// Policy rollouts as a workflow, with the real rollout activities on a real PostgreSQL and the API's own
// RolloutsService starting them. The open cases are rows in the read model with a workflow each; those
// workflows run on a task queue nobody polls, so every policyChanged signal the rollout sends stays in
// their history to be counted. (That a case workflow re-plans once for a repeated signal is the case
// workflows' own rule: replan.workflow-spec.ts.) No timers: it runs as it is on real Temporal too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@caseflow/persistence';
import { createTestDatabase, seedOrganisation, type TestDatabase } from '@caseflow/persistence/testing';
import type { TemporalService } from '@caseflow/temporal';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import type { PolicyRolloutActivities } from '../../activities';
import { createPolicyRolloutActivities } from '../../activities/policy-rollouts';
import { RolloutsService } from '../../apps/api/src/sla-policies/rollouts.service';
import {
  policyRolloutProgressQuery,
  policyRolloutTaskQueue,
  policyRolloutWorkflowId,
} from '../policy-rollout-messages';

const taskQueue = 'policy-rollout-spec';
/** The cases' workflows wait here: no worker polls it, so their signals stay in their histories. */
const casesQueue = 'policy-rollout-spec-cases';
const ADMIN = { id: 'u-admin', username: 'admin', roles: [] };
const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
/** A rollout of 10 cases as the workflow first ran it (the third test's restarted run, 2026-12-07). */
const RECORDED = path.join(__dirname, 'histories', 'policy-rollout-ten-cases.history.json');

let env: TestWorkflowEnvironment;
let testDb: TestDatabase;
let dataSource: DataSource;
let branchId: string;
let rollouts: RolloutsService;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  ({ branchId } = await seedOrganisation(dataSource));
  // Version 2 of the default policy: the rollouts below bring the open cases (on version 1) onto it.
  await dataSource.query(
    `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
     SELECT "policy_id", 2, "rules", 'spec', 'spec' FROM "sla_policy_versions"
      WHERE "policy_id" = 'default' AND "version" = 1`,
  );
  env = await createTestEnvironment();
  rollouts = new RolloutsService(dataSource, {
    client: async () => env.client,
    taskQueue,
  } as unknown as TemporalService);
}, 120_000);

afterAll(async () => {
  await env?.teardown();
  await dataSource?.destroy();
  await testDb?.drop();
});

async function worker(
  activities: PolicyRolloutActivities = realActivities(),
  options: Pick<WorkerOptions, 'shutdownGraceTime'> = {},
): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: policyRolloutTaskQueue(taskQueue),
    workflowBundle: await workflowBundle(WORKFLOWS),
    activities,
    ...options,
  });
}

function realActivities(): PolicyRolloutActivities {
  return createPolicyRolloutActivities({ dataSource, client: async () => env.client });
}

/**
 * `open` open cases on policy version 1 (and `closed` closed ones after them), numbered on `date`, each
 * with a waiting workflow; the cases of earlier tests are closed first. Their numbers, open ones first.
 */
async function casesOnVersion1(date: string, open: number, closed = 0): Promise<string[]> {
  await dataSource.query(`UPDATE "cases" SET "state" = 'closed'`);
  const numbers = Array.from(
    { length: open + closed },
    (_, i) => `${date}-07-${String(i + 1).padStart(4, '0')}`,
  );
  await dataSource.query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
       "operator_no", "received_at", "policy_id", "policy_version", "last_seq")
     SELECT n, 'case-' || n, 'service_request', CASE WHEN i > $3 THEN 'closed' ELSE 'in_progress' END, 'phone',
            'technical', 'Customer', '13900000000', 'standard', 'Broken', $4, 'u-op', 'liu', 7, now(),
            'default', 1, 0
       FROM unnest($1::text[]) WITH ORDINALITY AS t(n, i) LIMIT $2`,
    [numbers, numbers.length, open, branchId],
  );
  await inParallel(numbers, (number) =>
    env.client.workflow.start('serviceRequestWorkflow', {
      taskQueue: casesQueue,
      workflowId: `case-${number}`,
      args: [],
    }),
  );
  return numbers;
}

/** How many policyChanged signals each case's workflow has received, and for which versions. */
async function signalsReceived(numbers: string[]): Promise<Map<string, number>> {
  const received = new Map<string, number>();
  await inParallel(numbers, async (number) => {
    const { events } = await env.client.workflow.getHandle(`case-${number}`).fetchHistory();
    received.set(
      number,
      events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'policyChanged')
        .length,
    );
  });
  return received;
}

async function inParallel<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function publishVersion2(): Promise<{ id: string; resumed: boolean }> {
  return dataSource.transaction((manager) => rollouts.createForPolicy(manager, ADMIN, 'default', 2));
}

it('a rollout over 450 open cases pages through them, continues as new, and reaches each once', async () => {
  const numbers = await casesOnVersion1('20261201', 450, 3);
  const open = numbers.slice(0, 450);
  const { id } = await publishVersion2();
  expect(await rollouts.progress(id)).toMatchObject({ status: 'running', total: 450 });

  await (await worker()).runUntil(rollouts.settled(id));

  expect(await rollouts.progress(id)).toMatchObject({
    status: 'done',
    total: 450,
    signalled: 450,
    skipped: 0,
    failed: 0,
  });
  const received = await signalsReceived(numbers);
  expect(open.filter((n) => received.get(n) !== 1)).toEqual([]);
  expect(numbers.slice(450).map((n) => received.get(n))).toEqual([0, 0, 0]); // closed: not reached
  // 450 cases are three pages of 200; a run works two, so the last run is a continuation.
  const { events } = await env.client.workflow.getHandle(policyRolloutWorkflowId(id)).fetchHistory();
  expect(events![0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
});

it('a worker that dies half-way through a page leaves the rollout to the next worker, which reaches every case', async () => {
  const numbers = await casesOnVersion1('20261202', 450);
  const real = realActivities();
  let calls = 0;
  let hung!: () => void;
  const reachedTheHang = new Promise<void>((resolve) => (hung = resolve));
  let crash!: (error: Error) => void;
  const crashed = new Promise<never>((_, reject) => (crash = reject));
  // The first worker signals the first page, then half of the second, and dies there.
  const dying = await worker(
    {
      ...real,
      async signalRolloutTargets(input) {
        if (++calls < 2) return real.signalRolloutTargets(input);
        await real.signalRolloutTargets({ ...input, targets: input.targets.slice(0, 100) });
        hung();
        return crashed;
      },
    },
    { shutdownGraceTime: '10s' },
  );
  const dyingRun = dying.run();
  const { id } = await publishVersion2();
  await reachedTheHang;

  // Progress is the workflow's to tell: the first page is done, the second under way.
  const handle = env.client.workflow.getHandle(policyRolloutWorkflowId(id));
  expect(await handle.query(policyRolloutProgressQuery)).toEqual({
    rolloutId: id,
    status: 'running',
    pages: 1,
    after: numbers[199],
    total: 450,
    signalled: 200,
    skipped: 0,
    failed: 0,
  });
  dying.shutdown();
  crash(new Error('the worker died'));
  await dyingRun;
  expect(await rollouts.progress(id)).toMatchObject({ status: 'running', signalled: 200 });

  await (await worker()).runUntil(rollouts.settled(id));
  expect(await rollouts.progress(id)).toMatchObject({
    status: 'done',
    total: 450,
    signalled: 450,
    skipped: 0,
    failed: 0,
  });
  const received = await signalsReceived(numbers);
  expect(numbers.filter((n) => received.get(n) === 0)).toEqual([]);
  // Only the half page the dead worker had signalled is signalled again (the case workflows ignore it).
  expect(numbers.filter((n) => received.get(n)! > 1)).toEqual(numbers.slice(200, 300));
});

it('a retried publish finds the rollout under way and starts no second run; a terminated one is started again and carries on', async () => {
  const numbers = await casesOnVersion1('20261203', 10);
  const first = await publishVersion2();
  const handle = env.client.workflow.getHandle(policyRolloutWorkflowId(first.id));
  const { runId } = await handle.describe();

  // No worker yet: the rollout is under way. The admin's retry finds it and starts nothing new.
  const retried = await publishVersion2();
  expect(retried).toEqual({ id: first.id, resumed: true });
  expect((await handle.describe()).runId).toBe(runId);

  // An operator terminates it; the next retry starts a new run of the same rollout.
  await handle.terminate('spec: stopped by hand');
  expect(await publishVersion2()).toEqual({ id: first.id, resumed: true });
  const restarted = await handle.describe();
  expect(restarted.runId).not.toBe(runId);
  expect(restarted.status.name).toBe('RUNNING');

  await (await worker()).runUntil(rollouts.settled(first.id));
  expect(await rollouts.progress(first.id)).toMatchObject({ status: 'done', total: 10, signalled: 10 });
  const received = await signalsReceived(numbers);
  expect(numbers.map((n) => received.get(n))).toEqual(Array(10).fill(1));
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(WORKFLOWS) },
    history,
    handle.workflowId,
  );
});

it('a publish whose transaction rolls back after starting the rollout leaves no rollout, and its workflow ends having signalled nobody', async () => {
  const numbers = await casesOnVersion1('20261204', 5);
  let id = '';
  await expect(
    dataSource.transaction(async (manager) => {
      ({ id } = await rollouts.createForPolicy(manager, ADMIN, 'default', 2));
      throw new Error('the audit write failed');
    }),
  ).rejects.toThrow('the audit write failed');
  await expect(rollouts.progress(id)).rejects.toThrow(/no rollout/);

  const handle = env.client.workflow.getHandle(policyRolloutWorkflowId(id));
  await (
    await worker()
  ).runUntil(expect(handle.result()).resolves.toEqual({ total: 0, signalled: 0, skipped: 0, failed: 0 }));
  const received = await signalsReceived(numbers);
  expect(numbers.map((n) => received.get(n))).toEqual(Array(5).fill(0));
});

it('a recorded rollout replays with the workflow as it is, and the same history with another activity in it does not', async () => {
  const recorded = fs.readFileSync(RECORDED, 'utf8');
  const bundle = { workflowBundle: await workflowBundle(WORKFLOWS) };
  const history = (json: string) => temporal.api.history.v1.History.fromObject(JSON.parse(json));
  await Worker.runReplayHistory(bundle, history(recorded), 'policy-rollout-ten-cases');
  // The first page listed by an activity the workflow never calls there: the replay must refuse it.
  const tampered = recorded.replace('"listRolloutPage"', '"listSomethingElse"');
  expect(tampered).not.toBe(recorded);
  await expect(Worker.runReplayHistory(bundle, history(tampered), 'tampered')).rejects.toThrow(
    DeterminismViolationError,
  );
});
