// A calendar is plain, serialisable data: it is stored in PostgreSQL, edited by admins and passed to
// workflows as input. validateCalendar says everything that is wrong with one, each problem with the
// path of the offending field, so an admin API can answer with one 422 that lists them all.
import { LocalDate, LocalTime, parseLocalDate, parseLocalTime, Weekday } from './local-date';
import { TimeZone } from './time-zone';

/** A working period within one local day, [start, end): 'HH:mm', end may be '24:00'. */
export interface WorkingPeriod {
  start: LocalTime;
  end: LocalTime;
}

export interface Holiday {
  date: LocalDate;
  name: string;
}

/** A day that is worked although it is normally off (China's 调休 Saturdays and Sundays). */
export interface MakeUpWorkingDay {
  date: LocalDate;
  name: string;
  /** Omitted: the calendar's normal working-day periods (see normalWorkingDayPeriods). */
  periods?: WorkingPeriod[];
}

export interface CalendarDefinition {
  id: string;
  name: string;
  /** IANA time zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  weeklyPeriods: Record<Weekday, WorkingPeriod[]>;
  holidays: Holiday[];
  makeUpWorkingDays: MakeUpWorkingDay[];
}

export interface CalendarProblem {
  /** Where, e.g. 'weeklyPeriods.mon[1].end' or 'holidays[3].date'. */
  path: string;
  message: string;
}

// Monday first: the order people read a week in, and the order "normal working day" is looked up in.
export const WEEKDAY_KEYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The periods a make-up day without explicit periods works: those of the first weekday, Monday first,
 * that has any (Mon–Fri calendars: Monday's). A make-up day stands in for a normal working day.
 */
export function normalWorkingDayPeriods(weekly: Record<Weekday, WorkingPeriod[]>): WorkingPeriod[] {
  return WEEKDAY_KEYS.map((day) => weekly[day]).find((periods) => periods.length > 0) ?? [];
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

export function validateCalendar(def: unknown): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(def)) return [{ path: '', message: 'a calendar must be an object' }];

  if (typeof def.id !== 'string' || def.id.trim() === '') problem('id', 'must be a non-empty string');
  if (typeof def.name !== 'string' || def.name.trim() === '') problem('name', 'must be a non-empty string');
  if (!TimeZone.isValid(def.timeZone)) {
    problem(
      'timeZone',
      `unknown time zone ${JSON.stringify(def.timeZone)}; use an IANA name such as 'Asia/Shanghai'`,
    );
  }

  const weekly = def.weeklyPeriods;
  if (!isObject(weekly)) {
    problem('weeklyPeriods', 'must be an object with mon … sun, each a list of periods ([] for a day off)');
  } else {
    for (const key of Object.keys(weekly)) {
      if (!(WEEKDAY_KEYS as readonly string[]).includes(key))
        problem(`weeklyPeriods.${key}`, 'is not a weekday (mon … sun)');
    }
    let anyPeriod = false;
    for (const day of WEEKDAY_KEYS) {
      if (weekly[day] === undefined) problem(`weeklyPeriods.${day}`, 'is missing; use [] for a day off');
      else anyPeriod = checkPeriods(weekly[day], `weeklyPeriods.${day}`, problem) || anyPeriod;
    }
    if (!anyPeriod)
      problem('weeklyPeriods', 'no working periods in the whole week: working time would never pass');
  }

  const holidayDates = checkDays(def.holidays, 'holidays', problem);
  const makeUpDates = checkDays(def.makeUpWorkingDays, 'makeUpWorkingDays', problem);
  for (const [date, index] of makeUpDates) {
    if (holidayDates.has(date)) {
      problem(
        `makeUpWorkingDays[${index}].date`,
        `${date} is also a holiday (holidays[${holidayDates.get(date)}])`,
      );
    }
  }
  if (Array.isArray(def.makeUpWorkingDays)) {
    def.makeUpWorkingDays.forEach((day, i) => {
      if (isObject(day) && day.periods !== undefined) {
        const path = `makeUpWorkingDays[${i}].periods`;
        if (!checkPeriods(day.periods, path, problem) && Array.isArray(day.periods)) {
          problem(path, 'is empty; omit it to work the normal hours, or drop the make-up day');
        }
      }
    });
  }
  return problems;
}

/** Checks one day's periods; returns whether there is at least one. */
function checkPeriods(
  periods: unknown,
  path: string,
  problem: (path: string, message: string) => void,
): boolean {
  if (!Array.isArray(periods)) {
    problem(path, 'must be a list of periods like { start: "09:00", end: "18:30" }');
    return false;
  }
  const parsed: { start: number; end: number; index: number }[] = [];
  periods.forEach((p, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(p)) return problem(at, 'must be { start: "HH:mm", end: "HH:mm" }');
    const start = parseLocalTime(p.start);
    const end = parseLocalTime(p.end, true);
    if (start === undefined)
      problem(`${at}.start`, `must be a time 'HH:mm' (00:00–23:59), got ${JSON.stringify(p.start)}`);
    if (end === undefined)
      problem(`${at}.end`, `must be a time 'HH:mm' (00:01–24:00), got ${JSON.stringify(p.end)}`);
    if (start === undefined || end === undefined) return;
    if (end <= start) return problem(at, `ends (${p.end}) before or when it starts (${p.start})`);
    parsed.push({ start, end, index });
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i].start < parsed[i - 1].end) {
      problem(`${path}[${parsed[i].index}]`, `overlaps ${path}[${parsed[i - 1].index}]`);
    }
  }
  return periods.length > 0;
}

/** Checks a list of dated entries; returns each valid, first-seen date with its index. */
function checkDays(
  list: unknown,
  path: string,
  problem: (path: string, message: string) => void,
): Map<string, number> {
  const seen = new Map<string, number>();
  if (!Array.isArray(list)) {
    problem(path, 'must be a list ([] if none)');
    return seen;
  }
  list.forEach((entry, i) => {
    if (!isObject(entry)) return problem(`${path}[${i}]`, 'must be { date: "YYYY-MM-DD", name }');
    if (typeof entry.name !== 'string') problem(`${path}[${i}].name`, 'must be a string');
    if (parseLocalDate(entry.date) === undefined) {
      return problem(
        `${path}[${i}].date`,
        `must be a real date 'YYYY-MM-DD', got ${JSON.stringify(entry.date)}`,
      );
    }
    const date = entry.date as string;
    if (seen.has(date))
      problem(`${path}[${i}].date`, `${date} is listed twice (also ${path}[${seen.get(date)}])`);
    else seen.set(date, i);
  });
  return seen;
}
