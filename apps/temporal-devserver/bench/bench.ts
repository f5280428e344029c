// Benchmark: `npm run bench:devserver [-- --workflows N]`.
// 1. Throughput: N workflows, each running one activity and one 1 s timer, against the in-process server
//    with the real SDK worker (target ≥ 150 workflows/s).
//    `--server child` runs the server in its own process and reports its CPU time per workflow.
// 2. Timer lateness: 10k pending timers on the clock, p50/p99 lateness (target p99 ≤ 50 ms).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, Runtime, DefaultLogger } from '@temporalio/worker';
import { Clock } from '../src/clock';
import { startDevServer } from '../src/server';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The server in a child process (`--server child`), so its own CPU time can be measured apart from the SDK's. */
async function childServer(): Promise<{ address: string; stop(): Promise<void>; cpuSeconds(): number }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    path.join(__dirname, '..', 'bin', 'temporal-devserver'),
    ['server', 'start-dev', '--port', String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return {
    address: `127.0.0.1:${port}`,
    cpuSeconds: () => {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function throughput(count: number): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const inChild = process.argv.includes('child');
  const server = inChild ? await childServer() : await startDevServer({ port: 0 });
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, '..', 'test', 'workflows', 'index.ts'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  });
  const native = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const worker = await Worker.create({
    connection: native,
    taskQueue: 'bench',
    workflowBundle: bundle,
    activities: { echo: async (v: string) => v },
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 200,
    maxConcurrentWorkflowTaskPolls: 20,
    maxConcurrentActivityTaskPolls: 20,
    maxCachedWorkflows: Math.max(count, 1000),
  });
  const started = Date.now();
  await worker.runUntil(async () => {
    const handles = [];
    for (let i = 0; i < count; i++) {
      handles.push(
        client.workflow.start('activityAndTimer', {
          taskQueue: 'bench',
          workflowId: `bench-${i}`,
          args: [String(i)],
        }),
      );
    }
    await Promise.all((await Promise.all(handles)).map((h) => h.result()));
  });
  const seconds = (Date.now() - started) / 1000;
  if ('cpuSeconds' in server) {
    const cpu = server.cpuSeconds();
    console.log(
      `server process CPU: ${cpu.toFixed(1)} s total, ${((cpu * 1000) / count).toFixed(2)} ms per workflow`,
    );
  }
  console.log(
    `throughput: ${count} workflows (1 activity + 1 s timer each) in ${seconds.toFixed(1)} s = ${(count / seconds).toFixed(0)} workflows/s; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
  await connection.close();
  await native.close();
  await server.stop();
}

async function timerLateness(count: number): Promise<void> {
  const clock = new Clock(false);
  const lateness: number[] = [];
  const now = clock.now();
  await new Promise<void>((resolve) => {
    let fired = 0;
    for (let i = 0; i < count; i++) {
      const at = now + 500 + Math.floor(Math.random() * 2000);
      clock.schedule(at, () => {
        lateness.push(clock.now() - at);
        if (++fired === count) resolve();
      });
    }
  });
  lateness.sort((a, b) => a - b);
  const pct = (p: number): number => lateness[Math.min(lateness.length - 1, Math.floor(lateness.length * p))];
  console.log(
    `timers: ${count} pending, lateness p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${lateness[lateness.length - 1]} ms`,
  );
  clock.stop();
}

async function main(): Promise<void> {
  await timerLateness(arg('timers', 10_000));
  await throughput(arg('workflows', 1000));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
