// Time for the dev server. One timer heap, driven by a single setTimeout for the earliest entry, so timers
// fire at their moment (no polling) and 10k pending timers cost one OS timer.
//
// In time-skipping mode the clock is virtual: it runs at real pace, but when time skipping is unlocked and
// nothing is in flight (no workflow or activity task queued or running), it jumps straight to the next timer.

export interface TimerHandle {
  readonly at: number;
  cancel(): void;
}

interface HeapEntry {
  at: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

class TimerHeap {
  private readonly items: HeapEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  /** The earliest live entry; drops cancelled ones on the way. */
  peek(): HeapEntry | undefined {
    while (this.items.length > 0 && this.items[0].cancelled) this.pop();
    return this.items[0];
  }

  pop(): HeapEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < items.length && before(items[l], items[smallest])) smallest = l;
        if (r < items.length && before(items[r], items[smallest])) smallest = r;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class Clock {
  private readonly heap = new TimerHeap();
  private seq = 0;
  private offsetMs = 0;
  private osTimer: NodeJS.Timeout | undefined;
  private osTimerAt = Infinity;
  /** The SDK's test environment starts locked: the client unlocks around `result()`. */
  private lockCount = 1;
  private skipCheckQueued = false;
  private stopped = false;

  /**
   * @param timeSkipping virtual time that may jump forward
   * @param isIdle tells whether no work is in flight (only asked in time-skipping mode)
   */
  constructor(
    readonly timeSkipping: boolean,
    private isIdle: () => boolean = () => true,
  ) {}

  setIdleProbe(isIdle: () => boolean): void {
    this.isIdle = isIdle;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Runs `fire` once the clock reaches `at` (ms since epoch, on this clock). */
  schedule(at: number, fire: () => void): TimerHandle {
    const entry: HeapEntry = { at, seq: this.seq++, fire, cancelled: false };
    this.heap.push(entry);
    if (at < this.osTimerAt) this.armOsTimer();
    this.requestSkipCheck();
    return {
      at,
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  lock(): void {
    this.lockCount++;
  }

  unlock(): void {
    if (this.lockCount === 0) throw new Error('time skipping is not locked: unbalanced unlock');
    this.lockCount--;
    this.requestSkipCheck();
  }

  get locked(): boolean {
    return this.lockCount > 0;
  }

  /** Call after any change that may have made the server idle. Coalesced to once per tick. */
  requestSkipCheck(): void {
    if (!this.timeSkipping || this.skipCheckQueued || this.stopped) return;
    this.skipCheckQueued = true;
    setImmediate(() => {
      this.skipCheckQueued = false;
      this.skipIfIdle();
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.osTimer) clearTimeout(this.osTimer);
    this.osTimer = undefined;
  }

  private skipIfIdle(): void {
    if (this.stopped || this.lockCount > 0 || !this.isIdle()) return;
    const next = this.heap.peek();
    if (!next) return;
    const now = this.now();
    if (next.at > now) this.offsetMs += next.at - now;
    this.fireDue();
  }

  private armOsTimer(): void {
    if (this.stopped) return;
    if (this.osTimer) clearTimeout(this.osTimer);
    this.osTimer = undefined;
    const next = this.heap.peek();
    if (!next) {
      this.osTimerAt = Infinity;
      return;
    }
    this.osTimerAt = next.at;
    // setTimeout caps at ~24.8 days; re-arm on wake-up if the target is further out.
    const delay = Math.min(Math.max(0, next.at - this.now()), 2 ** 31 - 1);
    this.osTimer = setTimeout(() => {
      this.osTimer = undefined;
      this.osTimerAt = Infinity;
      this.fireDue();
    }, delay);
  }

  private fireDue(): void {
    const now = this.now();
    for (;;) {
      const next = this.heap.peek();
      if (!next || next.at > now) break;
      this.heap.pop();
      try {
        next.fire();
      } catch (err) {
        // A failing timer callback must not take the clock down with it.
        console.error('[temporal-devserver] timer callback failed', err);
      }
    }
    this.armOsTimer();
    this.requestSkipCheck();
  }
}
