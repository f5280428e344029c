// A commitment runs on one of two clocks: working time ("2 working hours") or calendar time
// (complaints: 24 h, day and night). Both have the same interface, so commitment code never branches on
// the kind.
import type { BusinessCalendar } from './calendar';
import { Instant, toDurationMs, toEpochMs } from './duration';

export type ClockKind = 'working' | 'calendar';

export interface Clock {
  readonly kind: ClockKind;
  /** The earliest instant at which `ms` of this clock's time have elapsed since `start`. */
  add(start: Instant, ms: number): Date;
  /** This clock's time from a to b in ms (negative when b is before a). */
  between(a: Instant, b: Instant): number;
}

/** Calendar time: every millisecond counts. Durations follow the working clock's rules (>= 0, rounded up). */
export function addCalendarTime(start: Instant, ms: number): Date {
  return new Date(toEpochMs(start, 'start') + toDurationMs(ms));
}

export function calendarTimeBetween(a: Instant, b: Instant): number {
  return toEpochMs(b, 'b') - toEpochMs(a, 'a');
}

export const CALENDAR_CLOCK: Clock = Object.freeze({
  kind: 'calendar' as const,
  add: addCalendarTime,
  between: calendarTimeBetween,
});

/** The clock a commitment runs on; the calendar only matters for working time. */
export function clockFor(calendar: BusinessCalendar, kind: ClockKind): Clock {
  if (kind === 'calendar') return CALENDAR_CLOCK;
  if (kind !== 'working') throw new RangeError(`unknown clock kind: ${String(kind)}`);
  return {
    kind,
    add: (start, ms) => calendar.addWorkingTime(start, ms),
    between: (a, b) => calendar.workingTimeBetween(a, b),
  };
}
