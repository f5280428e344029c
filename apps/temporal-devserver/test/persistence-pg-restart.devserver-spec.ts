// Persistence: PostgreSQL restarted under a running dev server. Requests in between answer UNAVAILABLE (the
// SDK retries them), the server stays up, reconnects, saves what changed meanwhile and carries on.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { workflowBundle } from '@caseflow/temporal/testing';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../launcher/src/embedded-postgres';
import { workflowsPath } from './helpers';
import { ServerProcess, freePort, spawnDevServer } from './persistence-helpers';
import type { DurableActivities } from './workflows';

jest.setTimeout(150_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('dev server persistence: PostgreSQL restarted underneath', () => {
  let dataDir: string;
  let pgPort: number;
  let pg: EmbeddedPostgresHandle | undefined;
  let server: ServerProcess | undefined;
  let connection: Connection;
  let client: Client;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = 'pg-restart';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'devserver-pg-restart-'));
    // The embedded PostgreSQL runs as the postgres user when the tests run as root.
    fs.chmodSync(dataDir, 0o755);
    pgPort = await freePort();
    pg = await startEmbeddedPostgres({ dataDir, port: pgPort, password: 'devserver' });
    server = await spawnDevServer(await freePort(), pg.url);
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    const activities: DurableActivities = {
      async recordStep(key, step) {
        await sleep(20);
        return `${step}:${key}`;
      },
    };
    worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(workflowsPath),
      activities,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await nativeConnection?.close();
    await connection?.close();
    await server?.stop();
    await pg?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers UNAVAILABLE while the database is down, then reconnects and every workflow completes', async () => {
    const handles: WorkflowHandle[] = [];
    for (let i = 0; i < 30; i++) {
      const handle = await client.workflow.start('durableCase', {
        taskQueue,
        workflowId: `pg-restart-${i}`,
        args: [`k${i}`, 1500 + i * 50],
        workflowTaskTimeout: '2s',
      });
      await handle.signal('proceed', 'go');
      handles.push(handle);
    }
    // A connection without the SDK's retry interceptor sees the status itself.
    const raw = await Connection.connect({ address: server!.address, interceptors: [] });
    await sleep(500);
    await pg!.stop();
    pg = undefined;
    const codes: number[] = [];
    try {
      for (let i = 0; i < 20 && !codes.includes(14); i++) {
        try {
          await raw.workflowService.startWorkflowExecution({
            namespace: 'default',
            workflowId: `during-outage-${i}`,
            workflowType: { name: 'sleeper' },
            taskQueue: { name: taskQueue },
            input: { payloads: [] },
            requestId: `during-outage-${i}`,
          });
        } catch (err) {
          codes.push((err as { code: number }).code);
        }
        await sleep(100);
      }
      expect(codes).toContain(14);
      expect(codes.every((c) => c === 14)).toBe(true);
      await expect(raw.workflowService.describeNamespace({ namespace: 'default' })).rejects.toMatchObject({
        code: 14,
      });
    } finally {
      await raw.close();
    }
    await sleep(1500);
    expect(server!.child.exitCode).toBeNull();

    pg = await startEmbeddedPostgres({ dataDir, port: pgPort, password: 'devserver' });
    const results = (await Promise.all(handles.map((h) => h.result()))) as string[][];
    results.forEach((r, i) => expect(r).toEqual([`first:k${i}`, 'signal:go', `second:k${i}`]));
    expect(server!.child.exitCode).toBeNull();
    expect(server!.output()).toMatch(/database reachable again/);

    // What happened while the database was down was saved after it came back: a restart finds it all.
    const port = Number(server!.address.split(':')[1]);
    await server!.stop();
    server = await spawnDevServer(port, pg.url);
    const histories = await Promise.all(handles.map((h) => h.fetchHistory()));
    const replayed = Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(workflowsPath) },
      histories.map((history, i) => ({ workflowId: handles[i].workflowId, history })),
    );
    let count = 0;
    for await (const r of replayed) {
      expect(r.error).toBeUndefined();
      count++;
    }
    expect(count).toBe(handles.length);
    for (const h of handles) expect((await h.describe()).status.name).toBe('COMPLETED');
  });
});
