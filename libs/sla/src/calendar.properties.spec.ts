// Properties that must hold for ANY valid calendar in ANY zone, checked on random calendars (random
// periods, holidays and make-up days) in zones with DST (including switches at midnight and by 30 min).
import fc from 'fast-check';
import {
  BusinessCalendar,
  CalendarDefinition,
  createCalendar,
  DAY_MS,
  HOUR_MS,
  WorkingPeriod,
} from './index';
import { WEEKDAY_KEYS } from './calendar-definition';
import { formatLocalDate } from './local-date';

const ZONES = [
  'Asia/Shanghai',
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
  'UTC',
];
const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_DAYS = 365;
// DST switches in 2026 (Berlin, New York, Santiago, Lord Howe): instants near them are over-sampled.
const SWITCHES = [
  '2026-03-29T01:00Z',
  '2026-10-25T01:00Z',
  '2026-03-08T07:00Z',
  '2026-11-01T06:00Z',
  '2026-04-05T03:00Z',
  '2026-09-06T04:00Z',
  '2026-04-04T15:00Z',
  '2026-10-03T15:30Z',
].map(Date.parse);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// Sorted distinct boundaries paired up give valid, non-overlapping periods; 15-minute steps make
// touching periods and periods inside DST gaps (02:00–03:00) likely.
const dayPeriods = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((quarters) => {
  const sorted = quarters.sort((a, b) => a - b).map((q) => q * 15);
  const periods: WorkingPeriod[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2)
    periods.push({ start: hhmm(sorted[i]), end: hhmm(sorted[i + 1]) });
  return periods;
});

const dateIn2026 = fc
  .integer({ min: 0, max: YEAR_DAYS - 1 })
  .map((d) => formatLocalDate(YEAR_START / DAY_MS + d));

const calendarDefinition: fc.Arbitrary<CalendarDefinition> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weeklyPeriods: fc.record(Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, dayPeriods])) as never),
    holidayDates: fc.uniqueArray(dateIn2026, { maxLength: 40 }),
    makeUps: fc.uniqueArray(
      fc.record({
        date: dateIn2026,
        periods: fc.option(
          dayPeriods.filter((p) => p.length > 0),
          { nil: undefined },
        ),
      }),
      { maxLength: 10, selector: (m) => m.date },
    ),
  })
  .filter(({ weeklyPeriods }) =>
    Object.values(weeklyPeriods as Record<string, WorkingPeriod[]>).some((p) => p.length > 0),
  )
  .map(({ timeZone, weeklyPeriods, holidayDates, makeUps }) => ({
    id: 'random',
    name: 'random',
    timeZone,
    weeklyPeriods: weeklyPeriods as CalendarDefinition['weeklyPeriods'],
    holidays: holidayDates.map((date) => ({ date, name: 'holiday' })),
    makeUpWorkingDays: makeUps
      .filter((m) => !holidayDates.includes(m.date))
      .map(({ date, periods }) => (periods ? { date, name: 'make-up', periods } : { date, name: 'make-up' })),
  }));

// A counterexample prints as its definition, not as the calendar's caches.
const calendar = calendarDefinition.map((def) =>
  Object.assign(createCalendar(def), { [fc.toStringMethod]: () => JSON.stringify(def) }),
);

const instant = fc.oneof(
  fc.integer({ min: YEAR_START - 7 * DAY_MS, max: YEAR_START + (YEAR_DAYS + 7) * DAY_MS }),
  fc
    .tuple(fc.constantFrom(...SWITCHES), fc.integer({ min: -2 * DAY_MS, max: 2 * DAY_MS }))
    .map(([s, d]) => s + d),
);
const duration = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 4 * HOUR_MS }),
  fc.integer({ min: 0, max: 60 * HOUR_MS }),
);

const RUNS = { numRuns: 300 };
const ms = (d: Date) => d.getTime();

describe('working time, for any calendar and zone', () => {
  it('the working time from s to addWorkingTime(s, d) is exactly d', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (cal, s, d) => {
        expect(cal.workingTimeBetween(s, cal.addWorkingTime(s, d))).toBe(d);
      }),
      RUNS,
    );
  });

  it('addWorkingTime is the earliest such instant: a millisecond earlier, d has not yet elapsed', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (cal, s, d) => {
        fc.pre(d > 0);
        expect(cal.workingTimeBetween(s, ms(cal.addWorkingTime(s, d)) - 1)).toBe(d - 1);
      }),
      RUNS,
    );
  });

  it('a later start or a longer budget never gives an earlier deadline', () => {
    fc.assert(
      fc.property(calendar, instant, instant, duration, duration, (cal, a, b, d1, d2) => {
        const [s1, s2] = a <= b ? [a, b] : [b, a];
        const [short, long] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(ms(cal.addWorkingTime(s1, short))).toBeLessThanOrEqual(ms(cal.addWorkingTime(s2, short)));
        expect(ms(cal.addWorkingTime(s1, short))).toBeLessThanOrEqual(ms(cal.addWorkingTime(s1, long)));
      }),
      RUNS,
    );
  });

  it('working time adds up over consecutive spans, in any order, and never exceeds elapsed time', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, (cal, a, b, c) => {
        expect(cal.workingTimeBetween(a, b) + cal.workingTimeBetween(b, c)).toBe(
          cal.workingTimeBetween(a, c),
        );
        const [from, to] = a <= b ? [a, b] : [b, a];
        const worked = cal.workingTimeBetween(from, to);
        expect(worked).toBeGreaterThanOrEqual(0);
        expect(worked).toBeLessThanOrEqual(to - from);
      }),
      RUNS,
    );
  });

  it('isWorkingTime(t) holds exactly when the millisecond from t counts as working time', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, t) => {
        expect(cal.isWorkingTime(t)).toBe(cal.workingTimeBetween(t, t + 1) === 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('nextWorkingTime is the first working instant at or after t', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, t) => {
        const next = ms(cal.nextWorkingTime(t));
        expect(next).toBeGreaterThanOrEqual(t);
        expect(cal.isWorkingTime(next)).toBe(true);
        expect(cal.workingTimeBetween(t, next)).toBe(0);
        expect(next === t).toBe(cal.isWorkingTime(t));
      }),
      RUNS,
    );
  });

  it('endOfWorkingDay ends the working day t is in or before, and working time stops there', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, t) => {
        const end = ms(cal.endOfWorkingDay(t));
        expect(end).toBeGreaterThan(t);
        expect(cal.isWorkingTime(end - 1)).toBe(true);
        expect(cal.isWorkingTime(end) && cal.localDateOf(end) === cal.localDateOf(end - 1)).toBe(false);
      }),
      RUNS,
    );
  });

  it('startOfNextWorkingDay starts a working day after t’s local date, with no working day in between', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, t) => {
        const start = cal.startOfNextWorkingDay(t);
        const date = cal.localDateOf(start);
        expect(date > cal.localDateOf(t)).toBe(true);
        expect(cal.isWorkingDay(date)).toBe(true);
        expect(cal.nextWorkingDay(cal.localDateOf(t))).toBe(date);
        expect(cal.isWorkingTime(start)).toBe(true);
      }),
      RUNS,
    );
  });

  it('results depend only on the inputs: a fresh calendar from the same data (via JSON) agrees', () => {
    fc.assert(
      fc.property(
        calendar,
        fc.array(fc.tuple(instant, duration), { minLength: 1, maxLength: 5 }),
        (cal, cases) => {
          const fresh: BusinessCalendar = createCalendar(JSON.parse(JSON.stringify(cal.definition)));
          for (const [s, d] of cases.reverse()) {
            expect(fresh.addWorkingTime(s, d)).toEqual(cal.addWorkingTime(s, d));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
