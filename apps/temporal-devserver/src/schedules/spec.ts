// A schedule's spec, compiled: which instants it matches, in its time zone, with its jitter. Temporal's
// semantics (service/worker/scheduler/spec.go, calendar.go): times are whole seconds; an interval matches
// every `(t - phase) % interval == 0` counted from the Unix epoch; a calendar matches the wall-clock fields of
// each instant in the spec's IANA time zone (so 09:00 stays 09:00 across a DST change, a time the zone skips
// is not taken and one it repeats is taken twice); excluded calendars remove matches; start/end bound them;
// jitter delays each time by a deterministic amount below both the jitter and the gap to the following time,
// so the same nominal time always gets the same actual time.
import { invalidArgument } from '../errors';
import { msFromDur, msFromTs, tsFromMs } from '../util';

type Req = Record<string, any>;

export interface Range {
  start: number;
  end: number;
  step: number;
}

interface StructuredCalendar {
  second: Range[];
  minute: Range[];
  hour: Range[];
  dayOfMonth: Range[];
  month: Range[];
  year: Range[];
  dayOfWeek: Range[];
  comment: string;
}

export interface NextTime {
  /** The matching time, before jitter (ms since epoch, whole seconds). */
  nominal: number;
  /** The time an action is due: nominal plus jitter. */
  next: number;
}

/** How far ahead a calendar looks for a match before it declares that nothing matches (Temporal: to 2100). */
const MAX_SEARCH_DAYS = 366 * 10;

const invalidSpec = (message: string): Error => invalidArgument(`Invalid schedule spec: ${message}`);

function cleanRanges(
  ranges: Req[] | undefined,
  field: string,
  min: number,
  max: number,
  errors: string[],
): Range[] {
  return (ranges ?? []).map((r) => {
    const start = Number(r?.start ?? 0);
    let end = Number(r?.end ?? 0);
    let step = Number(r?.step ?? 0);
    if (!Number.isInteger(start) || start < min || start > max)
      errors.push(`${field} Start is not in range [${min}-${max}]`);
    if (end !== 0 && (end < start || end > max))
      errors.push(`${field} End is before Start or not in range [${min}-${max}]`);
    if (step < 0) errors.push(`${field} has invalid Step`);
    if (end < start) end = start;
    if (step === 0) step = 1;
    return { start, end, step };
  });
}

/** A structured calendar with its ranges cleaned; every range out of bounds is named, as Temporal does. */
function structuredCalendar(c: Req): StructuredCalendar {
  const errors: string[] = [];
  const cal: StructuredCalendar = {
    second: cleanRanges(c.second, 'Second', 0, 59, errors),
    minute: cleanRanges(c.minute, 'Minute', 0, 59, errors),
    hour: cleanRanges(c.hour, 'Hour', 0, 23, errors),
    dayOfMonth: cleanRanges(c.dayOfMonth, 'DayOfMonth', 1, 31, errors),
    month: cleanRanges(c.month, 'Month', 1, 12, errors),
    year: cleanRanges(c.year, 'Year', 2000, 2100, errors),
    dayOfWeek: cleanRanges(c.dayOfWeek, 'DayOfWeek', 0, 7, errors),
    comment: typeof c.comment === 'string' ? c.comment : '',
  };
  if (errors.length) throw invalidSpec(`invalid calendar spec: ${errors.join(', ')}`);
  return cal;
}

// ------------------------------------------------------------------------------------------------
// Cron strings ("m h dom mon dow", optional leading seconds? no: Temporal's five fields, with an optional
// CRON_TZ= prefix and @daily-style shorthands), compiled into structured calendars as the server does.

const CRON_SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function cronField(text: string, min: number, max: number, names: string[] = [], base = 0): Req[] {
  const value = (v: string): number => {
    const i = names.indexOf(v.toLowerCase().slice(0, 3));
    const n = i >= 0 ? i + base : Number(v);
    if (!Number.isInteger(n)) throw invalidSpec(`invalid cron field value '${v}'`);
    return n;
  };
  return text.split(',').map((part) => {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw invalidSpec(`invalid cron step in '${part}'`);
    if (range === '*' || range === '?') return { start: min, end: max, step };
    const [a, b] = range.split('-');
    const start = value(a);
    const end = b === undefined ? (stepText === undefined ? start : max) : value(b);
    return { start, end, step };
  });
}

function parseCron(cron: string): { calendar: Req; tz: string } {
  let text = cron.trim();
  let tz = '';
  const tzMatch = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (tzMatch) {
    tz = tzMatch[1];
    text = text.slice(tzMatch[0].length);
  }
  text = CRON_SHORTHANDS[text] ?? text;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw invalidSpec(`cron string '${cron}' must have 5 fields`);
  const [minute, hour, dom, month, dow] = fields;
  return {
    tz,
    calendar: {
      second: [{ start: 0, end: 0, step: 1 }],
      minute: cronField(minute, 0, 59),
      hour: cronField(hour, 0, 23),
      dayOfMonth: cronField(dom, 1, 31),
      month: cronField(month, 1, 12, MONTH_NAMES, 1),
      year: [],
      dayOfWeek: cronField(dow, 0, 6, DAY_NAMES, 0),
      comment: '',
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Time zones: wall-clock fields of an instant, and the instant of wall-clock fields.

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function validTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC') return true;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

function wallOf(ms: number, tz: string): Wall {
  if (tz === '' || tz === 'UTC') {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = +p.value;
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const wallAsUtc = (w: Wall): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Offsets per zone and quarter hour: every zone changes its offset on a quarter hour, so one look-up each. */
const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 900_000;

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(ms: number, tz: string): number {
  const bucket = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${tz}@${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = wallAsUtc(wallOf(bucket, tz)) - bucket;
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/**
 * The instants whose wall-clock time in the zone is `w`, earliest first: none for a time the zone skips (the
 * spring-forward hour), two for a time it repeats (the autumn hour) — Temporal matches a calendar against the
 * wall clock of each instant, so it skips the first and takes both of the second.
 */
function instantsOf(w: Wall, tz: string): number[] {
  const asUtc = wallAsUtc(w);
  if (tz === '' || tz === 'UTC') return [asUtc];
  const out: number[] = [];
  for (const offset of new Set([offsetAt(asUtc - 86_400_000, tz), offsetAt(asUtc + 86_400_000, tz)])) {
    const t = asUtc - offset;
    if (t + offsetAt(t, tz) === asUtc) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

// ------------------------------------------------------------------------------------------------

function matches(ranges: Range[], value: number, emptyMatchesAll: boolean): boolean {
  if (ranges.length === 0) return emptyMatchesAll;
  for (const r of ranges) {
    if (value < r.start || value > r.end) continue;
    if ((value - r.start) % r.step === 0) return true;
  }
  return false;
}

function values(ranges: Range[], min: number, max: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v++) if (matches(ranges, v, false)) out.push(v);
  return out;
}

class CompiledCalendar {
  private readonly seconds: number[];
  private readonly minutes: number[];
  private readonly hours: number[];

  constructor(
    private readonly cal: StructuredCalendar,
    private readonly tz: string,
  ) {
    this.seconds = values(cal.second, 0, 59);
    this.minutes = values(cal.minute, 0, 59);
    this.hours = values(cal.hour, 0, 23);
  }

  private dayMatches(year: number, month: number, day: number): boolean {
    const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    return (
      matches(this.cal.year, year, true) &&
      matches(this.cal.month, month, false) &&
      matches(this.cal.dayOfMonth, day, false) &&
      (matches(this.cal.dayOfWeek, dow, false) || (dow === 0 && matches(this.cal.dayOfWeek, 7, false)))
    );
  }

  matches(ms: number): boolean {
    const w = wallOf(ms, this.tz);
    return (
      this.dayMatches(w.year, w.month, w.day) &&
      this.hours.includes(w.hour) &&
      this.minutes.includes(w.minute) &&
      this.seconds.includes(w.second)
    );
  }

  /** The first matching instant strictly after `after` (whole seconds), or 0. */
  next(after: number): number {
    const start = wallOf(after, this.tz);
    const day0 = Date.UTC(start.year, start.month - 1, start.day);
    // A wall-clock time earlier than `after`'s is an earlier instant, unless the offset changes around it
    // (autumn repeats an hour): candidates below that bound are passed over without computing their instants.
    const slack =
      this.tz === '' || this.tz === 'UTC'
        ? 0
        : Math.abs(offsetAt(after - 86_400_000, this.tz) - offsetAt(after + 86_400_000, this.tz));
    const lowest = wallAsUtc(start) - slack;
    // Candidates come in wall-clock order, which is the instants' order except in a repeated hour: the first
    // instant found is kept while wall-clock times up to `slack` later may still give an earlier one.
    let best = Infinity;
    let stopAfterWall = Infinity;
    for (let d = 0; d < MAX_SEARCH_DAYS; d++) {
      const dayStart = day0 + d * 86_400_000;
      const date = new Date(dayStart);
      const year = date.getUTCFullYear();
      const month = date.getUTCMonth() + 1;
      const day = date.getUTCDate();
      if (!this.dayMatches(year, month, day)) continue;
      for (const hour of this.hours) {
        const hourStart = dayStart + hour * 3_600_000;
        if (hourStart + 3_599_000 < lowest) continue;
        for (const minute of this.minutes) {
          const minuteStart = hourStart + minute * 60_000;
          if (minuteStart + 59_000 < lowest) continue;
          for (const second of this.seconds) {
            const wall = minuteStart + second * 1000;
            if (wall < lowest) continue;
            if (wall > stopAfterWall) return best;
            for (const t of instantsOf({ year, month, day, hour, minute, second }, this.tz)) {
              if (t <= after || t >= best) continue;
              best = t;
              if (slack === 0) return best;
              stopAfterWall = wall + slack;
            }
          }
        }
      }
    }
    return best === Infinity ? 0 : best;
  }
}

export class CompiledSpec {
  private readonly calendars: CompiledCalendar[];
  private readonly excludes: CompiledCalendar[];
  private readonly intervals: Array<{ every: number; phase: number }>;
  private readonly startTime: number;
  private readonly endTime: number;
  private readonly jitterMs: number;

  /** Validates and canonicalises a ScheduleSpec (cron strings become calendars); throws INVALID_ARGUMENT. */
  constructor(spec: Req | null | undefined) {
    const s = spec ?? {};
    const structured: Req[] = [...(s.structuredCalendar ?? [])];
    let tz: string = s.timezoneName ?? '';
    let cronTz: string | undefined;
    for (const cron of (s.cronString ?? []) as string[]) {
      const parsed = parseCron(cron);
      if (cronTz !== undefined && parsed.tz !== cronTz) throw invalidSpec('conflicting time zone names');
      cronTz = parsed.tz;
      structured.push(parsed.calendar);
    }
    if (cronTz) {
      if (tz && tz !== cronTz) throw invalidSpec('conflicting time zone names');
      tz = cronTz;
    }
    if ((s.calendar ?? []).length || (s.excludeCalendar ?? []).length)
      throw invalidSpec('string calendars are not supported by this dev server: use structured calendars');
    if (s.timezoneData?.length) throw invalidSpec('timezone_data is not supported by this dev server');
    if (!validTimeZone(tz)) throw invalidSpec(`unknown time zone ${tz}`);
    const cals = structured.map(structuredCalendar);
    const excl = ((s.excludeStructuredCalendar ?? []) as Req[]).map(structuredCalendar);
    this.intervals = ((s.interval ?? []) as Req[]).map((iv) => {
      const every = msFromDur(iv?.interval);
      const phase = msFromDur(iv?.phase);
      if (every < 1000) throw invalidSpec('interval is too small');
      if (phase < 0) throw invalidSpec('phase is negative');
      if (phase >= every) throw invalidSpec('phase cannot be greater than Interval');
      return { every: Math.floor(every / 1000), phase: Math.floor(phase / 1000) };
    });
    this.calendars = cals.map((c) => new CompiledCalendar(c, tz));
    this.excludes = excl.map((c) => new CompiledCalendar(c, tz));
    this.startTime = s.startTime ? msFromTs(s.startTime) : 0;
    this.endTime = s.endTime ? msFromTs(s.endTime) : 0;
    this.jitterMs = msFromDur(s.jitter);
    if (this.jitterMs < 0) throw invalidSpec('jitter is negative');
    this.canonical = {
      structuredCalendar: cals,
      interval: ((s.interval ?? []) as Req[]).map((iv) => ({
        interval: iv.interval,
        phase: iv.phase ?? null,
      })),
      cronString: [],
      calendar: [],
      excludeCalendar: [],
      excludeStructuredCalendar: excl,
      startTime: s.startTime ?? null,
      endTime: s.endTime ?? null,
      jitter: s.jitter ?? null,
      timezoneName: tz,
    };
  }

  /** The spec as Describe answers it: cron strings compiled into structured calendars, ranges cleaned. */
  readonly canonical: Req;

  private rawNext(after: number): number {
    let best = Infinity;
    for (const cal of this.calendars) {
      const t = cal.next(after);
      if (t > 0 && t < best) best = t;
    }
    const ts = Math.floor(after / 1000);
    for (const { every, phase } of this.intervals) {
      const t = (Math.floor((ts - phase) / every) + 1) * every + phase;
      if (t * 1000 < best) best = t * 1000;
    }
    return best === Infinity ? 0 : best;
  }

  private excluded(t: number): boolean {
    return this.excludes.some((c) => c.matches(t));
  }

  /** The first time strictly after `after` (ms), with its jitter; null when the spec matches nothing more. */
  nextTime(seed: string, after: number): NextTime | null {
    if (this.startTime && after < this.startTime) after = this.startTime - 1000;
    let nominal = 0;
    do {
      nominal = this.rawNext(after);
      after = nominal;
      if (nominal === 0 || (this.endTime && nominal > this.endTime)) return null;
    } while (this.excluded(nominal));
    let maxJitter = this.jitterMs;
    const following = this.rawNext(nominal);
    if (following > 0) maxJitter = Math.min(maxJitter, following - nominal);
    return { nominal, next: nominal + jitter(seed, nominal, maxJitter) };
  }
}

/** A deterministic delay in [0, max) ms for a nominal time: the same time always gets the same delay. */
function jitter(seed: string, nominal: number, maxMs: number): number {
  if (maxMs <= 0) return 0;
  let h = 0x811c9dc5;
  const text = `${nominal}:${seed}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return Math.floor((h / 2 ** 32) * maxMs);
}

export const timestamp = tsFromMs;
