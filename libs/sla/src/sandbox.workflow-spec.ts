import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import { createCalendar, DEFAULT_CALENDAR, HOUR_MS } from './index';

describe('the business calendar inside a Temporal workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment({ timeSkipping: true });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('computes the same deadlines in the deterministic sandbox as in Node (Friday 17:30 -> Monday 10:00)', async () => {
    const taskQueue = 'sla-sandbox';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(path.join(__dirname, '..', 'test', 'sandbox-workflows.ts')),
    });
    const input = { start: Date.parse('2026-11-20T17:30:00+08:00'), durationMs: 2 * HOUR_MS };
    const inSandbox = await worker.runUntil(
      env.client.workflow.execute('dueDatesInSandbox', {
        taskQueue,
        workflowId: 'sla-sandbox-1',
        args: [input],
      }),
    );
    const berlin = createCalendar({ ...DEFAULT_CALENDAR, id: 'berlin', timeZone: 'Europe/Berlin' });
    expect(inSandbox).toEqual([
      '2026-11-23T02:00:00.000Z',
      berlin.addWorkingTime(input.start, input.durationMs).toISOString(),
    ]);
  });
});
