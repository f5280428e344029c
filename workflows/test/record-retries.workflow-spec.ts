// One case can never slow another: a case whose record write keeps failing (the kind of failure a retry may
// cure, so it is retried) must not hold the worker's workflow-task slot while it waits between attempts.
// A worker with two slots runs three cases; the first two ones' timeline writes fail every time, and the
// third one's intake must still be recorded within seconds.
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_TYPES } from '@caseflow/domain';
import { DEFAULT_CALENDAR, DEFAULT_POLICY, DEFAULT_SERVICE_SCHEDULE } from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import type { CaseWorkflowInput } from '../messages';
import type { serviceRequestWorkflow } from '../service-request.workflow';
import { FakeCaseRecords } from './fake-case-records';

const taskQueue = 'record-retries-spec';
const POISONED = ['case-20261206-07-0001', 'case-20261206-07-0003'];

class FailingRecords extends FakeCaseRecords {
  attemptsOnPoisoned = 0;
}

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const records = new FailingRecords();

beforeAll(async () => {
  // Real time: the test is about what happens between real retries.
  env = await createTestEnvironment();
  const fake = records.activities;
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(path.join(__dirname, '..', 'index.ts')),
    // The fewest the SDK allows (it needs two pollers); both are taken by the failing cases below.
    maxConcurrentWorkflowTaskExecutions: 2,
    activities: {
      ...fake,
      recordCaseEvent: async (input: Parameters<typeof fake.recordCaseEvent>[0]) => {
        if (POISONED.includes(input.workflowId)) {
          records.attemptsOnPoisoned++;
          throw new Error('connection reset while recording');
        }
        return fake.recordCaseEvent(input);
      },
    },
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

function input(number: string): CaseWorkflowInput {
  return {
    intake: {
      number,
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      dispatched: false,
      receivedAt: new Date().toISOString(),
      customer: { name: 'Zhang San', phone: '13900001111', tier: 'standard' },
      description: 'The printer jams on every page',
      branchId: 'branch-sh',
      operator: { userId: 'u-liu', username: 'liu', operatorNo: 7 },
    },
    policy: DEFAULT_POLICY,
    calendars: [DEFAULT_CALENDAR],
    schedule: DEFAULT_SERVICE_SCHEDULE,
  };
}

it('cases whose records keep failing wait between retries on a timer, so another case is recorded within seconds', async () => {
  const poisoned = await Promise.all(
    POISONED.map((workflowId) =>
      env.client.workflow.start<typeof serviceRequestWorkflow>(WORKFLOW_TYPES.serviceRequest, {
        taskQueue,
        workflowId,
        args: [input(workflowId.replace('case-', ''))],
      }),
    ),
  );
  // Let them take both slots and start failing.
  const deadline = Date.now() + 5000;
  while (records.attemptsOnPoisoned < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(records.attemptsOnPoisoned).toBeGreaterThanOrEqual(2);

  const healthyId = 'case-20261206-07-0002';
  const started = Date.now();
  const healthy = await env.client.workflow.start<typeof serviceRequestWorkflow>(
    WORKFLOW_TYPES.serviceRequest,
    {
      taskQueue,
      workflowId: healthyId,
      args: [input('20261206-07-0002')],
    },
  );
  while (!records.events.some((e) => e.workflowId === healthyId) && Date.now() - started < 20_000) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const waited = Date.now() - started;
  // Two short retries happen inside the task (1 s, 2 s back-off); the next waits on a timer, freeing the slot.
  expect(records.events.some((e) => e.workflowId === healthyId)).toBe(true);
  expect(waited).toBeLessThan(10_000); // held by the failing cases, it would never come
  // The failing cases are still failing, and still being retried (they are not given up on).
  expect(records.events.some((e) => POISONED.includes(e.workflowId))).toBe(false);
  await Promise.all([...poisoned, healthy].map((handle) => handle.terminate('test over')));
}, 60_000);
