// Persistence: the dev server in its own process with --db-url, killed with SIGKILL or stopped with SIGTERM
// while workflows run, started again on the same database.
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { workflowBundle } from '@caseflow/temporal/testing';
import { workflowsPath } from './helpers';
import {
  ServerProcess,
  TestDb,
  createDevServerDatabase,
  freePort,
  spawnDevServer,
  spawnExpectingExit,
} from './persistence-helpers';
import type { DurableActivities } from './workflows';

jest.setTimeout(150_000);

interface Attempt {
  key: string;
  step: string;
  attempt: number;
  startedAt: number;
  finishedAt: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The bytes of a whole history as the server sends it (decoded by the client, encoded again). */
async function historyBytes(connection: Connection, workflowId: string): Promise<Buffer> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return Buffer.from(temporal.api.history.v1.History.encode({ events }).finish());
}

/** How long after an activity returns its completion may still be unreported to the server. */
const REPORT_LAG_MS = 5_000;
describe('dev server persistence (PostgreSQL)', () => {
  let db: TestDb;
  let port: number;
  let server: ServerProcess | undefined;
  let connection: Connection;
  let client: Client;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  const attempts: Attempt[] = [];
  const taskQueue = 'persistence';

  beforeAll(async () => {
    db = await createDevServerDatabase();
    port = await freePort();
    server = await spawnDevServer(port, db.url);
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    const activities: DurableActivities = {
      async recordStep(key, step) {
        const { Context } = await import('@temporalio/activity');
        const info = Context.current().info;
        const startedAt = Date.now();
        // Long enough that a kill finds some attempts in flight.
        await sleep(50 + Math.floor(Math.random() * 250));
        attempts.push({ key, step, attempt: info.attempt, startedAt, finishedAt: Date.now() });
        return `${step}#${info.attempt}`;
      },
    };
    worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(workflowsPath),
      activities,
      maxConcurrentActivityTaskExecutions: 100,
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await nativeConnection?.close();
    await connection?.close();
    await server?.stop();
    await db?.drop();
  });

  it('kill -9 while 200 workflows run: each completes exactly once, effects at least once, histories replay', async () => {
    const count = 200;
    const handles: WorkflowHandle[] = [];
    const startedAt = Date.now();
    for (let i = 0; i < count; i++) {
      handles.push(
        await client.workflow.start('durableCase', {
          taskQueue,
          workflowId: `case-${i}`,
          args: [`case-${i}`, 500 + (i % 20) * 100],
          workflowTaskTimeout: '2s',
        }),
      );
    }
    // Signal half of them now; the rest after the restart.
    await Promise.all(handles.slice(0, count / 2).map((h) => h.signal('proceed', 'before')));
    await sleep(Math.max(0, startedAt + 1200 - Date.now()));

    const killedAt = Date.now();
    await server!.kill9();
    await sleep(1000);
    server = await spawnDevServer(port, db.url);

    await Promise.all(handles.slice(count / 2).map((h) => h.signal('proceed', 'after')));
    const results = (await Promise.all(handles.map((h) => h.result()))) as string[][];

    // Every workflow completed, exactly once: one run, one close event, a result naming both steps.
    for (const [i, result] of results.entries()) {
      expect(result[0]).toMatch(/^first#\d+$/);
      expect(result[1]).toBe(`signal:${i < count / 2 ? 'before' : 'after'}`);
      expect(result[2]).toMatch(/^second#\d+$/);
    }
    const listed: string[] = [];
    for await (const w of client.workflow.list({ query: `WorkflowType = 'durableCase'` })) {
      expect(w.status.name).toBe('COMPLETED');
      listed.push(w.workflowId);
    }
    expect(listed.sort()).toEqual(handles.map((h) => h.workflowId).sort());

    // Activity effects: once per step, or more only where an attempt of that step was cut off by the kill.
    const byStep = new Map<string, Attempt[]>();
    for (const a of attempts) {
      const k = `${a.key}/${a.step}`;
      byStep.set(k, [...(byStep.get(k) ?? []), a]);
    }
    expect(byStep.size).toBe(count * 2);
    let retriedByKill = 0;
    for (const [k, list] of byStep) {
      if (list.length === 1) continue;
      // The SDK reports a completion after the function returns, asynchronously; on a loaded machine that
      // report can trail by seconds, and one the server had not committed before the kill is legitimately
      // retried (Temporal's at-least-once). Likewise a task the worker took before the kill can begin
      // running a little after it, and its completion then finds no server. So "cut off" spans a few
      // seconds either side of the kill.
      const cutOff = list.some(
        (a) => a.startedAt <= killedAt + REPORT_LAG_MS && a.finishedAt >= killedAt - REPORT_LAG_MS,
      );
      if (!cutOff) {
        const times = list
          .map((a) => `[${a.startedAt - killedAt}, ${a.finishedAt - killedAt}] ms`)
          .join(', ');
        throw new Error(`${k} ran ${list.length} times without being cut off by the kill (${times} from it)`);
      }
      retriedByKill++;
    }
    expect(retriedByKill).toBeLessThan(count);

    // Every history replays.
    const histories = await Promise.all(handles.map((h) => h.fetchHistory()));
    const replayed = Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(workflowsPath) },
      histories.map((history, i) => ({ workflowId: handles[i].workflowId, history })),
    );
    let replays = 0;
    for await (const r of replayed) {
      expect(r.error).toBeUndefined();
      replays++;
    }
    expect(replays).toBe(count);
  });

  it('clean restart (SIGTERM): timers that came due while down fire at once, in due order; histories unchanged', async () => {
    const delays = [1600, 1200, 2000, 1400, 1800];
    const handles = await Promise.all(
      delays.map((ms, i) =>
        client.workflow.start('sleeper', { taskQueue, workflowId: `sleeper-${i}`, args: [ms] }),
      ),
    );
    // Wait until every timer is started.
    for (;;) {
      const histories = await Promise.all(handles.map((h) => h.fetchHistory()));
      if (histories.every((h) => h.events?.some((e) => e.timerStartedEventAttributes))) break;
      await sleep(50);
    }
    const before = await Promise.all(handles.map((h) => historyBytes(connection, h.workflowId)));
    await server!.stop();
    await sleep(2500);
    const restartedAt = Date.now();
    server = await spawnDevServer(port, db.url);
    await Promise.all(handles.map((h) => h.result()));

    const fired: Array<{ due: number; taskId: number; firedAt: number }> = [];
    for (const [i, h] of handles.entries()) {
      const after = await historyBytes(connection, h.workflowId);
      // What was there before the restart is there byte for byte.
      expect(after.length).toBeGreaterThan(before[i].length);
      const history = await h.fetchHistory();
      const prefix = temporal.api.history.v1.History.encode({
        events: history.events!.slice(0, temporal.api.history.v1.History.decode(before[i]).events.length),
      }).finish();
      expect(Buffer.from(prefix).equals(before[i])).toBe(true);
      const events = history.events!;
      const started = events.find((e) => e.timerStartedEventAttributes)!;
      const firedEvent = events.find((e) => e.timerFiredEventAttributes)!;
      const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
        Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
      fired.push({
        due: ms(started.eventTime) + delays[i],
        taskId: Number(firedEvent.taskId),
        firedAt: ms(firedEvent.eventTime),
      });
    }
    for (const f of fired) {
      expect(f.due).toBeLessThan(restartedAt);
      expect(f.firedAt - restartedAt).toBeLessThan(5000);
    }
    const inDueOrder = [...fired].sort((a, b) => a.due - b.due);
    for (let i = 1; i < inDueOrder.length; i++) {
      expect(inDueOrder[i].taskId).toBeGreaterThan(inDueOrder[i - 1].taskId);
      expect(inDueOrder[i].firedAt).toBeGreaterThanOrEqual(inDueOrder[i - 1].firedAt);
    }
  });

  it('a second server on the same schema refuses to start', async () => {
    const { code, output } = await spawnExpectingExit(await freePort(), db.url);
    expect(code).toBe(1);
    expect(output).toMatch(/Another temporal-devserver is already using schema "temporal_devserver"/);
    expect(output).not.toMatch(/ at /); // a message, not a stack trace
  });

  it('a schema newer than the server knows is refused', async () => {
    const pg = new PgClient({ connectionString: db.url });
    await pg.connect();
    try {
      await pg.query('CREATE SCHEMA from_the_future');
      await pg.query('CREATE TABLE from_the_future.schema_version (version integer PRIMARY KEY)');
      await pg.query('INSERT INTO from_the_future.schema_version VALUES (1), (999)');
    } finally {
      await pg.end();
    }
    const { code, output } = await spawnExpectingExit(await freePort(), db.url, [
      '--db-schema',
      'from_the_future',
    ]);
    expect(code).toBe(1);
    expect(output).toMatch(
      /schema "from_the_future" is at version 999, newer than this temporal-devserver supports/,
    );
  });
});
