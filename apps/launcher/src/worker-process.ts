import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CaseflowConfig } from '@caseflow/config';
import type { ChildHandle } from './supervisor';

/**
 * The worker as a process of its own (apps/worker's main), so that it can die — a crash, an OOM, kill -9 —
 * without taking the API with it, and be started again by the launcher. It gets the launcher's resolved
 * configuration (the embedded database's URL, the dev server's address) through its environment.
 */
export function startWorkerProcess(
  config: CaseflowConfig,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<ChildHandle> {
  const compiled = path.join(__dirname, '..', '..', 'worker', 'src', 'main.js');
  // Built (`npm start`): the compiled main. From source (tests): the TypeScript, compiled on the fly.
  const args = fs.existsSync(compiled)
    ? [compiled]
    : ['-r', '@swc-node/register', path.join(__dirname, '..', '..', 'worker', 'src', 'main.ts')];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      ...(config.auth.jwtSecret ? { JWT_SECRET: config.auth.jwtSecret } : {}),
      LOG_LEVEL: config.logLevel,
    },
    // Its own lines (warnings, errors) go where the launcher's go.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) log(line);
  };
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () =>
      resolve({
        pid: child.pid,
        exited,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          // SIGTERM: the worker drains its in-flight tasks, then exits.
          child.kill('SIGTERM');
          const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(timeout);
        },
      }),
    );
  });
}
