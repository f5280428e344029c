import { reportSupervised, type SupervisedProcess } from '../../api/src/health/supervision';

/** A started child process, as the supervisor sees it. */
export interface ChildHandle {
  pid?: number;
  /** Settles when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Asks it to stop and waits until it has. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  /** The first wait before a restart; it doubles with each restart that does not stay up. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process up this long is well again: the next restart waits initialBackoffMs once more. */
  stableAfterMs?: number;
  log?: (line: string) => void;
}

/**
 * Keeps one child process running: when it dies without being asked to (a crash, kill -9), it is started
 * again after a back-off (0.5 s, 1 s, 2 s… up to 30 s; back to 0.5 s once it has stayed up a minute). A
 * restart that fails is tried again later, never given up. Its restarts are on /health.
 */
export class Supervisor {
  private current?: ChildHandle;
  private startedAt = 0;
  private backoffMs: number;
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private readonly status: SupervisedProcess;
  private readonly options: Required<Omit<SupervisorOptions, 'log'>> & Pick<SupervisorOptions, 'log'>;

  constructor(
    readonly name: string,
    private readonly launch: () => Promise<ChildHandle>,
    options: SupervisorOptions = {},
  ) {
    this.options = {
      initialBackoffMs: options.initialBackoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      stableAfterMs: options.stableAfterMs ?? 60_000,
      log: options.log,
    };
    this.backoffMs = this.options.initialBackoffMs;
    this.status = { name, state: 'starting', restarts: 0 };
    reportSupervised(this.status);
  }

  /** The first start: its failure is the caller's (the launcher stops everything and says why). */
  async start(): Promise<void> {
    this.watch(await this.launch());
  }

  private watch(child: ChildHandle): void {
    this.current = child;
    this.startedAt = Date.now();
    Object.assign(this.status, { state: 'running', pid: child.pid });
    void child.exited.then(({ code, signal }) => {
      if (this.current !== child) return;
      this.current = undefined;
      this.status.lastExit = { code, signal, at: new Date().toISOString() };
      if (this.stopping) {
        Object.assign(this.status, { state: 'stopped', pid: undefined });
        return;
      }
      if (Date.now() - this.startedAt >= this.options.stableAfterMs) {
        this.backoffMs = this.options.initialBackoffMs;
      }
      this.options.log?.(
        `${this.name} exited (${signal ?? `code ${code}`}); restarting in ${this.backoffMs} ms…`,
      );
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    Object.assign(this.status, { state: 'restarting', pid: undefined });
    const wait = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopping) return;
      this.launch().then(
        (child) => {
          this.status.restarts += 1;
          this.status.lastRestartAt = new Date().toISOString();
          if (this.stopping) {
            void child.stop();
            return;
          }
          this.options.log?.(`${this.name} restarted (restart ${this.status.restarts}).`);
          this.watch(child);
        },
        (error: unknown) => {
          this.status.lastError = error instanceof Error ? error.message : String(error);
          this.options.log?.(`${this.name} could not be restarted: ${this.status.lastError}`);
          if (!this.stopping) this.scheduleRestart();
        },
      );
    }, wait);
  }

  /** No restart from now on (a shutdown has begun: a Ctrl-C reaches the children too). */
  hold(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops it for good: no restart after this. */
  async stop(): Promise<void> {
    this.hold();
    const child = this.current;
    if (child) await child.stop();
    Object.assign(this.status, { state: 'stopped', pid: undefined });
  }
}
