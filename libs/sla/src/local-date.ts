// Local dates ('YYYY-MM-DD') and times ('HH:mm') as the calendar data writes them, and the day
// numbers (days since 1970-01-01) the calculations use, so date arithmetic never touches a time zone.
import { DAY_MS, MINUTE_MS } from './duration';

/** A local date, 'YYYY-MM-DD'. */
export type LocalDate = string;
/** A local wall-clock time, 'HH:mm' (a period may end at '24:00', the next midnight). */
export type LocalTime = string;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** Days since 1970-01-01 for a real calendar date, or undefined (2026-02-30 is not a date). */
export function parseLocalDate(date: unknown): number | undefined {
  const m = typeof date === 'string' ? DATE.exec(date) : null;
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return formatLocalDate(ms / DAY_MS) === date ? ms / DAY_MS : undefined;
}

export function toDayNumber(date: LocalDate): number {
  const day = parseLocalDate(date);
  if (day === undefined) throw new RangeError(`not a local date 'YYYY-MM-DD': ${date}`);
  return day;
}

export function formatLocalDate(day: number): LocalDate {
  const d = new Date(day * DAY_MS);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

export function weekdayOf(day: number): Weekday {
  // 1970-01-01 was a Thursday.
  return WEEKDAYS[(((day + 4) % 7) + 7) % 7];
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return formatLocalDate(toDayNumber(date) + days);
}

/** Minutes since local midnight for 'HH:mm' (00:00–23:59, and 24:00 when `allowMidnightEnd`), or undefined. */
export function parseLocalTime(time: unknown, allowMidnightEnd = false): number | undefined {
  const m = typeof time === 'string' ? TIME.exec(time) : null;
  if (!m) return undefined;
  const [hours, minutes] = [+m[1], +m[2]];
  if (allowMidnightEnd && hours === 24 && minutes === 0) return 24 * 60;
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}

/** Wall-clock milliseconds ("local time read as if it were UTC") of a local date and minute of day. */
export function wallClockMs(day: number, minuteOfDay: number): number {
  return day * DAY_MS + minuteOfDay * MINUTE_MS;
}
