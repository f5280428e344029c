// The monthly report pack on the dev server with time skipping: at 08:00 local on each month's 1st the
// month before is sent, once per month, on a durable timer.
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_TYPES } from '@caseflow/domain';
import { addDays, createCalendar, DEFAULT_CALENDAR } from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import type { ReportPackActivities } from '../../activities/report-pack-types';
import type { monthlyReportPackWorkflow } from '../report-pack.workflow';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'report-pack-spec';
const calendar = createCalendar(DEFAULT_CALENDAR);

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let handle: WorkflowHandle | undefined;
const sent: { month: string; workflowId: string }[] = [];

const activities: ReportPackActivities = {
  loadReportPackCalendar: () => Promise.resolve(DEFAULT_CALENDAR),
  sendReportPack: (input) => {
    sent.push(input);
    return Promise.resolve({ month: input.month, status: 'sent', sent: 1 });
  },
};

beforeAll(async () => {
  env = await createTestEnvironment({ timeSkipping: true });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    activities,
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

/** 08:00 local on the 1st of the month after `day`. */
function nextFirst(day: string): { first: string; at: number } {
  const first = `${addDays(`${day.slice(0, 7)}-01`, 32).slice(0, 7)}-01`;
  return { first, at: calendar.zone.instantAt(Date.parse(`${first}T08:00:00Z`)) };
}

it('sends the month before at 08:00 local on each 1st, once per month', async () => {
  const now = await env.currentTimeMs();
  const today = calendar.localDateOf(now);
  let { first, at } = nextFirst(today);
  // Today may itself be a 1st before 08:00.
  const todayAt = calendar.zone.instantAt(Date.parse(`${today.slice(0, 7)}-01T08:00:00Z`));
  if (todayAt > now) ({ first, at } = { first: `${today.slice(0, 7)}-01`, at: todayAt });

  handle = await env.client.workflow.start<typeof monthlyReportPackWorkflow>(
    WORKFLOW_TYPES.monthlyReportPack,
    {
      taskQueue,
      workflowId: 'report-pack-spec',
      args: [{}],
    },
  );
  await env.sleep(at - now - 60_000);
  expect(sent).toHaveLength(0);
  await env.sleep(120_000);
  await eventually(() => expect(sent).toHaveLength(1));
  expect(sent[0]).toEqual({ month: addDays(first, -1).slice(0, 7), workflowId: 'report-pack-spec' });

  // Nothing more until the next 1st; then the following month, exactly once.
  const next = nextFirst(first);
  await env.sleep(next.at - at - 120_000);
  expect(sent).toHaveLength(1);
  await env.sleep(240_000);
  await eventually(() => expect(sent).toHaveLength(2));
  expect(sent[1].month).toBe(first.slice(0, 7));
});
