jest.setTimeout(30_000);
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import * as path from 'node:path';
import { activityAndTimer } from './workflows';

const workflowsPath = path.join(__dirname, 'workflows', 'index.ts');

describe('dev server basics (dev-server mode, launched like the Temporal CLI)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow with an activity and a timer to completion with the real worker', async () => {
    const taskQueue = 'basics';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(workflowsPath),
      activities: { echo: async (v: string) => v },
    });
    const result = await worker.runUntil(
      env.client.workflow.execute(activityAndTimer, { taskQueue, workflowId: 'basics-1', args: ['world'] }),
    );
    expect(result).toBe('hello world');
  });
});
