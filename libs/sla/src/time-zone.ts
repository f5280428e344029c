// Time-zone offsets without dependencies: Intl.DateTimeFormat is the only zone database available in
// both Node and Temporal's workflow sandbox (a V8 context, no Node built-ins). Intl is slow (microseconds
// a call), so offsets are cached per zone and per UTC hour; every DST switch found in an hour is located
// to the second once and remembered, so a cached lookup is exact, not an approximation.
//
// Local -> UTC: a wall-clock time maps to the FIRST instant at which the local clock reads that time or
// later. That one rule settles both DST cases deterministically:
// - a time that repeats (autumn, Berlin 2026-10-25 02:30 happens twice) means its first occurrence (CEST);
// - a time that doesn't exist (spring, Berlin 2026-03-29 02:30) means the instant the clock jumps past it
//   (03:00 CEST).
// It is monotonic (a later wall-clock time never maps to an earlier instant), so working periods stay in
// order and never overlap after conversion.
import { DAY_MS, HOUR_MS, SECOND_MS } from './duration';

type HourOffset = number | { at: number; before: number; after: number };

// Enough for years of hours per zone; cleared when full (results never depend on what is cached).
const MAX_CACHED_HOURS = 200_000;

export class TimeZone {
  private static readonly zones = new Map<string, TimeZone>();
  private readonly hours = new Map<number, HourOffset>();

  private constructor(
    readonly name: string,
    private readonly format: Intl.DateTimeFormat,
  ) {}

  /** The zone named by an IANA identifier ('Asia/Shanghai'); throws RangeError if it is unknown. */
  static of(name: string): TimeZone {
    let zone = TimeZone.zones.get(name);
    if (!zone) {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      zone = new TimeZone(name, format);
      TimeZone.zones.set(name, zone);
    }
    return zone;
  }

  static isValid(name: unknown): boolean {
    if (typeof name !== 'string' || name === '') return false;
    try {
      TimeZone.of(name);
      return true;
    } catch {
      return false;
    }
  }

  /** Local time minus UTC at instant t, in ms (Asia/Shanghai: +8 h). */
  offsetAt(t: number): number {
    const hour = Math.floor(t / HOUR_MS);
    let entry = this.hours.get(hour);
    if (entry === undefined) {
      entry = this.measureHour(hour);
      if (this.hours.size >= MAX_CACHED_HOURS) this.hours.clear();
      this.hours.set(hour, entry);
    }
    if (typeof entry === 'number') return entry;
    return t < entry.at ? entry.before : entry.after;
  }

  /** The local wall clock at instant t, as ms "read as if it were UTC". */
  wallClockAt(t: number): number {
    return t + this.offsetAt(t);
  }

  /** "2026-11-23 10:00": the local clock at instant t, to the minute (cached offsets, no Intl call). */
  localMinute(t: number): string {
    if (!Number.isFinite(t)) throw new RangeError(`Invalid time value: ${t}`);
    return new Date(this.wallClockAt(t)).toISOString().slice(0, 16).replace('T', ' ');
  }

  /** The first instant at which the local clock reads `wallClock` or later (see the file comment). */
  instantAt(wallClock: number): number {
    // Offsets a day either side bracket any DST switch near this wall-clock time (zones don't switch twice in two days).
    const earlier = this.offsetAt(wallClock - DAY_MS);
    const later = this.offsetAt(wallClock + DAY_MS);
    let first = Infinity;
    for (const offset of [earlier, later]) {
      const t = wallClock - offset;
      if (this.wallClockAt(t) === wallClock && t < first) first = t;
    }
    if (first !== Infinity) return first;
    // In a gap: the clock reads earlier than wallClock at lo and later at hi; the switch lies between.
    let lo = wallClock - later;
    let hi = wallClock - earlier;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.wallClockAt(mid) < wallClock) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  private measureHour(hour: number): HourOffset {
    const from = hour * HOUR_MS;
    const before = this.intlOffset(from);
    const after = this.intlOffset(from + HOUR_MS);
    if (before === after) return before;
    // A switch within (from, from + 1 h]: find its second (zones switch on whole seconds).
    let lo = from / SECOND_MS;
    let hi = lo + HOUR_MS / SECOND_MS;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.intlOffset(mid * SECOND_MS) === before) lo = mid;
      else hi = mid;
    }
    return { at: hi * SECOND_MS, before, after };
  }

  private intlOffset(t: number): number {
    const whole = Math.floor(t / SECOND_MS) * SECOND_MS; // Intl shows whole seconds
    const f: Record<string, number> = {};
    for (const part of this.format.formatToParts(whole)) {
      if (part.type !== 'literal') f[part.type] = Number(part.value);
    }
    return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - whole;
  }
}
