jest.setTimeout(30_000);
// Activity semantics: retries with backoff, the four timeouts, heartbeats, cancellation, async completion.
import { temporal } from '@temporalio/proto';
import { startHarness, uniqueId, type AsyncActivityInfo, type Harness, virtualClock } from './helpers';
import {
  activityTimeout,
  asyncActivity,
  cancelActivity,
  heartbeating,
  retryExhausted,
  retrying,
} from './workflows';

const EventType = temporal.api.enums.v1.EventType;

let h: Harness;
const asyncStarted: AsyncActivityInfo[] = [];
beforeAll(async () => {
  h = await startHarness('activities', { timeSkipping: virtualClock }, (info) => asyncStarted.push(info));
});
afterAll(async () => {
  await h?.stop();
});

async function history(workflowId: string) {
  return (await h.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('activity retries', () => {
  it('a failing activity is retried with exponential backoff, and only the successful attempt is in history', async () => {
    const workflowId = uniqueId('retry');
    const t0 = await h.env.currentTimeMs();
    expect(
      await h.env.client.workflow.execute(retrying, { taskQueue: h.taskQueue, workflowId, args: [2] }),
    ).toBe(3);
    const t1 = await h.env.currentTimeMs();
    // Backoff 2 s then 4 s on the virtual clock.
    expect(t1 - t0).toBeGreaterThanOrEqual(6_000);
    const events = await history(workflowId);
    const started = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    expect(started).toHaveLength(1);
    expect(started[0].activityTaskStartedEventAttributes?.attempt).toBe(3);
    expect(started[0].activityTaskStartedEventAttributes?.lastFailure?.message).toBe('failure 2');
  });

  it('when attempts run out the activity fails with MAXIMUM_ATTEMPTS_REACHED and the last failure as cause', async () => {
    const result = await h.env.client.workflow.execute(retryExhausted, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('exhaust'),
    });
    expect(result).toBe('MAXIMUM_ATTEMPTS_REACHED:failure 2');
  });
});

describe('activity timeouts', () => {
  it.each([
    ['startToClose', 'START_TO_CLOSE'],
    ['scheduleToClose', 'SCHEDULE_TO_CLOSE'],
    ['heartbeat', 'HEARTBEAT'],
    ['scheduleToStart', 'SCHEDULE_TO_START'],
  ] as const)('the %s timeout fails the activity with a %s timeout failure', async (kind, expected) => {
    const result = await h.env.client.workflow.execute(activityTimeout, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId(`timeout-${kind}`),
      args: [kind],
    });
    expect(result).toBe(expected);
  });
});

describe('heartbeats', () => {
  it('heartbeat details survive a failed attempt and are handed to the next attempt', async () => {
    // Attempt 1 heartbeats 1, 2 then crashes; attempt 2 resumes from 2 → 2 * 100 + attempt 2.
    expect(
      await h.env.client.workflow.execute(heartbeating, {
        taskQueue: h.taskQueue,
        workflowId: uniqueId('hb'),
        args: [4],
      }),
    ).toBe(202);
  });
});

describe('activity cancellation', () => {
  it('a running activity learns of its cancellation through its heartbeat and ends as cancelled', async () => {
    const workflowId = uniqueId('act-cancel');
    expect(await h.env.client.workflow.execute(cancelActivity, { taskQueue: h.taskQueue, workflowId })).toBe(
      'activity cancelled',
    );
    const types = (await history(workflowId)).map((e) => EventType[e.eventType as number]);
    expect(types).toContain('EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED');
    expect(types).toContain('EVENT_TYPE_ACTIVITY_TASK_CANCELED');
  });
});

describe('asynchronous completion', () => {
  it('an activity can be completed later by its task token', async () => {
    const workflowId = uniqueId('async-token');
    const handle = await h.env.client.workflow.start(asyncActivity, { taskQueue: h.taskQueue, workflowId });
    const info = await waitFor(
      () => asyncStarted.find((i) => i.workflowId === workflowId),
      'the async activity',
    );
    await h.env.client.activity.heartbeat(info.taskToken, 'still working');
    await h.env.client.activity.complete(info.taskToken, 'done by token');
    expect(await handle.result()).toBe('done by token');
  });

  it('an activity can be completed by workflow id and activity id (RespondActivityTaskCompletedById)', async () => {
    const workflowId = uniqueId('async-id');
    const handle = await h.env.client.workflow.start(asyncActivity, { taskQueue: h.taskQueue, workflowId });
    const info = await waitFor(
      () => asyncStarted.find((i) => i.workflowId === workflowId),
      'the async activity',
    );
    await h.env.client.activity.complete(
      { workflowId, runId: info.runId, activityId: info.activityId },
      'done by id',
    );
    expect(await handle.result()).toBe('done by id');
  });

  it('an activity can be failed by id, and a second completion of the same activity is NOT_FOUND', async () => {
    const workflowId = uniqueId('async-fail');
    const handle = await h.env.client.workflow.start(asyncActivity, { taskQueue: h.taskQueue, workflowId });
    const info = await waitFor(
      () => asyncStarted.find((i) => i.workflowId === workflowId),
      'the async activity',
    );
    await h.env.client.activity.complete(info.taskToken, 'first');
    await expect(h.env.client.activity.complete(info.taskToken, 'second')).rejects.toThrow(/not found/i);
    expect(await handle.result()).toBe('first');
  });
});
