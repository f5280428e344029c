// Shared set-up of the persistence tests: a fresh database per test file on the Jest PostgreSQL, and the dev
// server as a child process (its bin, with --db-url) so that a test can kill -9 it and start it again.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';

const BIN = path.join(__dirname, '..', 'bin', 'temporal-devserver');

export interface TestDb {
  url: string;
  drop(): Promise<void>;
}

/** `CREATE DATABASE devserver_<random>` next to the test databases; dropped by `drop()`. */
export async function createDevServerDatabase(): Promise<TestDb> {
  const adminUrl = process.env.CASEFLOW_TEST_ADMIN_DB_URL;
  if (!adminUrl) throw new Error('No test PostgreSQL: run through Jest so test/global-setup.js starts one.');
  const name = `devserver_${randomBytes(6).toString('hex')}`;
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new PgClient({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  address: string;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  kill9(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
}

/** Runs the dev server's bin; resolves once it prints its ready line, rejects if it exits first. */
export async function spawnDevServer(
  port: number,
  dbUrl: string,
  extraArgs: string[] = [],
): Promise<ServerProcess> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--db-url', dbUrl];
  const child = spawn(process.execPath, [BIN, ...args, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes('listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`dev server exited (${code}) before it was ready:\n${out}`)));
  });
  return {
    child,
    address: `127.0.0.1:${port}`,
    output: () => out,
    exited,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the bin expecting it to refuse to start; resolves with its exit code and output. */
export async function spawnExpectingExit(
  port: number,
  dbUrl: string,
  extraArgs: string[] = [],
): Promise<{ code: number | string; output: string }> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--db-url', dbUrl];
  const child = spawn(process.execPath, [BIN, ...args, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | string>((resolve) =>
    child.once('exit', (c, signal) => resolve(c ?? signal ?? -1)),
  );
  clearTimeout(timer);
  return { code, output };
}
