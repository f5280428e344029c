// Starts Caseflow exactly as a newcomer would — `npm start` with no configuration — signs in, checks
// /health, stops it with Ctrl-C (SIGINT to the process group, as a terminal does), and starts it again to
// show the data survived.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  /** npm re-raises a Ctrl-C on itself once its script has ended, so it ends by SIGINT, not with a code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmStart(env: NodeJS.ProcessEnv): Started {
  const child = spawn('npm', ['start'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => text, exited };
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms: number,
  started?: Started,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (started && started.child.exitCode !== null)
      throw new Error(`npm start exited while waiting for ${what}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}:\n${started?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Ctrl-C as a terminal sends it; then checks that Caseflow stopped cleanly and left nothing running. */
async function stopWithCtrlC(started: Started, ports: number[]): Promise<void> {
  process.kill(-started.child.pid!, 'SIGINT');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000));
  const result = await Promise.race([started.exited, timeout]);
  if (result === 'timeout') {
    process.kill(-started.child.pid!, 'SIGKILL');
    throw new Error(`npm start did not stop within 60 s of Ctrl-C:\n${started.output()}`);
  }
  expect(result.code === 0 || result.signal === 'SIGINT').toBe(true);
  expect(started.output()).toMatch(/Caseflow stopped\./);
  expect(started.output()).not.toMatch(/Shutdown failed|Forced exit/);
  for (const port of ports) expect(await portIsOpen(port)).toBe(false);
}

jest.setTimeout(420_000); // two full starts, each with a build

describe('npm start (the embedded default)', () => {
  let env: NodeJS.ProcessEnv;
  let base: string;
  let current: Started | undefined;
  /** API, embedded PostgreSQL and dev server: all closed again after Ctrl-C. */
  let ports: number[];

  beforeAll(async () => {
    const runDir = process.env.CASEFLOW_TEST_RUN_DIR ?? fs.mkdtempSync('/tmp/caseflow-smoke-');
    const dataDir = path.join(runDir, 'smoke-data');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ports = [port, await freePort(), await freePort()];
    env = {
      ...process.env,
      PORT: String(port),
      CASEFLOW_DATA_DIR: dataDir,
      CASEFLOW_PG_PORT: String(ports[1]),
      CASEFLOW_TEMPORAL_PORT: String(ports[2]),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    };
    // The embedded default must start from nothing: no external services, no admin password given.
    delete env.DATABASE_URL;
    delete env.TEMPORAL_ADDRESS;
    delete env.CASEFLOW_ADMIN_PASSWORD;
    delete env.JWT_SECRET;
  });

  afterAll(async () => {
    if (current && current.child.exitCode === null) {
      try {
        process.kill(-current.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('starts everything, signs the admin in, reports healthy, stops on Ctrl-C and keeps the data', async () => {
    current = npmStart(env);
    const password = await waitFor(
      'the first sign-in line',
      () => /First sign-in\s+username "admin", password "([^"]+)"/.exec(current!.output())?.[1],
      180_000,
      current,
    );
    expect(current.output()).toMatch(/OpenAPI docs\s+http:\/\/localhost:\d+\/docs/);
    expect(current.output()).not.toMatch(/do NOT survive a restart/);

    // The one URL a person opens: the console, built by npm start and served by the API at `/`.
    expect(current.output()).toMatch(/Open\s+http:\/\/localhost:\d+\/\s/);
    const consolePage = await fetch(`${base}/cases/20261122-07-0003`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="root"></div>');

    const login = async () => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      return res;
    };
    const first = await login();
    expect(first.status).toBe(200);
    const { accessToken } = (await first.json()) as { accessToken: string };

    const health = await waitFor(
      'a healthy /health (database, Temporal and a polling worker)',
      async () => {
        const res = await fetch(`${base}/health`);
        return res.status === 200 ? ((await res.json()) as { status: string }) : undefined;
      },
      30_000,
      current,
    );
    expect(health.status).toBe('ok');

    const created = await fetch(`${base}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        username: 'op7',
        displayName: 'Operator Seven',
        password: 'a-long-password-7',
        roles: ['operator'],
      }),
    });
    expect(created.status).toBe(201);

    await stopWithCtrlC(current, ports);

    // Second start: same data directory, so the same admin password and the user created above.
    current = npmStart(env);
    await waitFor(
      'Caseflow to run again',
      () => (/Caseflow is running/.test(current!.output()) ? true : undefined),
      180_000,
      current,
    );
    expect(current.output()).not.toMatch(/password "/);
    const again = await login();
    expect(again.status).toBe(200);
    const token2 = ((await again.json()) as { accessToken: string }).accessToken;
    const users = await fetch(`${base}/api/users`, { headers: { authorization: `Bearer ${token2}` } });
    expect(users.status).toBe(200);
    expect(JSON.stringify(await users.json())).toContain('op7');
    await stopWithCtrlC(current, ports);
  });
});
