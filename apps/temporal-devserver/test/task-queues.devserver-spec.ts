// DescribeTaskQueue as Temporal's matching answers it (legacy mode): pollers per queue and task type, kept for
// the poller history TTL after their last poll; an unknown queue has none.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowBundle } from '@caseflow/temporal/testing';
import { startDevServerInProcess, type DevServer } from './in-process';
import { parseArgs } from '../src/main';
import { testActivities, uniqueId, workflowsPath } from './helpers';

const { TaskQueueType } = temporal.api.enums.v1;
const TTL_MS = 2000;

describe('DescribeTaskQueue', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    server = await startDevServerInProcess({ port: 0, pollTimeoutMs: 500, pollerHistoryTtlMs: TTL_MS });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  const describe_ = (taskQueue: string, type: number, extra: object = {}) =>
    connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: type,
      ...extra,
    });
  const msOf = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
    Number(ts?.seconds ?? 0) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);

  async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (ok(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('lists a polling worker by identity for both task types, then forgets it once the TTL has passed', async () => {
    const taskQueue = uniqueId('describe');
    const identity = `describe-worker-${process.pid}`;
    const native = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      identity,
      workflowBundle: await workflowBundle(workflowsPath),
      activities: testActivities(),
      maxTaskQueueActivitiesPerSecond: 50,
    });
    const running = worker.run();
    try {
      const wf = await until(
        () => describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
        (r) => (r.pollers ?? []).some((p) => p.identity === identity),
      );
      const poller = wf.pollers!.find((p) => p.identity === identity)!;
      expect(Math.abs(Date.now() - msOf(poller.lastAccessTime))).toBeLessThan(5000);
      expect(poller.ratePerSecond).toBe(100_000);

      const act = await until(
        () => describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
        (r) => (r.pollers ?? []).some((p) => p.identity === identity),
      );
      // The worker's task-queue-wide activity limit travels with its activity polls.
      expect(act.pollers!.find((p) => p.identity === identity)!.ratePerSecond).toBe(50);

      // It really serves the queue.
      const result = await client.workflow.execute('activityAndTimer', {
        taskQueue,
        workflowId: uniqueId('describe-wf'),
        args: ['poller'],
      });
      expect(result).toBe('hello poller');
    } finally {
      worker.shutdown();
      await running;
      await native.close();
    }

    // Right after shutdown it is still listed (Temporal keeps the history), with its last access in the past.
    const after = await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    const last = after.pollers!.find((p) => p.identity === identity);
    expect(last).toBeDefined();
    const lastAccess = msOf(last!.lastAccessTime);
    await new Promise((r) => setTimeout(r, 300));
    const still = await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    expect(msOf(still.pollers!.find((p) => p.identity === identity)?.lastAccessTime)).toBe(lastAccess);

    // Past the TTL it has aged out, for both types.
    await new Promise((r) => setTimeout(r, TTL_MS));
    expect((await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)).pollers).toEqual([]);
    expect((await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)).pollers).toEqual([]);
  });

  it("hands activities on the workflow's own queue back eagerly when the worker asks, else queues them", async () => {
    const native = await NativeConnection.connect({ address: server.address });
    try {
      for (const eager of [true, false]) {
        const taskQueue = uniqueId('eager');
        const worker = await Worker.create({
          connection: native,
          taskQueue,
          workflowBundle: await workflowBundle(workflowsPath),
          activities: testActivities(),
          // 0 reservations: the worker never asks for eager execution.
          ...(eager ? {} : { maxEagerActivityReservationsPerWorkflowTask: 0 }),
        });
        const result = await worker.runUntil(
          client.workflow.execute('activityAndTimer', {
            taskQueue,
            workflowId: uniqueId('eager-wf'),
            args: ['eager'],
          }),
        );
        expect(result).toBe('hello eager');
        // Tasks that went through the activity queue (readLevel counts tasks added).
        const status = await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY, {
          includeTaskQueueStatus: true,
        });
        expect(Number(status.taskQueueStatus?.readLevel)).toBe(eager ? 0 : 1);
      }
    } finally {
      await native.close();
    }
  });

  it('answers an empty poller list for a queue nobody polled, and reports its backlog when asked', async () => {
    const taskQueue = uniqueId('nobody-polls');
    const empty = await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW);
    expect(empty.pollers).toEqual([]);
    expect(empty.taskQueueStatus).toBeNull();
    expect((await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)).pollers).toEqual([]);

    const handle = await client.workflow.start('activityAndTimer', {
      taskQueue,
      workflowId: uniqueId('backlogged'),
      args: ['x'],
    });
    const withStatus = await describe_(taskQueue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, {
      includeTaskQueueStatus: true,
      reportStats: true,
    });
    expect(withStatus.pollers).toEqual([]);
    expect(Number(withStatus.taskQueueStatus?.backlogCountHint)).toBe(1);
    expect(withStatus.taskQueueStatus?.ratePerSecond).toBe(100_000);
    expect(Number(withStatus.stats?.approximateBacklogCount)).toBe(1);
    await handle.terminate();
  });

  it('rejects a request without a task queue and an unknown namespace', async () => {
    await expect(
      connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: '' } }),
    ).rejects.toMatchObject({ code: 3 });
    await expect(
      connection.workflowService.describeTaskQueue({ namespace: 'nope', taskQueue: { name: 'q' } }),
    ).rejects.toMatchObject({ code: 5 });
  });

  it('takes the poller history TTL from --dynamic-config-value like the Temporal CLI', () => {
    const args = (v: string) => ['server', 'start-dev', '--dynamic-config-value', v];
    expect(parseArgs(args('matching.PollerHistoryTTL="30s"')).pollerHistoryTtlMs).toBe(30_000);
    expect(parseArgs(args('matching.PollerHistoryTTL="1m30s"')).pollerHistoryTtlMs).toBe(90_000);
    expect(parseArgs(args('matching.PollerHistoryTTL=2')).pollerHistoryTtlMs).toBe(2000);
    expect(parseArgs(args('frontend.enableUpdateWorkflowExecution=true')).pollerHistoryTtlMs).toBeUndefined();
  });
});
