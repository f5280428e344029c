// Benchmark: `npm run bench:devserver [-- options]`; writes reports/bench-devserver.json and prints a summary.
//
//   1. Clock: 10k timers pending on the server's clock, lateness p50/p99/max (target p99 ≤ 50 ms).
//   2. Throughput: N workflows, each running one activity and one 1 s timer, with the real SDK worker in the
//      same run (target ≥ 150 workflows/s sustained). CPU per workflow of this process (SDK worker, client)
//      and, with `--server child`, of the server on its own; timer lateness read from the histories.
//   3. Open workflows: 10k workflows that ran their activity and wait on a 1 h timer, the server in a child
//      process: its memory (target ≤ 1 GiB), and the lateness of a sample of 1 s timers fired while those
//      10k timers are pending.
//
// Options: --workflows N (2000) --warmup N (200) --open N (10000) --timers N (10000) --sample N (200)
//          --server both|child|real|inproc|HOST:PORT (both, the default: the same workload on the dev server
//          (child) and on real Temporal Server, one after the other, with the ratio of every figure; child:
//          the dev server launched as Caseflow's tests and `npm run devserver` do, so its CPU is measured
//          apart; real: Temporal's CLI `server start-dev` (scripts/real-temporal.sh builds it; or
//          $CASEFLOW_TEMPORAL_CLI) on a throwaway SQLite file; inproc shares this process's event loop, heap
//          and the SDK's async hooks, which costs more CPU per workflow) --phases clock,throughput,open --report PATH
//          --settle-minutes N (how long the open workflows may take to settle: 4, on real Temporal 60)
//          --worker '{"workflowThreadPoolSize":2,...}' (worker options over the defaults below)
//          --persistent (the server keeps its state in PostgreSQL: an embedded PostgreSQL is started in a temp
//          dir, each server gets a fresh database; report in reports/bench-devserver-persistent.json)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type WorkerOptions,
} from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { startEmbeddedPostgres } from '../../launcher/src/embedded-postgres';
import { Clock } from '../src/clock';
import { startDevServer } from '../src/server';

const REPO = path.resolve(__dirname, '..', '..', '..');
const TASK_QUEUE = 'bench';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const numArg = (name: string, fallback: number): number => Number(arg(name, String(fallback)));

/**
 * The worker as Caseflow's production worker would be configured on a small machine: the SDK's defaults
 * (reused V8 context, 5 s isolate execution timeout, gzip to the server, sticky queues) with the slots a
 * worker expecting a few hundred workflows per second gets.
 */
const WORKER_SETTINGS = {
  maxConcurrentWorkflowTaskExecutions: 100,
  maxConcurrentActivityTaskExecutions: 200,
  maxConcurrentWorkflowTaskPolls: 20,
  maxConcurrentActivityTaskPolls: 20,
  maxCachedWorkflows: 2000,
  reuseV8Context: true,
  ...(JSON.parse(arg('worker', '{}')) as Partial<WorkerOptions>),
};

// ------------------------------------------------------------------------------------------------
// Measuring

interface ServerHandle {
  mode: string;
  address: string;
  pid: number | null;
  stop(): Promise<void>;
}

/** With --persistent: the PostgreSQL the servers keep their state in, and a fresh database for each. */
interface BenchDatabase {
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}
let benchDatabase: BenchDatabase | undefined;

async function startBenchDatabase(): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devserver-bench-pg-'));
  // Embedded PostgreSQL runs as the postgres user when we are root: it must be able to reach its folder.
  fs.chmodSync(dir, 0o755);
  const port = 40000 + Math.floor(Math.random() * 20000);
  const pg = await startEmbeddedPostgres({ dataDir: dir, port, password: 'bench' });
  let n = 0;
  return {
    async newDatabase() {
      const name = `devserver_bench_${process.pid}_${++n}`;
      const admin = new PgClient({ connectionString: pg.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(pg.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startServer(mode: string): Promise<ServerHandle> {
  const dbUrl = benchDatabase ? await benchDatabase.newDatabase() : undefined;
  if (mode === 'child') {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(
      path.join(__dirname, '..', 'bin', 'temporal-devserver'),
      ['server', 'start-dev', '--port', String(port), ...(dbUrl ? ['--db-url', dbUrl] : [])],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((resolve) => child.stdout.once('data', resolve));
    return {
      mode,
      address: `127.0.0.1:${port}`,
      pid: child.pid ?? null,
      stop: () =>
        new Promise((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }
  if (mode === 'real') return startRealTemporal();
  if (mode.includes(':')) return { mode: 'external', address: mode, pid: null, stop: async () => {} };
  const server = await startDevServer({ port: 0, dbUrl });
  return { mode: 'inproc', address: server.address, pid: process.pid, stop: () => server.stop() };
}

/** Temporal's CLI, as the real-Temporal lane builds it; undefined when it is not there. */
function realTemporalCli(): string | undefined {
  const cli = process.env.CASEFLOW_TEMPORAL_CLI || path.join(REPO, '.tools', 'bin', 'temporal');
  return fs.existsSync(cli) ? cli : undefined;
}

/** Real Temporal Server (`temporal server start-dev`, headless) on a free port with a throwaway SQLite file. */
async function startRealTemporal(): Promise<ServerHandle> {
  const cli = realTemporalCli();
  if (!cli) throw new Error('no Temporal CLI: run `scripts/real-temporal.sh install` (needs go)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devserver-bench-real-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    cli,
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port)].concat([
      '--db-filename',
      path.join(dir, 'temporal.db'),
      '--log-level',
      'error',
    ]),
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const address = `127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ;) {
    try {
      const probe = await Connection.connect({ address, connectTimeout: 1000 });
      await probe.workflowService.describeNamespace({ namespace: 'default' });
      await probe.close();
      break;
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    mode: 'real',
    address,
    pid: child.pid ?? null,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** CPU ms of each thread of a process (utime + stime), from /proc. */
function threadCpu(pid: number | 'self'): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  const hz = 100;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name, ms: ((Number(f[11]) + Number(f[12])) * 1000) / hz });
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

function processCpuMs(pid: number | 'self'): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Busy CPU ms of the whole machine (all CPUs), from /proc/stat. */
function machineBusyMs(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return (f.slice(0, 8).reduce((a, b) => a + b, 0) - idle) * 10;
}

function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: Math.round(kb('VmRSS') / 1024), peakRssMiB: Math.round(kb('VmHWM') / 1024) };
}

/** Per-thread CPU spent between two snapshots, busiest first; the main thread is the one whose tid is the pid. */
function threadDeltas(
  pid: number,
  before: Map<string, { name: string; ms: number }>,
  after: Map<string, { name: string; ms: number }>,
  count: number,
): Array<{ thread: string; ms: number; msPerWorkflow: number }> {
  const rows: Array<{ thread: string; ms: number; msPerWorkflow: number }> = [];
  for (const [tid, t] of after) {
    const ms = t.ms - (before.get(tid)?.ms ?? 0);
    if (ms <= 0) continue;
    const thread = String(tid) === String(pid) ? `${t.name} (main)` : `${t.name} #${tid}`;
    rows.push({ thread, ms, msPerWorkflow: round(ms / count) });
  }
  return rows.sort((a, b) => b.ms - a.ms).slice(0, 10);
}

function percentiles(values: number[]): { p50: number; p99: number; max: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, count: sorted.length };
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const msOf = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  Number(ts?.seconds ?? 0) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);

/** Starts `ids.length` workflows with at most `concurrency` start calls in flight. */
async function startAll(
  client: Client,
  workflowType: string,
  ids: string[],
  args: unknown[],
  onStarted?: (workflowId: string) => void,
  concurrency = 200,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const workflowId = ids[next++];
        await client.workflow.start(workflowType, { taskQueue: TASK_QUEUE, workflowId, args });
        onStarted?.(workflowId);
      }
    }),
  );
}

/** Lateness of each workflow's 1 s timer, from its history (TimerFired time - TimerStarted time - 1 s). */
async function timerLatenessFromHistories(client: Client, ids: string[]): Promise<number[]> {
  const { EventType } = temporal.api.enums.v1;
  const out: number[] = [];
  for (const id of ids) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const started = new Map<string, { at: number; ms: number }>();
    for (const e of history.events ?? []) {
      if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
        const a = e.timerStartedEventAttributes!;
        started.set(a.timerId!, { at: msOf(e.eventTime), ms: msOf(a.startToFireTimeout) });
      } else if (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED) {
        const s = started.get(e.timerFiredEventAttributes!.timerId!);
        if (s) out.push(msOf(e.eventTime) - s.at - s.ms);
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Phases

function clockLateness(count: number): Promise<Record<string, unknown>> {
  const clock = new Clock(false);
  const lateness: number[] = [];
  const now = clock.now();
  return new Promise((resolve) => {
    let fired = 0;
    for (let i = 0; i < count; i++) {
      const at = now + 500 + Math.floor(Math.random() * 2000);
      clock.schedule(at, () => {
        lateness.push(clock.now() - at);
        if (++fired === count) {
          clock.stop();
          resolve({ pendingTimers: count, latenessMs: percentiles(lateness) });
        }
      });
    }
  });
}

interface Env {
  server: ServerHandle;
  client: Client;
  connection: Connection;
  native: NativeConnection;
  worker: Worker;
  activities: { count: number };
  close(): Promise<void>;
}

async function environment(serverMode: string, bundle: { code: string }): Promise<Env> {
  const server = await startServer(serverMode);
  const native = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const activities = { count: 0 };
  const worker = await Worker.create({
    ...WORKER_SETTINGS,
    connection: native,
    taskQueue: TASK_QUEUE,
    workflowBundle: bundle,
    activities: {
      echo: async (v: string) => {
        activities.count++;
        return v;
      },
    },
  });
  return {
    server,
    client,
    connection,
    native,
    worker,
    activities,
    close: async () => {
      await connection.close();
      await native.close();
      await server.stop();
    },
  };
}

async function throughput(
  serverMode: string,
  bundle: { code: string },
  count: number,
  warmup: number,
  sample: number,
): Promise<Record<string, unknown>> {
  const env = await environment(serverMode, bundle);
  const { client, worker, server } = env;
  const result: Record<string, unknown> = {};
  await worker.runUntil(async () => {
    // Warm-up (JIT, caches, connections), not counted.
    const warm = Array.from({ length: warmup }, (_, i) => `warm-${i}`);
    await startAll(client, 'activityAndTimer', warm, ['warm']);
    await Promise.all(warm.map((id) => client.workflow.getHandle(id).result()));

    const ids = Array.from({ length: count }, (_, i) => `bench-${i}`);
    const selfBefore = threadCpu('self');
    const selfCpuBefore = processCpuMs('self');
    const machineBefore = machineBusyMs();
    const serverCpuBefore = server.pid && server.pid !== process.pid ? processCpuMs(server.pid) : null;
    const serverThreadsBefore = server.pid && server.pid !== process.pid ? threadCpu(server.pid) : null;
    const started = Date.now();
    const done: number[] = [];
    // Results are awaited as a client would (long-polling history for the close event).
    const results: Array<Promise<void>> = [];
    await startAll(client, 'activityAndTimer', ids, ['bench'], (id) =>
      results.push(
        client.workflow
          .getHandle(id)
          .result()
          .then(() => void done.push(Date.now() - started)),
      ),
    );
    const startedAllMs = Date.now() - started;
    await Promise.all(results);
    const seconds = (Date.now() - started) / 1000;
    const selfAfter = threadCpu('self');
    // The process total includes threads that ended meanwhile (the V8 isolate watchdogs, one per call into
    // the workflow sandbox); the per-thread list shows only live ones.
    const selfCpu = processCpuMs('self');
    const machineBusy = machineBusyMs() - machineBefore;
    done.sort((a, b) => a - b);
    const t10 = done[Math.floor(count * 0.1)];
    const t90 = done[Math.floor(count * 0.9)];
    const serverCpu = serverCpuBefore !== null ? processCpuMs(server.pid!) - serverCpuBefore : null;
    Object.assign(result, {
      workflows: count,
      completed: done.length,
      seconds: round(seconds),
      startedAllSeconds: round(startedAllMs / 1000),
      workflowsPerSecond: round(count / seconds, 1),
      steadyWorkflowsPerSecond: round((0.8 * count) / ((t90 - t10) / 1000), 1),
      cpuMsPerWorkflow: {
        benchProcess: round((selfCpu - selfCpuBefore) / count),
        server: serverCpu !== null ? round(serverCpu / count) : 'in the bench process (use --server child)',
      },
      coresBusy: round((selfCpu - selfCpuBefore + (serverCpu ?? 0)) / 1000 / seconds, 2),
      /** Cores used by other processes on the machine meanwhile (other test runs share it). */
      coresBusyOthers: round(
        (machineBusy - (selfCpu - selfCpuBefore) - (serverCpu ?? 0)) / 1000 / seconds,
        2,
      ),
      benchThreads: threadDeltas(process.pid, selfBefore, selfAfter, count),
      benchExitedThreadsMsPerWorkflow: round(
        (selfCpu -
          selfCpuBefore -
          [...selfAfter].reduce((sum, [tid, t]) => sum + t.ms - (selfBefore.get(tid)?.ms ?? 0), 0)) /
          count,
      ),
      serverThreads: serverThreadsBefore
        ? threadDeltas(server.pid!, serverThreadsBefore, threadCpu(server.pid!), count)
        : undefined,
    });
    const step = Math.max(1, Math.floor(count / sample));
    const sampled = ids.filter((_, i) => i % step === 0).slice(0, sample);
    result.timerLatenessMs = percentiles(await timerLatenessFromHistories(client, sampled));
  });
  await env.close();
  return result;
}

async function openWorkflows(
  bundle: { code: string },
  count: number,
  sample: number,
  serverMode: string,
): Promise<Record<string, unknown>> {
  // The server gets a process of its own so its memory is its own (unless pointed at an external one).
  const env = await environment(
    serverMode.includes(':') || serverMode === 'real' ? serverMode : 'child',
    bundle,
  );
  const { client, worker, server, connection, activities } = env;
  const result: Record<string, unknown> = {};
  const external = !server.pid || server.pid === process.pid;
  const before = external ? undefined : memoryOf(server.pid!);
  await worker.runUntil(async () => {
    const started = Date.now();
    const ids = Array.from({ length: count }, (_, i) => `open-${i}`);
    await startAll(client, 'activityThenSleep', ids, [3_600_000]);
    // Settled: every activity ran and no workflow task is waiting (the ones after the activities included).
    for (let quiet = 0; quiet < 3;) {
      await new Promise((r) => setTimeout(r, 500));
      const q = await connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: TASK_QUEUE },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        includeTaskQueueStatus: true,
      });
      const backlog = Number(q.taskQueueStatus?.backlogCountHint ?? 0);
      quiet = activities.count >= count && backlog === 0 ? quiet + 1 : 0;
      // Real Temporal on SQLite starts a few workflows per second on a loaded 2-core machine: give it time.
      const settleMinutes = numArg('settle-minutes', serverMode === 'real' ? 60 : 4);
      if (Date.now() - started > settleMinutes * 60_000)
        throw new Error(`open workflows did not settle in ${settleMinutes} min (--settle-minutes)`);
    }
    result.openWorkflows = count;
    result.settleSeconds = round((Date.now() - started) / 1000);
    if (!external) {
      result.serverMemoryBefore = before;
      result.serverMemory = memoryOf(server.pid!);
      result.memoryPerOpenWorkflowKiB = round(
        ((result.serverMemory as { rssMiB: number }).rssMiB - before!.rssMiB) * (1024 / count),
        1,
      );
    }

    // 1 s timers fired while the 10k 1 h timers are pending.
    const probes = Array.from({ length: sample }, (_, i) => `probe-${i}`);
    await startAll(client, 'activityAndTimer', probes, ['probe']);
    await Promise.all(probes.map((id) => client.workflow.getHandle(id).result()));
    result.timerLatenessWithPendingMs = {
      pendingTimers: count,
      ...percentiles(await timerLatenessFromHistories(client, probes)),
    };
    if (server.pid && server.pid !== process.pid) result.serverMemoryAfterProbes = memoryOf(server.pid);
  });
  await env.close();
  return result;
}

// ------------------------------------------------------------------------------------------------

/** The phases on one server; the clock phase is the dev server's own timer wheel (not for real Temporal). */
async function runOn(
  serverMode: string,
  bundle: { code: string },
  phases: Set<string>,
): Promise<Record<string, any>> {
  const out: Record<string, any> = {};
  if (phases.has('clock') && serverMode !== 'real') out.clock = await clockLateness(numArg('timers', 10_000));
  if (phases.has('throughput'))
    out.throughput = await throughput(
      serverMode,
      bundle,
      numArg('workflows', 2000),
      numArg('warmup', 200),
      numArg('sample', 200),
    );
  if (phases.has('open'))
    out.open = await openWorkflows(bundle, numArg('open', 10_000), numArg('sample', 200), serverMode);
  return out;
}

/** How many times better the dev server does than real Temporal on each figure (> 1: the dev server wins). */
function ratios(dev: Record<string, any>, real: Record<string, any>): Record<string, number | undefined> {
  const better = (d: number | undefined, r: number | undefined, higherIsBetter: boolean) =>
    d === undefined || r === undefined ? undefined : round(higherIsBetter ? d / r : r / Math.max(d, 1e-9));
  return {
    workflowsPerSecond: better(dev.throughput?.workflowsPerSecond, real.throughput?.workflowsPerSecond, true),
    steadyWorkflowsPerSecond: better(
      dev.throughput?.steadyWorkflowsPerSecond,
      real.throughput?.steadyWorkflowsPerSecond,
      true,
    ),
    serverCpuMsPerWorkflow: better(
      dev.throughput?.cpuMsPerWorkflow?.server,
      real.throughput?.cpuMsPerWorkflow?.server,
      false,
    ),
    timerLatenessP99Ms: better(
      dev.throughput?.timerLatenessMs?.p99,
      real.throughput?.timerLatenessMs?.p99,
      false,
    ),
    timerLatenessWithPendingP50Ms: better(
      dev.open?.timerLatenessWithPendingMs?.p50,
      real.open?.timerLatenessWithPendingMs?.p50,
      false,
    ),
    timerLatenessWithPendingP99Ms: better(
      dev.open?.timerLatenessWithPendingMs?.p99,
      real.open?.timerLatenessWithPendingMs?.p99,
      false,
    ),
    memoryPerOpenWorkflow: better(
      dev.open?.memoryPerOpenWorkflowKiB,
      real.open?.memoryPerOpenWorkflowKiB,
      false,
    ),
  };
}

function summary(name: string, r: Record<string, any>): string[] {
  const t = r.throughput;
  const o = r.open;
  const c = r.clock;
  return [
    c &&
      `${name} clock: ${c.pendingTimers} timers pending, lateness p50 ${c.latenessMs.p50} / p99 ${c.latenessMs.p99} / max ${c.latenessMs.max} ms`,
    t &&
      `${name} throughput: ${t.workflows} workflows in ${t.seconds} s = ${t.workflowsPerSecond}/s (steady ${t.steadyWorkflowsPerSecond}/s; target 150); ` +
        `others used ${t.coresBusyOthers} cores meanwhile; CPU/workflow: bench process ${t.cpuMsPerWorkflow.benchProcess} ms, server ${t.cpuMsPerWorkflow.server}${typeof t.cpuMsPerWorkflow.server === 'number' ? ' ms' : ''}; ${t.coresBusy} cores busy; ` +
        `1 s timers late p99 ${t.timerLatenessMs.p99} ms`,
    o &&
      `${name} open: ${o.openWorkflows} workflows settled in ${o.settleSeconds} s, server RSS ${o.serverMemory?.rssMiB} MiB (peak ${o.serverMemory?.peakRssMiB}; target ≤ 1024; ${o.memoryPerOpenWorkflowKiB} KiB per open workflow); ` +
        `1 s timers with ${o.openWorkflows} pending: p50 ${o.timerLatenessWithPendingMs.p50} / p99 ${o.timerLatenessWithPendingMs.p99} / max ${o.timerLatenessWithPendingMs.max} ms`,
  ].filter(Boolean);
}

async function main(): Promise<void> {
  const phases = new Set(arg('phases', 'clock,throughput,open').split(','));
  const requested = arg('server', 'both');
  const persistent = process.argv.includes('--persistent');
  const reportPath = path.resolve(
    REPO,
    arg('report', persistent ? 'reports/bench-devserver-persistent.json' : 'reports/bench-devserver.json'),
  );
  // Side by side unless told otherwise; without the real CLI (no go here) the dev server alone, saying so.
  let serverMode = requested === 'both' ? 'child' : requested;
  let compareWithReal = requested === 'both' && !persistent;
  if (compareWithReal && !realTemporalCli()) {
    console.log('real Temporal: no CLI (scripts/real-temporal.sh install needs go); the dev server alone');
    compareWithReal = false;
  }
  if (requested === 'real') serverMode = 'real';
  if (persistent) benchDatabase = await startBenchDatabase();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, '..', 'test', 'workflows', 'index.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const sdkVersion = (
    JSON.parse(fs.readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const report: Record<string, any> = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      loadAverageAtStart: os.loadavg().map((l) => round(l)),
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
    },
    sdk: { '@temporalio/worker': sdkVersion },
    settings: {
      server: compareWithReal
        ? 'both: child (the dev server), then real (Temporal CLI start-dev, SQLite)'
        : serverMode,
      persistence: persistent ? 'PostgreSQL (embedded, a database per server)' : 'memory',
      worker: WORKER_SETTINGS,
      workerDefaultsKept:
        'isolateExecutionTimeout 5s, workflowThreadPoolSize 1 with reuseV8Context, gzip to the server, sticky queues',
      workflow: 'activityAndTimer: one activity (echo) and one 1 s timer',
    },
    targets: { workflowsPerSecond: 150, timerLatenessP99Ms: 50, memoryWith10kOpenMiB: 1024 },
  };
  const began = Date.now();
  Object.assign(report, await runOn(serverMode, bundle, phases));
  if (compareWithReal) {
    report.real = await runOn('real', bundle, phases);
    report.devServerVsReal = ratios(report, report.real);
  }
  await benchDatabase?.stop();
  report.machine.loadAverageAtEnd = os.loadavg().map((l) => round(l));
  report.runSeconds = round((Date.now() - began) / 1000, 1);

  fs.mkdirSync(path.dirname(reportPath), { recursive: true });
  fs.writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');

  const name = serverMode === 'real' ? 'real Temporal' : 'dev server';
  const lines = [
    `dev server bench (${report.machine.cpus} CPUs, load ${report.machine.loadAverageAtStart[0]}→${report.machine.loadAverageAtEnd[0]}, SDK ${sdkVersion}, server ${report.settings.server}, ${persistent ? 'persistent: PostgreSQL' : 'in memory'})`,
    ...summary(name, report),
    ...(compareWithReal ? summary('real Temporal', report.real) : []),
    compareWithReal &&
      `dev server vs real Temporal (× better; > 1: the dev server wins): ${Object.entries(
        report.devServerVsReal,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    `report: ${path.relative(REPO, reportPath)} (${report.runSeconds} s)`,
  ];
  console.log(lines.filter(Boolean).join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
