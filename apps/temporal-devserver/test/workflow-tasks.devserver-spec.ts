jest.setTimeout(30_000);
// Workflow-task mechanics: task timeouts and transient retries, sticky queues and their fallback to the
// normal queue, full (paged) history after a cache miss. In-process server with a small history page.
import * as grpc from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowBundle } from '@caseflow/temporal/testing';
import { startDevServerInProcess, type DevServer } from './in-process';
import { packageDefinition } from '../src/proto';
import { testActivities, uniqueId, workflowsPath, type RawGrpcClient } from './helpers';
import { accumulator, addSignal, finishSignal, manySteps } from './workflows';

type Call = (request: object) => Promise<Record<string, any>>;

let server: DevServer;
let call: (method: string) => Call;
let rawClose: () => void;
let client: Client;
let connection: Connection;
let native: NativeConnection;

beforeAll(async () => {
  server = await startDevServerInProcess({ port: 0, pollTimeoutMs: 1000, historyPageSize: 20 });
  const def = packageDefinition()[
    'temporal.api.workflowservice.v1.WorkflowService'
  ] as grpc.ServiceDefinition;
  const Ctor = grpc.makeGenericClientConstructor(def, 'WorkflowService');
  const raw = new Ctor(server.address, grpc.credentials.createInsecure()) as unknown as RawGrpcClient;
  call = (method) => (request) =>
    new Promise((resolve, reject) =>
      raw[method](request, (e: Error | null, r: Record<string, any>) => (e ? reject(e) : resolve(r))),
    );
  rawClose = () => raw.close();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  native = await NativeConnection.connect({ address: server.address });
});
afterAll(async () => {
  rawClose?.();
  await connection?.close();
  await native?.close();
  await server?.stop();
});

const types = (events: Array<Record<string, any>>): string[] =>
  events.map((e) => e.eventType.replace('EVENT_TYPE_', ''));

async function historyOf(workflowId: string): Promise<Array<Record<string, any>>> {
  const res = await call('GetWorkflowExecutionHistory')({
    namespace: 'default',
    execution: { workflowId },
    maximumPageSize: 1000,
  });
  return res.history.events;
}

const startRaw = (workflowId: string, taskQueue: string, taskTimeoutSeconds = 1) =>
  call('StartWorkflowExecution')({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'anything' },
    taskQueue: { name: taskQueue },
    workflowTaskTimeout: { seconds: taskTimeoutSeconds },
    requestId: workflowId,
  });

describe('workflow task timeouts', () => {
  it('a task not completed within its timeout is timed out, retried as a transient attempt 2, and written on success', async () => {
    const workflowId = uniqueId('wft-timeout');
    const taskQueue = uniqueId('tq');
    await startRaw(workflowId, taskQueue);
    const first = await call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: taskQueue },
    });
    expect(first.attempt).toBe(1);
    // Do not answer; the 1 s start-to-close timeout fires.
    const second = await call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: taskQueue },
    });
    const second2 = second.taskToken.length
      ? second
      : await call('PollWorkflowTaskQueue')({ namespace: 'default', taskQueue: { name: taskQueue } });
    expect(second2.attempt).toBe(2);
    expect(types(second2.history.events)).toEqual([
      'WORKFLOW_EXECUTION_STARTED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_TIMED_OUT',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
    ]);
    // The transient attempt is not in the persisted history yet.
    expect(types(await historyOf(workflowId))).toHaveLength(4);
    await expect(
      call('RespondWorkflowTaskCompleted')({
        namespace: 'default',
        taskToken: first.taskToken,
        commands: [],
      }),
    ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    await call('RespondWorkflowTaskCompleted')({
      namespace: 'default',
      taskToken: second2.taskToken,
      commands: [
        {
          commandType: 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
          completeWorkflowExecutionCommandAttributes: {},
        },
      ],
    });
    expect(types(await historyOf(workflowId)).slice(4)).toEqual([
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
      'WORKFLOW_EXECUTION_COMPLETED',
    ]);
  });
});

describe('sticky queues', () => {
  it('after a completion with sticky attributes the next task goes to the sticky queue with only the new events', async () => {
    const workflowId = uniqueId('sticky');
    const taskQueue = uniqueId('tq');
    const sticky = `${taskQueue}-sticky`;
    await startRaw(workflowId, taskQueue, 10);
    const first = await call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: taskQueue },
    });
    // A worker polls its sticky queue (empty for now) ...
    await call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: sticky, kind: 'TASK_QUEUE_KIND_STICKY', normalName: taskQueue },
    });
    await call('RespondWorkflowTaskCompleted')({
      namespace: 'default',
      taskToken: first.taskToken,
      commands: [],
      stickyAttributes: {
        workerTaskQueue: { name: sticky, kind: 'TASK_QUEUE_KIND_STICKY' },
        scheduleToStartTimeout: { seconds: 5 },
      },
    });
    await call('SignalWorkflowExecution')({
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'go',
    });
    const task = await call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: sticky, kind: 'TASK_QUEUE_KIND_STICKY', normalName: taskQueue },
    });
    expect(task.history.events[0].eventId).toBe('4');
    expect(types(task.history.events)).toEqual([
      'WORKFLOW_TASK_COMPLETED',
      'WORKFLOW_EXECUTION_SIGNALED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
    ]);
    await call('TerminateWorkflowExecution')({ namespace: 'default', workflowExecution: { workflowId } });
  });

  it('a sticky task not picked up within the sticky schedule-to-start timeout moves to the normal queue with full history', async () => {
    const workflowId = uniqueId('sticky-timeout');
    const taskQueue = uniqueId('tq');
    const sticky = `${taskQueue}-sticky`;
    await startRaw(workflowId, taskQueue, 10);
    const first = await call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: taskQueue },
    });
    await call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: sticky, kind: 'TASK_QUEUE_KIND_STICKY', normalName: taskQueue },
    });
    await call('RespondWorkflowTaskCompleted')({
      namespace: 'default',
      taskToken: first.taskToken,
      commands: [],
      stickyAttributes: {
        workerTaskQueue: { name: sticky, kind: 'TASK_QUEUE_KIND_STICKY' },
        scheduleToStartTimeout: { seconds: 1 },
      },
    });
    await call('SignalWorkflowExecution')({
      namespace: 'default',
      workflowExecution: { workflowId },
      signalName: 'go',
    });
    let task = await call('PollWorkflowTaskQueue')({ namespace: 'default', taskQueue: { name: taskQueue } });
    if (!task.taskToken.length)
      task = await call('PollWorkflowTaskQueue')({ namespace: 'default', taskQueue: { name: taskQueue } });
    expect(task.history.events[0].eventId).toBe('1');
    expect(types(task.history.events).slice(-4)).toEqual([
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_TIMED_OUT',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
    ]);
    await call('TerminateWorkflowExecution')({ namespace: 'default', workflowExecution: { workflowId } });
  });
});

describe('cache misses and history paging', () => {
  it('a worker without a workflow cache gets full, paged history on every task and still completes', async () => {
    const taskQueue = uniqueId('nocache');
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: await workflowBundle(workflowsPath),
      activities: testActivities(),
      maxCachedWorkflows: 0,
    });
    const result = await worker.runUntil(
      client.workflow.execute(manySteps, { taskQueue, workflowId: uniqueId('paged'), args: [12] }),
    );
    expect(result).toBe(12 + 2);
  });

  it('a new worker picks up a run whose previous worker shut down (sticky queue gone) from full history', async () => {
    const taskQueue = uniqueId('handover');
    const bundle = await workflowBundle(workflowsPath);
    const workflowId = uniqueId('handover');
    const first = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: bundle,
      activities: testActivities(),
    });
    const handle = await first.runUntil(async () => {
      const h = await client.workflow.start(accumulator, { taskQueue, workflowId });
      await h.signal(addSignal, 4);
      await h.query('total');
      return h;
    });
    const second = await Worker.create({
      connection: native,
      taskQueue,
      workflowBundle: bundle,
      activities: testActivities(),
    });
    const total = await second.runUntil(async () => {
      await handle.signal(addSignal, 6);
      await handle.signal(finishSignal);
      return handle.result();
    });
    expect(total).toBe(10);
  });
});
