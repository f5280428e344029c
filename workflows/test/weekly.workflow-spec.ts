// The weekly callback summary on the dev server with time skipping: every Monday 09:00 (local) the past
// week is summarised and sent, once per week, on a durable timer.
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_TYPES } from '@caseflow/domain';
import { addDays, createCalendar, DAY_MS, DEFAULT_CALENDAR } from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import type { weeklyCallbackSummaryWorkflow } from '../weekly-summary.workflow';
import { FakeCallbackActivities } from './callback-fakes';
import { FakeCaseRecords } from './fake-case-records';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'weekly-spec';
const calendar = createCalendar(DEFAULT_CALENDAR);

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const fake = new FakeCallbackActivities();
let handle: WorkflowHandle | undefined;

beforeAll(async () => {
  env = await createTestEnvironment({ timeSkipping: true });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    activities: { ...new FakeCaseRecords().activities, ...fake.activities },
  });
  running = worker.run();
});

afterAll(async () => {
  await handle?.terminate('test over').catch(() => undefined);
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function eventually(assertion: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

it('summarises the past week every Monday at 09:00, once per week', async () => {
  const now = await env.currentTimeMs();
  let monday = calendar.localDateOf(now);
  while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
  let fireAt = calendar.zone.instantAt(Date.parse(`${monday}T09:00:00Z`));
  if (fireAt <= now) {
    monday = addDays(monday, 7);
    fireAt += 7 * DAY_MS;
  }
  handle = await env.client.workflow.start<typeof weeklyCallbackSummaryWorkflow>(
    WORKFLOW_TYPES.weeklyCallbackSummary,
    {
      taskQueue,
      workflowId: 'weekly-summary-spec',
      args: [{}],
    },
  );
  await env.sleep(fireAt - now - 60_000);
  expect(fake.summaries).toHaveLength(0);
  await env.sleep(120_000);
  await eventually(() => expect(fake.summaries).toHaveLength(1));
  expect(fake.summaries[0]).toEqual({
    weekStart: addDays(monday, -7),
    weekEnd: addDays(monday, -1),
    timeZone: 'Asia/Shanghai',
  });
  await env.sleep(7 * DAY_MS);
  await eventually(() => expect(fake.summaries).toHaveLength(2));
  expect(fake.summaries[1].weekStart).toBe(monday);
});
