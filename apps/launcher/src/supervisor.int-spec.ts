import { spawn } from 'node:child_process';
import { supervisedProcesses } from '../../api/src/health/supervision';
import { type ChildHandle, Supervisor } from './supervisor';

/** A real child process that runs until it is killed. */
function sleeper(): Promise<ChildHandle> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve) =>
    child.once('spawn', () =>
      resolve({
        pid: child.pid,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      }),
    ),
  );
}

async function until<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusOf = (name: string) => supervisedProcesses().find((p) => p.name === name);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Supervisor', () => {
  it('starts a process again after kill -9, with back-off, and shows the restart on the health registry', async () => {
    const supervisor = new Supervisor('sleeper', sleeper, { initialBackoffMs: 200 });
    await supervisor.start();
    try {
      const first = statusOf('sleeper')!;
      expect(first).toMatchObject({ state: 'running', restarts: 0 });
      process.kill(first.pid!, 'SIGKILL');
      const killedAt = Date.now();

      const second = await until(() => {
        const s = statusOf('sleeper');
        return s?.state === 'running' && s.restarts === 1 ? s : undefined;
      });
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(150); // it waited its back-off
      expect(second.pid).not.toBe(first.pid);
      expect(alive(second.pid!)).toBe(true);
      expect(second.lastExit).toMatchObject({ signal: 'SIGKILL' });
      expect(Date.parse(second.lastRestartAt!)).toBeGreaterThanOrEqual(killedAt);

      // Dying again soon after: the back-off has doubled.
      process.kill(second.pid!, 'SIGKILL');
      const againAt = Date.now();
      await until(() => (statusOf('sleeper')?.restarts === 2 ? true : undefined));
      expect(Date.now() - againAt).toBeGreaterThanOrEqual(350);
    } finally {
      await supervisor.stop();
    }
  });

  it('does not start a process again once it was asked to stop', async () => {
    const supervisor = new Supervisor('stopped-sleeper', sleeper, { initialBackoffMs: 50 });
    await supervisor.start();
    const pid = statusOf('stopped-sleeper')!.pid!;
    await supervisor.stop();
    expect(alive(pid)).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(statusOf('stopped-sleeper')).toMatchObject({ state: 'stopped', restarts: 0 });
  });

  it('keeps trying when a restart fails, and counts the one that works', async () => {
    let failures = 1;
    const flaky = () => (failures-- > 0 ? Promise.reject(new Error('port busy')) : sleeper());
    const first = await sleeper();
    let calls = 0;
    const supervisor = new Supervisor('flaky', () => (calls++ === 0 ? Promise.resolve(first) : flaky()), {
      initialBackoffMs: 50,
    });
    await supervisor.start();
    try {
      process.kill(first.pid!, 'SIGKILL');
      const status = await until(() => {
        const s = statusOf('flaky');
        return s?.state === 'running' && s.restarts === 1 ? s : undefined;
      });
      expect(status.lastError).toBe('port busy');
    } finally {
      await supervisor.stop();
    }
  });
});
