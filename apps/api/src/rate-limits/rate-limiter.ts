/**
 * A fixed-window request counter per key (an address, a user id), kept in this process's memory: each API
 * replica counts on its own, so behind N replicas a client gets up to N times the limit. Pure apart from the
 * clock, which the tests pass in.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweepAt = 0;

  constructor(
    /** Requests per window; 0 turns the limiter off. */
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key`: undefined when it is within the limit, else the seconds to wait. */
  take(key: string): number | undefined {
    if (this.limit === 0) return undefined;
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.limit ? Math.max(1, Math.ceil((window.resetAt - now) / 1000)) : undefined;
  }

  /** Forgets windows that have ended, so memory follows the number of recent clients, not all of them. */
  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweepAt = now + this.windowMs;
  }
}
