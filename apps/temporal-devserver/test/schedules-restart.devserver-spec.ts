// Schedules across a restart of the dev server (its own process, on PostgreSQL, killed with SIGKILL): every due
// time is taken exactly once, the times that came due while it was down are taken when it is back (within the
// catch-up window), and older ones are counted as missed. Dev-server only: real Temporal's durability is its own.
import { Client, Connection, ScheduleHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import {
  ServerProcess,
  TestDb,
  createDevServerDatabase,
  freePort,
  spawnDevServer,
} from './persistence-helpers';
import { onRealTemporal } from '@caseflow/temporal/testing';
import { uniqueId } from './helpers';

jest.setTimeout(120_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ID_TIME = /-(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/;

// In the real-Temporal lane this file has nothing to compare: it drives the dev server's own persistence.
const describeDevServer = onRealTemporal() ? describe.skip : describe;

describeDevServer('Schedules on a persistent dev server, across kill -9', () => {
  let db: TestDb;
  let port: number;
  let server: ServerProcess | undefined;
  let connection: Connection | undefined;

  beforeAll(async () => {
    db = await createDevServerDatabase();
    port = await freePort();
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
    await db?.drop();
  });

  async function connect(): Promise<Client> {
    await connection?.close();
    connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    return new Client({ connection });
  }

  /** Every run the schedule started: its nominal time (from its id) and when it started. */
  async function runsOf(
    client: Client,
    prefix: string,
  ): Promise<Array<{ nominal: number; started: number }>> {
    const out: Array<{ nominal: number; started: number }> = [];
    for await (const wf of client.workflow.list({ query: `WorkflowType = 'sleeper'` })) {
      if (!wf.workflowId.startsWith(`${prefix}-`)) continue;
      out.push({ nominal: Date.parse(ID_TIME.exec(wf.workflowId)![1]), started: wf.startTime.getTime() });
    }
    return out.sort((a, b) => a.nominal - b.nominal);
  }

  async function createEverySecond(
    client: Client,
    prefix: string,
    catchupWindow?: Duration,
  ): Promise<ScheduleHandle> {
    return client.schedule.create({
      scheduleId: uniqueId(prefix),
      spec: { intervals: [{ every: '1s' }] },
      // Nobody polls this queue: the runs stay open, and ALLOW_ALL starts every time that is due.
      action: {
        type: 'startWorkflow',
        workflowType: 'sleeper',
        args: [10],
        taskQueue: 'nobody',
        workflowId: prefix,
      },
      policies: { overlap: 'ALLOW_ALL', ...(catchupWindow ? { catchupWindow } : {}) },
    });
  }

  it('takes every due time exactly once across a kill -9, the times missed while down as soon as it is back', async () => {
    server = await spawnDevServer(port, db.url);
    let client = await connect();
    const prefix = uniqueId('restart-run');
    const handle = await createEverySecond(client, prefix);
    const scheduleId = handle.scheduleId;
    while ((await handle.describe()).info.numActionsTaken < 2) await sleep(200);
    await server.kill9();
    const downAt = Date.now();
    // Down for 5 s: at least 3 whole seconds fall between the kill and a second before the restart, however
    // quickly the server starts again (it starts in about 1 s now that its compiled code is cached).
    await sleep(5000);
    server = await spawnDevServer(port, db.url);
    const upAt = Date.now();
    client = await connect();
    await sleep(2500);
    await client.schedule.getHandle(scheduleId).pause('done');
    const runs = await runsOf(client, prefix);
    // One run per second from the first to the last: none twice (the ids would say so), none missing.
    for (let i = 1; i < runs.length; i++) expect(runs[i].nominal - runs[i - 1].nominal).toBe(1000);
    // The seconds that passed while the server was down were started once it was back.
    const missedWhileDown = runs.filter((r) => r.nominal > downAt && r.nominal < upAt - 1000);
    expect(missedWhileDown.length).toBeGreaterThanOrEqual(3);
    for (const r of missedWhileDown) expect(r.started).toBeGreaterThanOrEqual(upAt - 2000);
    const d = await client.schedule.getHandle(scheduleId).describe();
    expect(d.info.numActionsTaken).toBe(runs.length);
    expect(d.info.numActionsMissedCatchupWindow).toBe(0);
  });

  it('counts the times older than the catch-up window as missed instead of running them late', async () => {
    server ??= await spawnDevServer(port, db.url);
    let client = await connect();
    const prefix = uniqueId('catchup-run');
    const handle = await createEverySecond(client, prefix, '10s');
    const scheduleId = handle.scheduleId;
    while ((await handle.describe()).info.numActionsTaken < 1) await sleep(200);
    await server.kill9();
    const downAt = Date.now();
    await sleep(14_000);
    server = await spawnDevServer(port, db.url);
    const upAt = Date.now();
    client = await connect();
    await sleep(1500);
    await client.schedule.getHandle(scheduleId).pause('done');
    const d = await client.schedule.getHandle(scheduleId).describe();
    const runs = await runsOf(client, prefix);
    // Down ~14 s with a 10 s window: the first few seconds of the outage are missed, the rest are run.
    expect(d.info.numActionsMissedCatchupWindow).toBeGreaterThanOrEqual(2);
    const late = runs.filter((r) => r.nominal > downAt);
    for (const r of late) expect(upAt - r.nominal).toBeLessThanOrEqual(10_000 + 2000);
    expect(runs.some((r) => r.nominal > downAt && r.nominal < downAt + 2000)).toBe(false);
    expect(d.info.numActionsTaken).toBe(runs.length);
  });
});
