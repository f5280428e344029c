// A business calendar's year at a glance, and its weekly working periods as text a person edits.
// Pure: dates are the calendar's local 'YYYY-MM-DD' strings, never instants.

export interface Period {
  start: string;
  end: string;
}

export interface CalendarData {
  weeklyPeriods: Record<string, Period[]>;
  holidays: { date: string; name: string }[];
  makeUpWorkingDays: { date: string; name: string; periods?: Period[] }[];
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type DayKind = 'working' | 'off' | 'holiday' | 'makeUp';

const pad = (n: number) => String(n).padStart(2, '0');

/** Monday = 0 … Sunday = 6. */
function weekdayIndex(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** A month as weeks (Monday first) of 'YYYY-MM-DD', null where the week runs into another month. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (string | null)[] = Array.from({ length: weekdayIndex(year, month, 1) }, () => null);
  for (let d = 1; d <= days; d++) cells.push(`${year}-${pad(month)}-${pad(d)}`);
  while (cells.length % 7) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** What a day is: a holiday or a make-up working day by name, else its weekday's periods decide. */
export function dayKind(date: string, calendar: CalendarData): { kind: DayKind; name?: string } {
  const holiday = calendar.holidays.find((h) => h.date === date);
  if (holiday) return { kind: 'holiday', name: holiday.name };
  const makeUp = calendar.makeUpWorkingDays.find((m) => m.date === date);
  if (makeUp) return { kind: 'makeUp', name: makeUp.name };
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[weekdayIndex(y, m, d)]!;
  return { kind: (calendar.weeklyPeriods[weekday] ?? []).length ? 'working' : 'off' };
}

/** How many days of each kind the year has (the year view's legend). */
export function yearCounts(year: number, calendar: CalendarData): Record<DayKind, number> {
  const counts: Record<DayKind, number> = { working: 0, off: 0, holiday: 0, makeUp: 0 };
  for (let month = 1; month <= 12; month++)
    for (const week of monthGrid(year, month))
      for (const date of week) if (date) counts[dayKind(date, calendar).kind]++;
  return counts;
}

/** `09:00-12:00, 13:00-18:30`; empty for a day off. */
export function periodsText(periods: readonly Period[]): string {
  return periods.map((p) => `${p.start}-${p.end}`).join(', ');
}

/**
 * The text back as periods. A piece that is not `start-end` is kept as it was typed (start) with an empty
 * end, so the API's validation names it rather than the page silently dropping it.
 */
export function parsePeriods(text: string): Period[] {
  return text
    .split(/[,，;]/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .map((piece) => {
      const match = /^(\S+?)\s*[-–~]\s*(\S+)$/.exec(piece);
      return match ? { start: match[1]!, end: match[2]! } : { start: piece, end: '' };
    });
}

/** The years the calendar names days in, and this year: the year view's choices. */
export function yearsOf(calendar: CalendarData, thisYear: number): number[] {
  const years = new Set([thisYear]);
  for (const d of [...calendar.holidays, ...calendar.makeUpWorkingDays])
    years.add(Number(d.date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}
