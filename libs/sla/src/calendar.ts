// The business calendar: which instants are working time, and how much working time lies between two
// instants. One pure implementation for workflows (deterministic sandbox), the API and reports.
//
// Model: each local date has a list of working periods (its weekday's, a make-up day's, or none on a
// holiday). Each period becomes one interval [start, end) of real time, its ends converted by
// TimeZone.instantAt ("the first instant the local clock reads that time"). So a period that spans a DST
// switch is an hour shorter or longer in real time, a period inside a spring-forward gap is empty, and
// working time is always measured in real elapsed milliseconds. Intervals are computed per day once and
// cached, and every calculation walks intervals, never minutes.
import {
  CalendarDefinition,
  normalWorkingDayPeriods,
  validateCalendar,
  WorkingPeriod,
} from './calendar-definition';
import type { CalendarProblem } from './calendar-definition';
import { Instant, toDurationMs, toEpochMs, DAY_MS } from './duration';
import {
  formatLocalDate,
  LocalDate,
  parseLocalTime,
  toDayNumber,
  wallClockMs,
  Weekday,
  weekdayOf,
} from './local-date';
import { TimeZone } from './time-zone';

type Interval = readonly [start: number, end: number];
type MinutePeriod = readonly [start: number, end: number];

// Holidays never run for years; a longer stretch without working time means the calendar is unusable,
// and saying so beats looping for ever inside a workflow.
const MAX_DAYS_WITHOUT_WORK = 2 * 366;
const MAX_CACHED_DAYS = 20_000;

export class InvalidCalendarError extends Error {
  constructor(readonly problems: CalendarProblem[]) {
    super(`invalid calendar: ${problems.map((p) => `${p.path || '(calendar)'}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidCalendarError';
  }
}

/** Validates a definition and prepares it for calculation; create one per definition and reuse it. */
export function createCalendar(definition: CalendarDefinition): BusinessCalendar {
  const problems = validateCalendar(definition);
  if (problems.length > 0) throw new InvalidCalendarError(problems);
  return new BusinessCalendar(definition);
}

export class BusinessCalendar {
  readonly zone: TimeZone;
  private readonly weekly: Record<Weekday, MinutePeriod[]>;
  private readonly holidays: Set<number>;
  private readonly makeUpDays: Map<number, MinutePeriod[]>;
  private readonly days = new Map<number, readonly Interval[]>();

  /** Use createCalendar, which validates first. */
  constructor(readonly definition: CalendarDefinition) {
    const { weeklyPeriods, holidays, makeUpWorkingDays } = definition;
    this.zone = TimeZone.of(definition.timeZone);
    this.weekly = {
      mon: toMinutes(weeklyPeriods.mon),
      tue: toMinutes(weeklyPeriods.tue),
      wed: toMinutes(weeklyPeriods.wed),
      thu: toMinutes(weeklyPeriods.thu),
      fri: toMinutes(weeklyPeriods.fri),
      sat: toMinutes(weeklyPeriods.sat),
      sun: toMinutes(weeklyPeriods.sun),
    };
    const normalDay = toMinutes(normalWorkingDayPeriods(weeklyPeriods));
    this.holidays = new Set(holidays.map((h) => toDayNumber(h.date)));
    this.makeUpDays = new Map(
      makeUpWorkingDays.map((d) => [toDayNumber(d.date), d.periods ? toMinutes(d.periods) : normalDay]),
    );
  }

  get id(): string {
    return this.definition.id;
  }

  /** The local date (in the calendar's time zone) of instant t. */
  localDateOf(t: Instant): LocalDate {
    return formatLocalDate(this.dayOf(toEpochMs(t)));
  }

  /** Whether a local date has working time: not a holiday, and a working weekday or a make-up day. */
  isWorkingDay(date: LocalDate): boolean {
    return this.intervalsOn(toDayNumber(date)).length > 0;
  }

  /** The first working day after `date` (e.g. whose shift picks up today's open cases). */
  nextWorkingDay(date: LocalDate): LocalDate {
    return formatLocalDate(this.findWorkingDay(toDayNumber(date), +1));
  }

  /** The last working day before `date` (the month's last working day: previousWorkingDay of the 1st). */
  previousWorkingDay(date: LocalDate): LocalDate {
    return formatLocalDate(this.findWorkingDay(toDayNumber(date), -1));
  }

  /** The working periods of a local date as instants (empty on a day off). */
  workingPeriodsOn(date: LocalDate): { start: Date; end: Date }[] {
    return this.intervalsOn(toDayNumber(date)).map(([start, end]) => ({
      start: new Date(start),
      end: new Date(end),
    }));
  }

  /** Whether t lies within a working period (periods are [start, end): the end instant is not working time). */
  isWorkingTime(t: Instant): boolean {
    const at = toEpochMs(t);
    const day = this.dayOf(at);
    // Neighbouring days too: a period ending at 24:00, or a DST switch at midnight, can cross the date line.
    for (let d = day - 1; d <= day + 1; d++) {
      for (const [start, end] of this.intervalsOn(d)) if (start <= at && at < end) return true;
    }
    return false;
  }

  /** t itself if it is working time, else the start of the next working period. */
  nextWorkingTime(t: Instant): Date {
    const { start } = this.firstIntervalEndingAfter(toEpochMs(t));
    return new Date(start);
  }

  /**
   * The end of the last working period of the current working day, or, when t is outside working time
   * (after hours, a weekend, a holiday), of the next working day. Always later than t.
   */
  endOfWorkingDay(t: Instant): Date {
    const { day } = this.firstIntervalEndingAfter(toEpochMs(t));
    const intervals = this.intervalsOn(day);
    return new Date(intervals[intervals.length - 1][1]);
  }

  /** The start of the first working period on the first working day after t's local date. */
  startOfNextWorkingDay(t: Instant): Date {
    const day = this.findWorkingDay(this.dayOf(toEpochMs(t)), +1);
    return new Date(this.intervalsOn(day)[0][0]);
  }

  /**
   * The earliest instant at which `duration` ms of working time have elapsed since `start`.
   * - A zero duration returns `start` itself, even outside working time (nothing has to elapse).
   * - A duration that uses up a period exactly ends at that period's end (Friday 18:30), not at the
   *   start of the next one; use nextWorkingTime for "when can someone act on it".
   * - Fractional ms round up (see toDurationMs); negative durations throw.
   */
  addWorkingTime(start: Instant, duration: number): Date {
    const from = toEpochMs(start, 'start');
    let remaining = toDurationMs(duration);
    if (remaining === 0) return new Date(from);
    let idle = 0;
    for (let day = this.dayOf(from) - 1; ; day++) {
      let worked = false;
      for (const [periodStart, end] of this.intervalsOn(day)) {
        if (end <= from) continue;
        worked = true;
        const begin = Math.max(periodStart, from);
        if (remaining <= end - begin) return new Date(begin + remaining);
        remaining -= end - begin;
      }
      idle = worked ? 0 : idle + 1;
      if (idle > MAX_DAYS_WITHOUT_WORK) throw this.noWorkingTime(from);
    }
  }

  /** Working time in ms from a to b; negative when b is before a, so spans add up in any order. */
  workingTimeBetween(a: Instant, b: Instant): number {
    const from = toEpochMs(a, 'a');
    const to = toEpochMs(b, 'b');
    if (to < from) return 0 - this.workingTimeBetween(to, from); // not -x: that would give -0 for no working time
    let total = 0;
    const lastDay = this.dayOf(to) + 1;
    for (let day = this.dayOf(from) - 1; day <= lastDay; day++) {
      for (const [start, end] of this.intervalsOn(day)) {
        const overlap = Math.min(end, to) - Math.max(start, from);
        if (overlap > 0) total += overlap;
      }
    }
    return total;
  }

  private dayOf(t: number): number {
    return Math.floor(this.zone.wallClockAt(t) / DAY_MS);
  }

  private intervalsOn(day: number): readonly Interval[] {
    let intervals = this.days.get(day);
    if (intervals === undefined) {
      const periods = this.holidays.has(day) ? [] : (this.makeUpDays.get(day) ?? this.weekly[weekdayOf(day)]);
      intervals = periods
        .map(([start, end]): Interval => [
          this.zone.instantAt(wallClockMs(day, start)),
          this.zone.instantAt(wallClockMs(day, end)),
        ])
        .filter(([start, end]) => end > start); // a period inside a DST gap does not exist that day
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      this.days.set(day, intervals);
    }
    return intervals;
  }

  /** The first working interval ending after t (clipped to start no earlier than t), and its local day. */
  private firstIntervalEndingAfter(t: number): { start: number; day: number } {
    let idle = 0;
    for (let day = this.dayOf(t) - 1; ; day++) {
      const found = this.intervalsOn(day).find(([, end]) => end > t);
      if (found) return { start: Math.max(found[0], t), day };
      if (++idle > MAX_DAYS_WITHOUT_WORK) throw this.noWorkingTime(t);
    }
  }

  private findWorkingDay(from: number, step: 1 | -1): number {
    for (let day = from + step, n = 0; n <= MAX_DAYS_WITHOUT_WORK; day += step, n++) {
      if (this.intervalsOn(day).length > 0) return day;
    }
    throw new Error(
      `calendar ${this.id} has no working day within ${MAX_DAYS_WITHOUT_WORK} days of ${formatLocalDate(from)}`,
    );
  }

  private noWorkingTime(t: number): Error {
    return new Error(
      `calendar ${this.id} has no working time within ${MAX_DAYS_WITHOUT_WORK} days after ${new Date(t).toISOString()}`,
    );
  }
}

function toMinutes(periods: WorkingPeriod[]): MinutePeriod[] {
  return periods
    .map((p): MinutePeriod => [parseLocalTime(p.start)!, parseLocalTime(p.end, true)!])
    .sort((a, b) => a[0] - b[0]);
}
