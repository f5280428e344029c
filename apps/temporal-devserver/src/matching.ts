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

class Queue<T> {
  readonly tasks: T[] = [];
  head = 0;
  readonly waiters: Waiter<T>[] = [];
  lastPollAt = 0;

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
      this.head = 0;
    }
    return task;
  }
}

export class TaskQueues<T> {
  private readonly queues = new Map<string, Queue<T>>();
  private closed = false;

  constructor(private readonly pollTimeoutMs: number) {}

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
    const waiter = q.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(task);
    } else {
      q.tasks.push(task);
    }
  }

  /** Waits for a task, or null after the long-poll timeout. */
  poll(key: string): PollHandle<T> {
    const q = this.queue(key);
    q.lastPollAt = Date.now();
    const task = q.shift();
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

  /** Removes and returns all queued tasks (used when a sticky queue's worker goes away). */
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
