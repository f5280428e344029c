jest.setTimeout(30_000);
// Child workflows, continue-as-new and signals to external workflows.
import { temporal } from '@temporalio/proto';
import { startHarness, uniqueId, type Harness, virtualClock } from './helpers';
import { accumulator, continuer, parent, signalExternal } from './workflows';

const EventType = temporal.api.enums.v1.EventType;

let h: Harness;
beforeAll(async () => {
  h = await startHarness('children', { timeSkipping: virtualClock });
});
afterAll(async () => {
  await h?.stop();
});

const eventTypes = async (workflowId: string, runId?: string): Promise<string[]> =>
  ((await h.env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? []).map(
    (e) => EventType[e.eventType as number],
  );

describe('child workflows', () => {
  it('a parent receives its child’s result', async () => {
    const workflowId = uniqueId('parent-result');
    expect(
      await h.env.client.workflow.execute(parent, { taskQueue: h.taskQueue, workflowId, args: ['result'] }),
    ).toBe('child:ok');
    const types = await eventTypes(workflowId);
    expect(types).toEqual(
      expect.arrayContaining([
        'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
        'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED',
        'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED',
      ]),
    );
    const child = await h.env.client.workflow.getHandle(`${workflowId}-child`).describe();
    expect(child.parentExecution?.workflowId).toBe(workflowId);
  });

  it('a child’s failure reaches the parent as a ChildWorkflowFailure with the cause', async () => {
    expect(
      await h.env.client.workflow.execute(parent, {
        taskQueue: h.taskQueue,
        workflowId: uniqueId('parent-fail'),
        args: ['fail'],
      }),
    ).toBe('ChildWorkflowFailure:child failed');
  });

  it('a parent can signal its child', async () => {
    expect(
      await h.env.client.workflow.execute(parent, {
        taskQueue: h.taskQueue,
        workflowId: uniqueId('parent-signal'),
        args: ['signal'],
      }),
    ).toBe('child signalled');
  });

  it('cancelling a child from the parent cancels the child run', async () => {
    const workflowId = uniqueId('parent-cancel');
    expect(
      await h.env.client.workflow.execute(parent, { taskQueue: h.taskQueue, workflowId, args: ['cancel'] }),
    ).toBe('child cancelled');
    expect((await h.env.client.workflow.getHandle(`${workflowId}-child`).describe()).status.name).toBe(
      'CANCELLED',
    );
  });

  it('when the parent closes, TERMINATE children are terminated and ABANDON children keep running', async () => {
    const workflowId = uniqueId('parent-close');
    expect(
      await h.env.client.workflow.execute(parent, { taskQueue: h.taskQueue, workflowId, args: ['abandon'] }),
    ).toBe('parent done');
    const abandoned = h.env.client.workflow.getHandle(`${workflowId}-child`);
    const terminated = h.env.client.workflow.getHandle(`${workflowId}-child-terminated`);
    expect((await terminated.describe()).status.name).toBe('TERMINATED');
    expect((await abandoned.describe()).status.name).toBe('RUNNING');
    await abandoned.terminate();
  });
});

describe('continue-as-new', () => {
  it('a workflow that continues as new runs as a chain of runs and the client follows it to the final result', async () => {
    const workflowId = uniqueId('can');
    const handle = await h.env.client.workflow.start(continuer, {
      taskQueue: h.taskQueue,
      workflowId,
      args: [0, 3],
    });
    expect(await handle.result()).toBe(3);
    const first = await eventTypes(workflowId, handle.firstExecutionRunId);
    expect(first[first.length - 1]).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    const latest = await h.env.client.workflow.getHandle(workflowId).describe();
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);
    expect(latest.status.name).toBe('COMPLETED');
  });
});

describe('signals to external workflows', () => {
  it('a workflow signals another by id; signalling a missing workflow fails in the sender', async () => {
    const targetId = uniqueId('target');
    const target = await h.env.client.workflow.start(accumulator, {
      taskQueue: h.taskQueue,
      workflowId: targetId,
    });
    const result = await h.env.client.workflow.execute(signalExternal, {
      taskQueue: h.taskQueue,
      workflowId: uniqueId('sender'),
      args: [targetId],
    });
    expect(result).toMatch(/^signalled; missing: /);
    expect(await target.result()).toBe(5);
  });
});
