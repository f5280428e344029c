jest.setTimeout(30_000);
// Workflow-level semantics against the time-skipping server: signals, queries, updates, cancel, terminate,
// id reuse and conflict policies, timers and the virtual clock.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  QueryNotRegisteredError,
} from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { startHarness, uniqueId, type Harness, itOnVirtualClock, virtualClock } from './helpers';
import {
  accumulator,
  addSignal,
  brokenWorkflow,
  cancellable,
  failing,
  flaky,
  finishSignal,
  runForever,
  setUpdate,
  sleeper,
  timerRace,
  totalQuery,
} from './workflows';

const EventType = temporal.api.enums.v1.EventType;

let h: Harness;
beforeAll(async () => {
  h = await startHarness('core', { timeSkipping: virtualClock });
});
afterAll(async () => {
  await h?.stop();
});

async function eventTypes(workflowId: string): Promise<string[]> {
  const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).map((e) => EventType[e.eventType as number]);
}

describe('signals and queries', () => {
  it('delivers signals in order and the workflow sees all of them', async () => {
    const handle = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('sig'),
    });
    for (const n of [1, 2, 3]) await handle.signal(addSignal, n);
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe(6);
  });

  it('signal-with-start starts the workflow with the signal already in history, then signals the running one', async () => {
    const workflowId = uniqueId('sws');
    const first = await h.env.client.workflow.signalWithStart(accumulator, {
      taskQueue: h.taskQueue,
      workflowId,
      signal: addSignal,
      signalArgs: [10],
    });
    const second = await h.env.client.workflow.signalWithStart(accumulator, {
      taskQueue: h.taskQueue,
      workflowId,
      signal: addSignal,
      signalArgs: [5],
    });
    expect(second.signaledRunId).toBe(first.signaledRunId);
    await first.signal(finishSignal);
    expect(await first.result()).toBe(15);
    const types = await eventTypes(workflowId);
    expect(types.slice(0, 3)).toEqual([
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
    ]);
  });

  it('answers queries on running and on closed workflows; an unknown query type is an error', async () => {
    const handle = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('query'),
    });
    await handle.signal(addSignal, 7);
    expect(await handle.query(totalQuery)).toBe(7);
    await handle.signal(finishSignal);
    await handle.result();
    expect(await handle.query(totalQuery)).toBe(7);
    await expect(handle.query('nope')).rejects.toBeInstanceOf(QueryNotRegisteredError);
  });
});

describe('updates', () => {
  it('an accepted update runs its handler, returns its result and is recorded as accepted + completed', async () => {
    const handle = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('upd'),
    });
    expect(await handle.executeUpdate(setUpdate, { args: [42] })).toBe(42);
    expect(await handle.query(totalQuery)).toBe(42);
    const types = await eventTypes(handle.workflowId);
    expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED');
    await handle.terminate();
  });

  it('an update rejected by its validator fails for the caller and leaves no trace in history', async () => {
    const handle = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('rej'),
    });
    await handle.signal(addSignal, 1);
    expect(await handle.query(totalQuery)).toBe(1);
    const before = await eventTypes(handle.workflowId);
    await expect(handle.executeUpdate(setUpdate, { args: [-1] })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    expect(await eventTypes(handle.workflowId)).toEqual(before);
    // The workflow still works afterwards.
    expect(await handle.executeUpdate(setUpdate, { args: [3] })).toBe(3);
    await handle.terminate();
  });

  it('an update started asynchronously is accepted first and its result fetched later (PollWorkflowExecutionUpdate)', async () => {
    const handle = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('async-upd'),
    });
    const updateHandle = await handle.startUpdate(setUpdate, { args: [9], waitForStage: 'ACCEPTED' });
    expect(await updateHandle.result()).toBe(9);
    const again = h.env.client.workflow
      .getHandle(handle.workflowId)
      .getUpdateHandle<number>(updateHandle.updateId);
    expect(await again.result()).toBe(9);
    await handle.terminate();
  });

  it('updates with the same update id are deduplicated: the handler runs once', async () => {
    const handle = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('dedup'),
    });
    const a = await handle.executeUpdate(setUpdate, { args: [5], updateId: 'same' });
    const b = await handle.executeUpdate(setUpdate, { args: [6], updateId: 'same' });
    expect([a, b]).toEqual([5, 5]);
    const types = await eventTypes(handle.workflowId);
    expect(types.filter((t) => t === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toHaveLength(1);
    await handle.terminate();
  });
});

describe('cancel, terminate, failure', () => {
  it('cancellation reaches the workflow, which can clean up and then ends as cancelled', async () => {
    const handle = await h.env.client.workflow.start(cancellable, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('cancel'),
    });
    await h.env.sleep('1s');
    await handle.cancel();
    const err = await handle.result().catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(err.cause).toBeInstanceOf(CancelledFailure);
    const types = await eventTypes(handle.workflowId);
    expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED');
    expect(types).toContain('EVENT_TYPE_ACTIVITY_TASK_COMPLETED');
    expect(types[types.length - 1]).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED');
  });

  it('termination closes the run immediately with the reason', async () => {
    const handle = await h.env.client.workflow.start(runForever, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('term'),
    });
    await handle.terminate('enough');
    const err = await handle.result().catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(err.cause).toBeInstanceOf(TerminatedFailure);
    expect((await handle.describe()).status.name).toBe('TERMINATED');
  });

  it('a workflow that throws an ApplicationFailure fails with it', async () => {
    const err = await h.env.client.workflow
      .execute(failing, { taskQueue: h.taskQueue, workflowId: uniqueId('fail'), args: ['boom'] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(err.cause.message).toBe('boom');
  });

  it('a workflow with a retry policy is retried as new runs after backoff, and the client follows to the result', async () => {
    const workflowId = uniqueId('wf-retry');
    const result = await h.env.client.workflow.execute(flaky, {
      taskQueue: h.taskQueue,
      workflowId,
      // A minute's backoff on the virtual clock; on real Temporal, in real time, a second.
      retry: { initialInterval: virtualClock ? '1 minute' : '1 second', maximumAttempts: 5 },
    });
    expect(result).toBe(3);
    const first = await h.env.client.workflow.getHandle(workflowId, undefined, undefined).describe();
    expect(first.status.name).toBe('COMPLETED');
  });

  it('a workflow whose retry attempts run out fails with the last failure', async () => {
    const err = await h.env.client.workflow
      .execute(flaky, {
        taskQueue: h.taskQueue,
        workflowId: uniqueId('wf-retry-out'),
        retry: { maximumAttempts: 2 },
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(err.cause.message).toBe('attempt 2 failed');
  });

  it('a bug in workflow code fails the workflow task (recorded once) and the run stays open for a fix', async () => {
    const handle = await h.env.client.workflow.start(brokenWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('broken'),
    });
    for (let i = 0; i < 50; i++) {
      if ((await eventTypes(handle.workflowId)).includes('EVENT_TYPE_WORKFLOW_TASK_FAILED')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const types = await eventTypes(handle.workflowId);
    expect(types.filter((t) => t === 'EVENT_TYPE_WORKFLOW_TASK_FAILED')).toHaveLength(1);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate();
  });
});

describe('workflow ids', () => {
  it('starting a second run while one is running fails with WorkflowExecutionAlreadyStartedError', async () => {
    const workflowId = uniqueId('dup');
    await h.env.client.workflow.start(runForever, { taskQueue: h.taskQueue, workflowId });
    await expect(
      h.env.client.workflow.start(runForever, { taskQueue: h.taskQueue, workflowId }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await h.env.client.workflow.getHandle(workflowId).terminate();
  });

  it('conflict policy USE_EXISTING returns the running run; TERMINATE_EXISTING replaces it', async () => {
    const workflowId = uniqueId('conflict');
    const first = await h.env.client.workflow.start(runForever, { taskQueue: h.taskQueue, workflowId });
    const same = await h.env.client.workflow.start(runForever, {
      taskQueue: h.taskQueue,
      workflowId,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    expect(same.firstExecutionRunId).toBe(first.firstExecutionRunId);
    const replaced = await h.env.client.workflow.start(runForever, {
      taskQueue: h.taskQueue,
      workflowId,
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    });
    expect(replaced.firstExecutionRunId).not.toBe(first.firstExecutionRunId);
    expect(
      (await h.env.client.workflow.getHandle(workflowId, first.firstExecutionRunId).describe()).status.name,
    ).toBe('TERMINATED');
    await replaced.terminate();
  });

  it('reuse policy REJECT_DUPLICATE refuses a closed id; ALLOW_DUPLICATE_FAILED_ONLY refuses after success only', async () => {
    const workflowId = uniqueId('reuse');
    await h.env.client.workflow.execute(sleeper, { taskQueue: h.taskQueue, workflowId, args: [1] });
    await expect(
      h.env.client.workflow.start(sleeper, {
        taskQueue: h.taskQueue,
        workflowId,
        args: [1],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    await expect(
      h.env.client.workflow.start(sleeper, {
        taskQueue: h.taskQueue,
        workflowId,
        args: [1],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const failedId = uniqueId('reuse-failed');
    await h.env.client.workflow
      .execute(failing, { taskQueue: h.taskQueue, workflowId: failedId, args: ['x'] })
      .catch(() => undefined);
    const again = await h.env.client.workflow.start(sleeper, {
      taskQueue: h.taskQueue,
      workflowId: failedId,
      args: [1],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    await again.result();
  });
});

describe('timers and the virtual clock', () => {
  itOnVirtualClock(
    'a long timer completes without waiting in real time, and the workflow clock advances by its length',
    async () => {
      const started = Date.now();
      const [before, after] = await h.env.client.workflow.execute(sleeper, {
        taskQueue: h.taskQueue,
        workflowId: uniqueId('sleep'),
        args: [7 * 24 * 3600_000],
      });
      expect(after - before).toBeGreaterThanOrEqual(7 * 24 * 3600_000);
      expect(Date.now() - started).toBeLessThan(10_000);
    },
  );

  itOnVirtualClock('env.sleep advances the server clock by exactly the requested duration', async () => {
    const t0 = await h.env.currentTimeMs();
    await h.env.sleep('3 days');
    const t1 = await h.env.currentTimeMs();
    expect(t1 - t0).toBeGreaterThanOrEqual(3 * 24 * 3600_000);
    expect(t1 - t0).toBeLessThan(3 * 24 * 3600_000 + 2_000);
  });

  itOnVirtualClock('history event times use the virtual clock', async () => {
    const workflowId = uniqueId('times');
    await h.env.client.workflow.execute(sleeper, {
      taskQueue: h.taskQueue,
      workflowId,
      args: [24 * 3600_000],
    });
    const events = (await h.env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const started = Number(events[0].eventTime?.seconds);
    const fired = events.find((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
    expect(Number(fired?.eventTime?.seconds) - started).toBeGreaterThanOrEqual(24 * 3600);
  });

  it('a timer cancelled by the workflow records TimerCanceled and never fires', async () => {
    const handle = await h.env.client.workflow.start(timerRace, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('race'),
    });
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe('signal');
    const types = await eventTypes(handle.workflowId);
    expect(types).toContain('EVENT_TYPE_TIMER_CANCELED');
    expect(types).not.toContain('EVENT_TYPE_TIMER_FIRED');
  });

  itOnVirtualClock('a timer that wins the race fires', async () => {
    expect(
      await h.env.client.workflow.execute(timerRace, {
        taskQueue: h.taskQueue,
        workflowId: uniqueId('race2'),
      }),
    ).toBe('timer');
  });

  itOnVirtualClock('the workflow run timeout closes the run as timed out', async () => {
    const err = await h.env.client.workflow
      .execute(runForever, {
        taskQueue: h.taskQueue,
        workflowId: uniqueId('run-timeout'),
        workflowRunTimeout: '1 hour',
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(err.cause).toBeInstanceOf(TimeoutFailure);
  });

  itOnVirtualClock('the workflow execution timeout closes the run as timed out', async () => {
    const handle = await h.env.client.workflow.start(runForever, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('exec-timeout'),
      workflowExecutionTimeout: '2 hours',
    });
    const err = await handle.result().catch((e) => e);
    expect(err.cause).toBeInstanceOf(TimeoutFailure);
    expect((await handle.describe()).status.name).toBe('TIMED_OUT');
  });
});
