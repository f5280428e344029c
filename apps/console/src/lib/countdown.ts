// Countdown maths for a commitment's deadline: pure, so the board and the case page only render them.

export type Tone = 'neutral' | 'warning' | 'breached' | 'paused' | 'met' | 'none';

export interface Deadline {
  /** The deadline (absent while paused or when nothing is running). */
  dueAt?: string | null;
  /** The warning point (reminder), when known. */
  warnAt?: string | null;
  /** Status of the commitment, when known (a board row has none: it is running). */
  status?: 'running' | 'paused' | 'met' | 'cancelled';
  /** Breached already (the workflow said so), even if the clock has not yet caught up. */
  breached?: boolean;
}

export interface Countdown {
  tone: Tone;
  /** Milliseconds until the deadline; negative once it has passed. */
  remainingMs: number;
  /** `1:02:03`, `2d 01:02:03`; counting up with a leading `+` once breached. Empty when nothing runs. */
  text: string;
}

/** Tone of a deadline at `now`: neutral, amber from the warning point, red once breached. */
export function countdown(deadline: Deadline, now: number, dayUnit = 'd'): Countdown {
  if (deadline.status === 'met') return { tone: 'met', remainingMs: 0, text: '' };
  if (deadline.status === 'cancelled') return { tone: 'none', remainingMs: 0, text: '' };
  if (deadline.status === 'paused' || !deadline.dueAt) {
    return { tone: deadline.status === 'paused' ? 'paused' : 'none', remainingMs: 0, text: '' };
  }
  const remainingMs = Date.parse(deadline.dueAt) - now;
  const breached = remainingMs <= 0 || deadline.breached === true;
  const warning = deadline.warnAt ? now >= Date.parse(deadline.warnAt) : false;
  const tone: Tone = breached ? 'breached' : warning ? 'warning' : 'neutral';
  const text = remainingMs <= 0 ? `+${clock(-remainingMs, dayUnit)}` : clock(remainingMs, dayUnit);
  return { tone, remainingMs, text };
}

/** Whole seconds as `h:mm:ss`, with days in front past 24 h (`2d 03:04:05`). */
export function clock(ms: number, dayUnit = 'd'): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return days > 0
    ? `${days}${dayUnit} ${two(hours)}:${two(minutes)}:${two(seconds)}`
    : `${hours}:${two(minutes)}:${two(seconds)}`;
}
