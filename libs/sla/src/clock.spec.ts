import {
  addCalendarTime,
  calendarTimeBetween,
  clockFor,
  ClockKind,
  createCalendar,
  DEFAULT_CALENDAR,
  HOUR_MS,
} from './index';

const calendar = createCalendar(DEFAULT_CALENDAR);
const fridayEvening = new Date('2026-11-20T17:30:00+08:00');

describe('clocks', () => {
  it("a complaint's 24 h run on the calendar clock, through the night and the weekend", () => {
    expect(addCalendarTime(fridayEvening, 24 * HOUR_MS)).toEqual(new Date('2026-11-21T17:30:00+08:00'));
    expect(calendarTimeBetween(fridayEvening, new Date('2026-11-21T17:30:00+08:00'))).toBe(24 * HOUR_MS);
  });

  it('a commitment uses either clock through the same interface', () => {
    const due = (kind: ClockKind) => clockFor(calendar, kind).add(fridayEvening, 2 * HOUR_MS);
    expect(due('working')).toEqual(new Date('2026-11-23T10:00:00+08:00'));
    expect(due('calendar')).toEqual(new Date('2026-11-20T19:30:00+08:00'));
    const monday10 = new Date('2026-11-23T10:00:00+08:00');
    expect(clockFor(calendar, 'working').between(fridayEvening, monday10)).toBe(2 * HOUR_MS);
    expect(clockFor(calendar, 'calendar').between(fridayEvening, monday10)).toBe(64.5 * HOUR_MS);
  });

  it('both clocks treat durations alike: zero is now, negative is an error, fractions round up', () => {
    for (const kind of ['working', 'calendar'] as const) {
      const clock = clockFor(calendar, kind);
      expect(clock.kind).toBe(kind);
      expect(() => clock.add(fridayEvening, -1)).toThrow(RangeError);
      expect(clock.add(fridayEvening, 0)).toEqual(fridayEvening);
      expect(clock.add(fridayEvening, 0.5).getTime()).toBe(fridayEvening.getTime() + 1);
    }
  });

  it('refuses an unknown clock kind (e.g. from a stale policy row)', () => {
    expect(() => clockFor(calendar, 'lunar' as ClockKind)).toThrow(/unknown clock kind/);
  });
});
