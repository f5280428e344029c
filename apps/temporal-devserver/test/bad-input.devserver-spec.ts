jest.setTimeout(30_000);
// Malformed and stale requests get precise gRPC errors and never take the server down; the CLI launches
// like the Temporal CLI.
import { spawn } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { devServerExecutable } from '@caseflow/temporal/testing';
import { startDevServerInProcess, type DevServer } from './in-process';
import { packageDefinition } from '../src/proto';
import type { RawGrpcClient } from './helpers';

type Call = (request: object) => Promise<Record<string, any>>;

function rawClient(address: string): { call: (method: string) => Call; raw: grpc.Client; close(): void } {
  const def = packageDefinition()[
    'temporal.api.workflowservice.v1.WorkflowService'
  ] as grpc.ServiceDefinition;
  const Ctor = grpc.makeGenericClientConstructor(def, 'WorkflowService');
  const client = new Ctor(address, grpc.credentials.createInsecure()) as unknown as RawGrpcClient;
  return {
    raw: client,
    call: (method) => (request) =>
      new Promise((resolve, reject) =>
        client[method](request, (err: Error | null, res: Record<string, any>) =>
          err ? reject(err) : resolve(res),
        ),
      ),
    close: () => client.close(),
  };
}

let server: DevServer;
let client: ReturnType<typeof rawClient>;
beforeAll(async () => {
  server = await startDevServerInProcess({ port: 0, pollTimeoutMs: 1000 });
  client = rawClient(server.address);
});
afterAll(async () => {
  client?.close();
  await server?.stop();
});

const start = (overrides: object = {}) =>
  client.call('StartWorkflowExecution')({
    namespace: 'default',
    workflowId: `wf-${Math.random()}`,
    workflowType: { name: 'someWorkflow' },
    taskQueue: { name: 'bad-input' },
    requestId: `${Math.random()}`,
    ...overrides,
  });

describe('malformed requests', () => {
  it('a start without a workflow id is INVALID_ARGUMENT saying which field is missing', async () => {
    await expect(start({ workflowId: '' })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/WorkflowId/),
    });
  });

  it('a start without a task queue or type is INVALID_ARGUMENT', async () => {
    await expect(start({ taskQueue: null })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/TaskQueue/),
    });
    await expect(start({ workflowType: null })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/WorkflowType/),
    });
  });

  it('a negative timeout is INVALID_ARGUMENT', async () => {
    await expect(start({ workflowRunTimeout: { seconds: -5 } })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: expect.stringMatching(/WorkflowRunTimeout/),
    });
  });

  it('an unknown namespace is NOT_FOUND', async () => {
    await expect(start({ namespace: 'no-such-namespace' })).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: expect.stringMatching(/no-such-namespace/),
    });
    await expect(client.call('DescribeNamespace')({ namespace: 'no-such-namespace' })).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
  });

  it('a signal, query or describe for an unknown workflow is NOT_FOUND', async () => {
    const execution = { workflowId: 'does-not-exist' };
    await expect(
      client.call('SignalWorkflowExecution')({
        namespace: 'default',
        workflowExecution: execution,
        signalName: 's',
      }),
    ).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
    await expect(
      client.call('DescribeWorkflowExecution')({ namespace: 'default', execution }),
    ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('an undecodable task token is INVALID_ARGUMENT', async () => {
    await expect(
      client.call('RespondWorkflowTaskCompleted')({
        namespace: 'default',
        taskToken: Buffer.from('garbage'),
      }),
    ).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(
      client.call('RespondActivityTaskCompleted')({ namespace: 'default', taskToken: Buffer.from('{}') }),
    ).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
  });

  it('a stale workflow task token (the task was already completed) is NOT_FOUND', async () => {
    await start({ workflowId: 'stale-token' });
    const task = await client.call('PollWorkflowTaskQueue')({
      namespace: 'default',
      taskQueue: { name: 'bad-input' },
    });
    expect(task.taskToken.length).toBeGreaterThan(0);
    const complete = {
      namespace: 'default',
      taskToken: task.taskToken,
      commands: [
        {
          commandType: 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
          completeWorkflowExecutionCommandAttributes: {},
        },
      ],
    };
    await client.call('RespondWorkflowTaskCompleted')(complete);
    await expect(client.call('RespondWorkflowTaskCompleted')(complete)).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
  });

  it('an empty poll times out with an empty response (no task token)', async () => {
    const res = await client.call('PollActivityTaskQueue')({
      namespace: 'default',
      taskQueue: { name: 'nobody-here' },
    });
    expect(res.taskToken?.length ?? 0).toBe(0);
  });

  it('RPCs the dev server does not implement answer UNIMPLEMENTED naming the RPC', async () => {
    await expect(client.call('DeleteWorkflowExecution')({ namespace: 'default' })).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      details: expect.stringMatching(/DeleteWorkflowExecution/),
    });
    await expect(client.call('ResetWorkflowExecution')({ namespace: 'default' })).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
      details: expect.stringMatching(/ResetWorkflowExecution/),
    });
  });

  it('a schedule whose action names no task queue or type is refused with INVALID_ARGUMENT naming it', async () => {
    const spec = { interval: [{ interval: { seconds: 3600 } }] };
    await expect(
      client.call('CreateSchedule')({
        namespace: 'default',
        scheduleId: 's',
        schedule: { spec, action: { startWorkflow: { workflowId: 'w', workflowType: { name: 'x' } } } },
      }),
    ).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: 'taskQueue is not set' });
    await expect(
      client.call('CreateSchedule')({
        namespace: 'default',
        scheduleId: 's',
        schedule: { spec, action: { startWorkflow: { workflowId: 'w', taskQueue: { name: 'q' } } } },
      }),
    ).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'WorkflowType is not set on request.',
    });
    await expect(
      client.call('CreateSchedule')({
        namespace: 'default',
        scheduleId: 's',
        schedule: { spec: { structuredCalendar: [{ hour: [{ start: 25 }], minute: [{ start: 61 }] }] } },
      }),
    ).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details:
        'Invalid schedule spec: invalid calendar spec: Minute Start is not in range [0-59], Hour Start is not in range [0-23]',
    });
    await expect(
      client.call('DescribeSchedule')({ namespace: 'default', scheduleId: 'nobody' }),
    ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('bytes that are not a protobuf message get an error and the server keeps serving', async () => {
    const raw = client.raw;
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      raw.makeUnaryRequest(
        '/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
        (e) => resolve(e),
      ),
    );
    expect(err?.code).toBeDefined();
    expect(err?.code).not.toBe(grpc.status.OK);
    const info = await client.call('GetSystemInfo')({});
    expect(info.serverVersion).toBeTruthy();
  });
});

describe('command line', () => {
  function launch(args: string[]): Promise<{ line: string; stop: () => Promise<number | null> }> {
    const child = spawn(devServerExecutable(), args, { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      child.stdout.once('data', (data: Buffer) => {
        child.removeAllListeners('exit');
        resolve({
          line: data.toString(),
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      });
    });
  }

  it('`server start-dev` accepts the Temporal CLI flags, serves every --namespace, prints one ready line and exits cleanly on SIGTERM', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const { line, stop } = await launch([
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--namespace',
      'default',
      '--namespace',
      'second',
      '--ui-port',
      '1234',
      '--headless',
      '--log-level',
      'warn',
      '--log-format',
      'json',
      '--db-filename',
      '/tmp/x.db',
      '--dynamic-config-value',
      'frontend.enableUpdateWorkflowExecution=true',
      '--search-attribute',
      'Priority=Int',
    ]);
    expect(line.trim().split('\n')).toHaveLength(1);
    const c = rawClient(`127.0.0.1:${port}`);
    const ns = await c.call('DescribeNamespace')({ namespace: 'second' });
    expect(ns.namespaceInfo.name).toBe('second');
    c.close();
    expect(await stop()).toBe(0);
  });

  it('`<port>` starts the time-skipping test server with the TestService', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const { stop } = await launch([String(port)]);
    const def = packageDefinition()['temporal.api.testservice.v1.TestService'] as grpc.ServiceDefinition;
    const Ctor = grpc.makeGenericClientConstructor(def, 'TestService');
    const c = new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as RawGrpcClient;
    const res = await new Promise<Record<string, any>>((resolve, reject) =>
      c.GetCurrentTime({}, (e: Error | null, r: Record<string, any>) => (e ? reject(e) : resolve(r))),
    );
    expect(Number(res.time.seconds)).toBeGreaterThan(0);
    c.close();
    expect(await stop()).toBe(0);
  });
});
