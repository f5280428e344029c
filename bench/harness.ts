// What every Caseflow benchmark stands up before it measures anything: a real PostgreSQL (embedded, fresh,
// migrated, with the test organisation seeded), Caseflow's Temporal dev server as a separate process (as in
// the embedded default), the real worker with the real activities, and a Temporal client. `runBench` runs a
// body against that stack and always tears it down, in reverse order, whatever the body did.
//
// Workers: `--workers N` (default 1) runs N worker processes on the same task queues, as a deployment scales
// out horizontally; the first runs in this process, the others as child processes of the worker's own entry
// point (apps/worker/src/main.ts) with the same configuration.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { loadConfig, type CaseflowConfig } from '@caseflow/config';
import { createDataSource, runMigrations } from '@caseflow/persistence';
import { seedOrganisation } from '@caseflow/persistence/testing';
import { startEmbeddedPostgres } from '../apps/launcher/src/embedded-postgres';
import { startEmbeddedTemporal } from '../apps/launcher/src/embedded-temporal';
import { startWorker } from '../apps/worker/src/worker.factory';

/** `--name N` from the command line, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number (got "${process.argv[i + 1]}")`);
  return value;
}

/** `--name VALUE` from the command line, or the fallback. */
export function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** Which Temporal a benchmark runs on: Caseflow's dev server, or real Temporal Server (the CLI's start-dev). */
export type BenchServer = 'dev' | 'real';

/** Temporal's CLI as `scripts/real-temporal.sh` builds it (or $CASEFLOW_TEMPORAL_CLI); undefined if absent. */
export function realTemporalCli(): string | undefined {
  const cli = process.env.CASEFLOW_TEMPORAL_CLI || path.join(__dirname, '..', '.tools', 'bin', 'temporal');
  return fs.existsSync(cli) ? cli : undefined;
}

/**
 * The servers `--server both|dev|real` asks for (default `both`: the same workload on each, one after the
 * other). Without the real CLI (no go on this machine) `both` is the dev server alone, and says so.
 */
export function benchServers(): BenchServer[] {
  const requested = stringArg('server', 'both');
  if (requested === 'dev' || requested === 'real') return [requested];
  if (requested !== 'both') throw new Error(`--server must be both, dev or real (got "${requested}")`);
  if (realTemporalCli()) return ['dev', 'real'];
  say('real Temporal: no CLI (scripts/real-temporal.sh install needs go); the dev server alone');
  return ['dev'];
}

/** Real Temporal Server, headless, on `port` with a SQLite file in `dataDir`; resolves once it answers. */
async function startRealTemporal(
  port: number,
  namespace: string,
  dataDir: string,
): Promise<{ address: string; stop(): Promise<void> }> {
  const cli = realTemporalCli();
  if (!cli) throw new Error('no Temporal CLI: run `scripts/real-temporal.sh install` (needs go)');
  const child = spawn(
    cli,
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--namespace'].concat([
      namespace,
      '--db-filename',
      path.join(dataDir, 'temporal.db'),
      '--log-level',
      'error',
    ]),
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const address = `127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ;) {
    try {
      const probe = await Connection.connect({ address, connectTimeout: 1000 });
      await probe.workflowService.describeNamespace({ namespace });
      await probe.close();
      break;
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null) throw err;
      await sleep(250);
    }
  }
  return {
    address,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export interface BenchStack {
  config: CaseflowConfig;
  /** Caseflow's database (the read model the benchmarks measure). */
  db: DataSource;
  org: Awaited<ReturnType<typeof seedOrganisation>>;
  client: Client;
  /** Worker processes polling the task queues (this one included). */
  workers: number;
  /** Registers a teardown step; steps run in reverse order of registration. */
  onStop(stop: () => Promise<void>): void;
  /** The Temporal this run is on. */
  server: BenchServer;
}

export interface BenchOptions {
  /** Names the temporary directory and the task queue. */
  name: string;
  /** Extra configuration (environment variable names, as `loadConfig` reads them). */
  env?: Record<string, string>;
  /** The Temporal to run on (default: Caseflow's dev server). */
  server?: BenchServer;
}

/** The machine the figures were measured on, for the report. */
export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Writes `reports/bench-<name>.json`. */
export function writeReport(name: string, report: object): string {
  const file = path.join('reports', `bench-${name}.json`);
  fs.mkdirSync('reports', { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Calls `startOne(i)` for i in [0, count) with `concurrency` in flight; answers the rate per second. */
export async function startAll(
  count: number,
  startOne: (i: number) => Promise<void>,
  concurrency = 64,
): Promise<{ seconds: number; perSecond: number }> {
  const startedAt = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) await startOne(i);
    }),
  );
  const seconds = (Date.now() - startedAt) / 1000;
  return { seconds, perSecond: count / Math.max(seconds, 0.001) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runBench<T = void>(
  options: BenchOptions,
  body: (stack: BenchStack) => Promise<T>,
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `caseflow-bench-${options.name}-`));
  fs.chmodSync(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  const onStop = (stop: () => Promise<void>) => void stops.push(stop);
  const workers = Math.max(1, Math.floor(numberArg('workers', 1)));
  try {
    const pg = await startEmbeddedPostgres({
      dataDir: dir,
      port: 50000 + (process.pid % 10000),
      password: 'bench',
    });
    onStop(pg.stop);
    await runMigrations(pg.url);
    const server = options.server ?? 'dev';
    const temporalPort = 40000 + (process.pid % 10000) + (server === 'real' ? 1 : 0);
    const temporal =
      server === 'real'
        ? await startRealTemporal(temporalPort, 'default', dir)
        : await startEmbeddedTemporal({ port: temporalPort, namespace: 'default', dataDir: dir });
    onStop(temporal.stop);
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_TASK_QUEUE: `bench-${options.name}`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      ...(process.env.WORKER_MAX_CACHED_WORKFLOWS && {
        WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS,
      }),
      ...(process.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS && {
        WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: process.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      }),
      ...options.env,
    };
    const config = loadConfig(env);

    const db = createDataSource(pg.url);
    await db.initialize();
    onStop(() => db.destroy());
    const org = await seedOrganisation(db);

    const worker = await startWorker(config, false);
    onStop(worker.close);
    for (let n = 1; n < workers; n++) onStop(await spawnWorker(env));

    const connection = await Connection.connect({ address: temporal.address });
    onStop(() => connection.close());
    const client = new Client({ connection });
    if (workers > 1) say(`${workers} worker processes on task queue ${config.temporal.taskQueue}`);

    return await body({ config, db, org, client, workers, onStop, server });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Another worker process (the worker's own entry point); resolves once it polls, answers its stop. */
async function spawnWorker(env: Record<string, string>): Promise<() => Promise<void>> {
  const main = path.join(__dirname, '..', 'apps', 'worker', 'src', 'main.ts');
  const child: ChildProcess = spawn(
    process.execPath,
    [...process.execArgv, '-r', '@swc-node/register', main],
    {
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (chunk.toString().includes('Worker polling')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Worker process exited (${code}):\n${output.join('')}`)));
  });
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.resume();
  child.stderr!.resume();
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Count, p50, p99 and max of a list of durations in ms (rounded to 0.1 ms). */
export function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

/**
 * What one workflow's history is made of: events by type (e.g. WORKFLOW_TASK_COMPLETED, MARKER_RECORDED) and
 * the bytes of the whole history, to count the workflow tasks and activities a case costs.
 */
export async function historyShape(client: Client, workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const name = temporal.api.enums.v1.EventType[event.eventType ?? 0].replace(/^EVENT_TYPE_/, '');
    events[name] = (events[name] ?? 0) + 1;
  }
  return { events, bytes: temporal.api.history.v1.History.encode(history).finish().length };
}

/**
 * `--profile-s N`: a CPU profile of this process's main thread (the worker's activities and its bridge to
 * Temporal) for N seconds from `startAt`, written to reports/bench-<name>.cpuprofile for Chrome DevTools.
 */
export function profileMainThread(name: string, startAt: number): void {
  const seconds = numberArg('profile-s', 0);
  if (seconds <= 0) return;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  const file = path.join('reports', `bench-${name}.cpuprofile`);
  setTimeout(
    () =>
      void (async () => {
        await post('Profiler.enable');
        await post('Profiler.start');
        await sleep(seconds * 1000);
        const { profile } = await post('Profiler.stop');
        fs.mkdirSync('reports', { recursive: true });
        fs.writeFileSync(file, JSON.stringify(profile));
        say(`CPU profile of the main thread (${seconds} s): ${file}`);
        session.disconnect();
      })().catch((error: unknown) => say(`Profiling failed: ${String(error)}`)),
    Math.max(0, startAt - Date.now()),
  ).unref();
}
