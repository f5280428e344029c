// A report's period as the caller names it — `month=YYYY-MM`, `quarter=YYYY-Qn` or `from`/`to` (local
// days, both included) — turned into local days [from, to) and the period before it, for comparison.
// Pure: the local "today" (in the branch calendar's zone) is given, so every rule is unit-tested.
import { fieldError } from '../staff/field-error';

export interface PeriodQuery {
  month?: string;
  quarter?: string;
  from?: string;
  to?: string;
}

export interface ReportPeriod {
  kind: 'month' | 'quarter' | 'range';
  /** `2026-11`, `2026-Q4` or `2026-11-03..2026-11-09`. */
  label: string;
  /** First local day. */
  from: string;
  /** Local day after the last (exclusive). */
  to: string;
  /** Last local day (inclusive), as people read it. */
  last: string;
  previous: { label: string; from: string; to: string };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const iso = (time: number) => new Date(time).toISOString().slice(0, 10);
const dayTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const addDays = (day: string, days: number) => iso(dayTime(day) + days * 86_400_000);
const monthStart = (year: number, month0: number) => iso(Date.UTC(year, month0, 1));

function validDay(value: string): boolean {
  return DAY.test(value) && !Number.isNaN(dayTime(value)) && iso(dayTime(value)) === value;
}

/** The local calendar day of an instant in a time zone, `YYYY-MM-DD`. */
export function localDay(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export function parsePeriod(query: PeriodQuery, today: string): ReportPeriod {
  const given = (['month', 'quarter', 'from', 'to'] as const).filter((k) => query[k] !== undefined);
  const usesRange = given.includes('from') || given.includes('to');
  if (given.length === 0 || (usesRange && given.some((k) => k === 'month' || k === 'quarter')))
    throw fieldError('month', 'give one period: month=YYYY-MM, quarter=YYYY-Qn, or from and to (YYYY-MM-DD)');
  if (query.month !== undefined && query.quarter !== undefined)
    throw fieldError('quarter', 'give month or quarter, not both');

  if (query.month !== undefined) {
    const m = MONTH.exec(query.month);
    if (!m) throw fieldError('month', 'must be YYYY-MM, e.g. 2026-11');
    const year = Number(m[1]);
    const month0 = Number(m[2]) - 1;
    const from = monthStart(year, month0);
    if (from > today) throw fieldError('month', `${query.month} has not begun yet`);
    const to = monthStart(year, month0 + 1);
    const previousFrom = monthStart(year, month0 - 1);
    return {
      kind: 'month',
      label: query.month,
      from,
      to,
      last: addDays(to, -1),
      previous: { label: previousFrom.slice(0, 7), from: previousFrom, to: from },
    };
  }

  if (query.quarter !== undefined) {
    const q = QUARTER.exec(query.quarter);
    if (!q) throw fieldError('quarter', 'must be YYYY-Qn, e.g. 2026-Q4');
    const year = Number(q[1]);
    const quarter = Number(q[2]);
    const from = monthStart(year, (quarter - 1) * 3);
    if (from > today) throw fieldError('quarter', `${query.quarter} has not begun yet`);
    const to = monthStart(year, quarter * 3);
    const previousFrom = monthStart(year, (quarter - 2) * 3);
    const previousLabel = quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
    return {
      kind: 'quarter',
      label: query.quarter,
      from,
      to,
      last: addDays(to, -1),
      previous: { label: previousLabel, from: previousFrom, to: from },
    };
  }

  if (query.from === undefined) throw fieldError('from', 'give from with to (YYYY-MM-DD)');
  if (query.to === undefined) throw fieldError('to', 'give to with from (YYYY-MM-DD)');
  if (!validDay(query.from)) throw fieldError('from', 'must be a date, YYYY-MM-DD');
  if (!validDay(query.to)) throw fieldError('to', 'must be a date, YYYY-MM-DD');
  if (query.from > query.to) throw fieldError('from', `must not be after to (${query.to})`);
  if (query.from > today) throw fieldError('from', `${query.from} has not begun yet`);
  const to = addDays(query.to, 1);
  const days = Math.round((dayTime(to) - dayTime(query.from)) / 86_400_000);
  if (days > 366) throw fieldError('to', 'a period spans at most 366 days');
  const previousFrom = addDays(query.from, -days);
  return {
    kind: 'range',
    label: `${query.from}..${query.to}`,
    from: query.from,
    to,
    last: query.to,
    previous: { label: `${previousFrom}..${addDays(query.from, -1)}`, from: previousFrom, to: query.from },
  };
}
