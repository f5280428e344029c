// Durations are plain milliseconds everywhere (the same unit as Temporal timers and Date arithmetic).
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** An instant: a JS Date or epoch milliseconds (UTC). */
export type Instant = Date | number;

export function toEpochMs(t: Instant, what = 'instant'): number {
  const ms = typeof t === 'number' ? t : t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid instant: ${String(t)}`);
  return ms;
}

/**
 * A duration to add, rounded up to whole milliseconds: instants are whole milliseconds, and
 * "the earliest instant at which at least d has elapsed" is then exactly ceil(d). Ratios such as
 * 75 % of a budget therefore never land a millisecond early.
 */
export function toDurationMs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`a duration must be a finite number >= 0 ms, got ${ms}`);
  return Math.ceil(ms);
}
