// An update that arrives in the same workflow task as a timer firing, while the worker is away (the chaos
// drill's case): the history the server writes must replay on the same workflow code.
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import { testActivities, uniqueId, workflowsPath } from './helpers';
import { noteUpdate, updateBesideTimer } from './workflows';

jest.setTimeout(60_000);

let env: TestWorkflowEnvironment;
let bundle: { code: string };
beforeAll(async () => {
  [env, bundle] = await Promise.all([createTestEnvironment(), workflowBundle(workflowsPath)]);
});
afterAll(async () => {
  await env?.teardown();
});

async function runWorker<T>(taskQueue: string, body: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: testActivities(),
  });
  return worker.runUntil(body());
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an update delivered with a timer firing, after the worker was away', () => {
  // The SDK resolves local activities in completion order when it runs them and in schedule order when it
  // replays them: two coroutines (an update handler, the main loop) each awaiting one then write a history
  // that does not replay — on real Temporal as on the dev server. Not a server matter; kept as the reason
  // Caseflow's case workflow runs its record writes one at a time.
  it('writes a history that does not replay when local activities run side by side (the SDK’s limit)', async () => {
    await expect(replayAfterUpdateBesideTimer(false)).rejects.toThrow(/Nondeterminism/);
  });

  it('writes a history that replays when the local activities run one at a time', async () => {
    await expect(replayAfterUpdateBesideTimer(true)).resolves.toBeUndefined();
  });
});

async function replayAfterUpdateBesideTimer(oneAtATime: boolean): Promise<void> {
  {
    const taskQueue = uniqueId('update-replay');
    const workflowId = uniqueId('update-beside-timer');
    const handle = await runWorker(taskQueue, async () => {
      const h = await env.client.workflow.start(updateBesideTimer, {
        taskQueue,
        workflowId,
        args: [1500, oneAtATime],
      });
      for (let i = 0; i < 100; i++) {
        const events = (await h.fetchHistory()).events ?? [];
        if (events.some((e) => e.timerStartedEventAttributes)) break;
        await sleep(50);
      }
      return h;
    });
    // No worker now: the update waits, the timer fires, and one task carries both.
    const update = handle.executeUpdate(noteUpdate, { args: ['a note'], updateId: 'note-1' });
    await sleep(2500);
    await runWorker(taskQueue, async () => {
      expect(await update).toBe('a note');
      for (let i = 0; i < 100; i++) {
        const events = (await handle.fetchHistory()).events ?? [];
        if (events.filter((e) => e.timerStartedEventAttributes).length >= 2) break;
        await sleep(50);
      }
    });
    const history = await handle.fetchHistory();
    await handle.terminate();
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  }
}
