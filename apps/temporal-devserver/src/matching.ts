// Task queues with long polls. Tasks are small references; the engine validates a task when it hands it
// to a poller (the referenced workflow task or activity may have moved on meanwhile) and asks again.

export interface PollHandle<T> {
  promise: Promise<T | null>;
  cancel(): void;
}

interface Waiter<T> {
  resolve(task: T | null): void;
  timer: NodeJS.Timeout;
}

/** What DescribeTaskQueue reports of a poller (Temporal keeps the same per identity, with a TTL). */
export interface PollerRecord {
  identity: string;
  lastAccessTime: number;
  ratePerSecond: number;
}

class Queue<T> {
  readonly tasks: T[] = [];
  /** When each queued task was added (parallel to `tasks`), for the backlog's age. */
  readonly addedAt: number[] = [];
  head = 0;
  readonly waiters: Waiter<T>[] = [];
  lastPollAt = 0;
  /** identity -> last poll; entries older than the history TTL are dropped when read or written. */
  readonly pollers = new Map<string, PollerRecord>();
  /** Tasks ever added and handed out: the legacy TaskQueueStatus read and ack levels. */
  added = 0;
  dispatched = 0;

  get backlog(): number {
    return this.tasks.length - this.head;
  }

  shift(): T | undefined {
    if (this.head >= this.tasks.length) return undefined;
    const task = this.tasks[this.head];
    this.tasks[this.head] = undefined as T;
    this.head++;
    // Compact now and then so the array does not grow forever.
    if (this.head > 1024 && this.head * 2 > this.tasks.length) {
      this.tasks.splice(0, this.head);
      this.addedAt.splice(0, this.head);
      this.head = 0;
    }
    return task;
  }

  push(task: T): void {
    this.tasks.push(task);
    this.addedAt.push(Date.now());
  }

  oldestAddedAt(): number {
    return this.head < this.addedAt.length ? this.addedAt[this.head] : 0;
  }
}

/** Temporal's matching.PollerHistoryTTL default. */
export const POLLER_HISTORY_TTL_MS = 5 * 60_000;
/** Temporal's default dispatch rate, reported for pollers that set none. */
export const DEFAULT_TASK_DISPATCH_RPS = 100_000;

export class TaskQueues<T> {
  private readonly queues = new Map<string, Queue<T>>();
  private closed = false;

  constructor(
    private readonly pollTimeoutMs: number,
    private readonly pollerHistoryTtlMs: number = POLLER_HISTORY_TTL_MS,
  ) {}

  private queue(key: string): Queue<T> {
    let q = this.queues.get(key);
    if (!q) {
      q = new Queue<T>();
      this.queues.set(key, q);
    }
    return q;
  }

  add(key: string, task: T): void {
    const q = this.queue(key);
    q.added++;
    const waiter = q.waiters.shift();
    if (waiter) {
      q.dispatched++;
      clearTimeout(waiter.timer);
      waiter.resolve(task);
    } else {
      q.push(task);
    }
  }

  /** Re-queues a task whose poller left before taking it (not counted as added and dispatched twice). */
  giveBack(key: string, task: T): void {
    const q = this.queue(key);
    q.added--;
    q.dispatched--;
    this.add(key, task);
  }

  /**
   * Remembers who polled, as Temporal's matching does at the start and the end of each poll (identity-less
   * polls are not recorded).
   */
  recordPoller(key: string, identity: string, ratePerSecond?: number): void {
    if (!identity) return;
    const q = this.queue(key);
    const now = Date.now();
    q.pollers.set(identity, {
      identity,
      lastAccessTime: now,
      ratePerSecond: ratePerSecond ?? DEFAULT_TASK_DISPATCH_RPS,
    });
    if (q.pollers.size > 16) this.prunePollers(q, now);
  }

  /** Pollers seen within the history TTL; none for a queue nobody polled. */
  pollers(key: string): PollerRecord[] {
    const q = this.queues.get(key);
    if (!q) return [];
    this.prunePollers(q, Date.now());
    return [...q.pollers.values()];
  }

  private prunePollers(q: Queue<T>, now: number): void {
    for (const [identity, p] of q.pollers) {
      if (now - p.lastAccessTime >= this.pollerHistoryTtlMs) q.pollers.delete(identity);
    }
  }

  /** Backlog figures for DescribeTaskQueue; zeros for a queue nobody used. */
  status(key: string): { backlog: number; oldestAddedAt: number; added: number; dispatched: number } {
    const q = this.queues.get(key);
    if (!q) return { backlog: 0, oldestAddedAt: 0, added: 0, dispatched: 0 };
    return { backlog: q.backlog, oldestAddedAt: q.oldestAddedAt(), added: q.added, dispatched: q.dispatched };
  }

  /** Waits for a task, or null after the long-poll timeout. */
  poll(key: string): PollHandle<T> {
    const q = this.queue(key);
    q.lastPollAt = Date.now();
    const task = q.shift();
    if (task !== undefined) q.dispatched++;
    if (task !== undefined || this.closed) {
      return { promise: Promise.resolve(task ?? null), cancel: () => {} };
    }
    let waiter!: Waiter<T>;
    const promise = new Promise<T | null>((resolve) => {
      waiter = {
        resolve,
        timer: setTimeout(() => {
          remove();
          resolve(null);
        }, this.pollTimeoutMs),
      };
      q.waiters.push(waiter);
    });
    const remove = (): void => {
      const i = q.waiters.indexOf(waiter);
      if (i >= 0) q.waiters.splice(i, 1);
      q.lastPollAt = Date.now();
    };
    return {
      promise,
      cancel: () => {
        remove();
        clearTimeout(waiter.timer);
        waiter.resolve(null);
      },
    };
  }

  /** A queue counts as served when someone polls it now or did so recently. */
  hasRecentPoller(key: string, withinMs: number): boolean {
    const q = this.queues.get(key);
    if (!q) return false;
    return q.waiters.length > 0 || Date.now() - q.lastPollAt < withinMs;
  }

  pollerCount(key: string): number {
    return this.queues.get(key)?.waiters.length ?? 0;
  }

  backlog(key: string): number {
    return this.queues.get(key)?.backlog ?? 0;
  }

  /** Removes and returns all queued tasks (used when a sticky queue's worker goes away; Temporal unloads
   * that queue, poller history included, and so does `forget`). */
  drain(key: string): T[] {
    const q = this.queues.get(key);
    if (!q) return [];
    const out: T[] = [];
    for (let t = q.shift(); t !== undefined; t = q.shift()) out.push(t);
    return out;
  }

  forget(key: string): void {
    const q = this.queues.get(key);
    if (q && q.waiters.length === 0 && q.backlog === 0) this.queues.delete(key);
  }

  /** Answers every open poll with "no task" (server shutdown). */
  close(): void {
    this.closed = true;
    for (const q of this.queues.values()) {
      for (const w of q.waiters.splice(0)) {
        clearTimeout(w.timer);
        w.resolve(null);
      }
    }
  }
}
