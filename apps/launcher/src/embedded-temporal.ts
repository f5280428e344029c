import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client } from 'pg';
import { repoRoot } from '@caseflow/temporal';

export interface EmbeddedTemporalHandle {
  address: string;
  pid?: number;
  /** Settles when the dev server has exited, however it ended (the launcher restarts it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

function portIsOpen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The database the dev server keeps its state in, next to Caseflow's own on the same PostgreSQL. */
const TEMPORAL_DATABASE = 'temporal';

/**
 * Where the dev server keeps its state: a database `temporal` next to Caseflow's (created if missing), so
 * Caseflow's migrations and the dev server's never meet. Where that database cannot be created (a
 * DATABASE_URL without CREATEDB), the dev server's own schema inside Caseflow's database instead.
 */
export async function temporalDatabaseUrl(caseflowUrl: string): Promise<string> {
  const url = new URL(caseflowUrl);
  url.pathname = `/${TEMPORAL_DATABASE}`;
  const client = new Client({ connectionString: caseflowUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPORAL_DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${TEMPORAL_DATABASE}`);
    return url.toString();
  } catch {
    return caseflowUrl;
  } finally {
    await client.end();
  }
}

/** Starts Caseflow's Temporal-compatible dev server as a child process, like `temporal server start-dev`. */
export async function startEmbeddedTemporal(options: {
  port: number;
  namespace: string;
  dataDir: string;
  /** PostgreSQL URL for the dev server's state (`--db-url`); without it, state is in memory only. */
  databaseUrl?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedTemporalHandle> {
  const host = '127.0.0.1';
  if (await portIsOpen(options.port, host)) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded Temporal dev server cannot start. ` +
        'Stop whatever listens there, set CASEFLOW_TEMPORAL_PORT, or point TEMPORAL_ADDRESS at that server.',
    );
  }
  const bin = path.join(repoRoot(), 'apps', 'temporal-devserver', 'bin', 'temporal-devserver');
  const args = [
    'server',
    'start-dev',
    '--ip',
    host,
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--headless',
  ];
  if (options.databaseUrl) args.push('--db-url', options.databaseUrl);
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 50) output.shift();
      options.log?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const deadline = Date.now() + 30_000;
  let exitCode: number | null | undefined;
  void exited.then(({ code }) => (exitCode = code));
  while (!(await portIsOpen(options.port, host))) {
    if (exitCode !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Temporal dev server did not start (exit code ${exitCode}):\n${output.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    address: `${host}:${options.port}`,
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
