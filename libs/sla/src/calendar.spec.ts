import {
  CalendarDefinition,
  createCalendar,
  DEFAULT_CALENDAR,
  HOUR_MS,
  MINUTE_MS,
  WorkingPeriod,
} from './index';

// Instants are written with their local offset, so each test shows the wall clock it means.
const at = (iso: string) => new Date(iso);
const hours = (n: number) => n * HOUR_MS;

function calendarOf(timeZone: string, weekday: WorkingPeriod[], extra: Partial<CalendarDefinition> = {}) {
  return createCalendar({
    id: 'test',
    name: 'test',
    timeZone,
    weeklyPeriods: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
    holidays: [],
    makeUpWorkingDays: [],
    ...extra,
  });
}

describe('the default calendar (Asia/Shanghai, Mon–Fri 09:00–18:30, China 2026 holidays)', () => {
  const calendar = createCalendar(DEFAULT_CALENDAR);

  it('a case received Friday 17:30 is due to be forwarded Monday 10:00', () => {
    const received = at('2026-11-20T17:30:00+08:00');
    expect(calendar.addWorkingTime(received, hours(2))).toEqual(at('2026-11-23T10:00:00+08:00'));
  });

  it('a case received during working time is due the same day when the budget fits', () => {
    expect(calendar.addWorkingTime(at('2026-11-23T10:00:00+08:00'), hours(2))).toEqual(
      at('2026-11-23T12:00:00+08:00'),
    );
  });

  it('a case received at night starts counting at 09:00', () => {
    expect(calendar.addWorkingTime(at('2026-11-24T02:00:00+08:00'), hours(1))).toEqual(
      at('2026-11-24T10:00:00+08:00'),
    );
  });

  it('2 working days (2 × 9.5 h) from Friday 17:30 end Tuesday 17:30', () => {
    expect(calendar.addWorkingTime(at('2026-11-20T17:30:00+08:00'), hours(19))).toEqual(
      at('2026-11-24T17:30:00+08:00'),
    );
  });

  it('a public holiday is skipped', () => {
    // National Day: 1–7 October 2026.
    expect(calendar.addWorkingTime(at('2026-09-30T17:30:00+08:00'), hours(2))).toEqual(
      at('2026-10-08T10:00:00+08:00'),
    );
    expect(
      calendar.workingTimeBetween(at('2026-10-01T00:00:00+08:00'), at('2026-10-08T00:00:00+08:00')),
    ).toBe(0);
  });

  it('a make-up Saturday counts as a working day', () => {
    // Saturday 10 October 2026 is worked for National Day.
    expect(calendar.addWorkingTime(at('2026-10-09T17:30:00+08:00'), hours(2))).toEqual(
      at('2026-10-10T10:00:00+08:00'),
    );
  });

  it('a make-up Sunday counts as a working day', () => {
    // Sunday 20 September 2026 is worked for National Day.
    expect(calendar.addWorkingTime(at('2026-09-18T17:30:00+08:00'), hours(2))).toEqual(
      at('2026-09-20T10:00:00+08:00'),
    );
  });

  it('the Spring Festival week is skipped and its make-up Saturday before it is worked', () => {
    expect(calendar.addWorkingTime(at('2026-02-13T17:30:00+08:00'), hours(2))).toEqual(
      at('2026-02-14T10:00:00+08:00'),
    );
    expect(calendar.addWorkingTime(at('2026-02-14T17:30:00+08:00'), hours(2))).toEqual(
      at('2026-02-24T10:00:00+08:00'),
    );
  });

  it('a budget that uses up the working day exactly is due at 18:30, not the next morning', () => {
    expect(calendar.addWorkingTime(at('2026-11-23T09:00:00+08:00'), hours(9.5))).toEqual(
      at('2026-11-23T18:30:00+08:00'),
    );
  });

  it('a zero budget is due at once, even outside working time', () => {
    const saturdayNoon = at('2026-11-21T12:00:00+08:00');
    expect(calendar.addWorkingTime(saturdayNoon, 0)).toEqual(saturdayNoon);
  });

  it('a fractional budget rounds up to the next whole millisecond, never early', () => {
    const start = at('2026-11-23T10:00:00+08:00');
    expect(calendar.addWorkingTime(start, 0.2).getTime()).toBe(start.getTime() + 1);
  });

  it('a negative, infinite or NaN budget, or an invalid date, is rejected', () => {
    const start = at('2026-11-23T10:00:00+08:00');
    expect(() => calendar.addWorkingTime(start, -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingTime(start, Infinity)).toThrow(RangeError);
    expect(() => calendar.addWorkingTime(start, NaN)).toThrow(RangeError);
    expect(() => calendar.addWorkingTime(new Date('nonsense'), 1)).toThrow(RangeError);
  });

  it('accepts epoch milliseconds as well as Dates', () => {
    const received = at('2026-11-20T17:30:00+08:00');
    expect(calendar.addWorkingTime(received.getTime(), hours(2))).toEqual(
      calendar.addWorkingTime(received, hours(2)),
    );
  });

  it('counts only working time between two instants: Friday 17:30 to Monday 10:00 is 2 h', () => {
    expect(
      calendar.workingTimeBetween(at('2026-11-20T17:30:00+08:00'), at('2026-11-23T10:00:00+08:00')),
    ).toBe(hours(2));
  });

  it('counts working time backwards as negative, so spans add up in any order', () => {
    expect(
      calendar.workingTimeBetween(at('2026-11-23T10:00:00+08:00'), at('2026-11-20T17:30:00+08:00')),
    ).toBe(-hours(2));
  });

  it('a working period includes its start and excludes its end', () => {
    expect(calendar.isWorkingTime(at('2026-11-23T09:00:00+08:00'))).toBe(true);
    expect(calendar.isWorkingTime(at('2026-11-23T18:29:59.999+08:00'))).toBe(true);
    expect(calendar.isWorkingTime(at('2026-11-23T18:30:00+08:00'))).toBe(false);
    expect(calendar.isWorkingTime(at('2026-10-10T11:00:00+08:00'))).toBe(true); // make-up Saturday
    expect(calendar.isWorkingTime(at('2026-10-08T08:59:59+08:00'))).toBe(false);
  });

  it('the next working time is the instant itself within working hours, else the next period start', () => {
    const monday10 = at('2026-11-23T10:00:00+08:00');
    expect(calendar.nextWorkingTime(monday10)).toEqual(monday10);
    expect(calendar.nextWorkingTime(at('2026-11-20T18:30:00+08:00'))).toEqual(
      at('2026-11-23T09:00:00+08:00'),
    );
    expect(calendar.nextWorkingTime(at('2026-09-30T20:00:00+08:00'))).toEqual(
      at('2026-10-08T09:00:00+08:00'),
    );
  });

  it('the end of the working day is today 18:30, or the next working day’s after hours', () => {
    expect(calendar.endOfWorkingDay(at('2026-11-23T10:00:00+08:00'))).toEqual(
      at('2026-11-23T18:30:00+08:00'),
    );
    expect(calendar.endOfWorkingDay(at('2026-11-23T07:00:00+08:00'))).toEqual(
      at('2026-11-23T18:30:00+08:00'),
    );
    expect(calendar.endOfWorkingDay(at('2026-11-20T19:00:00+08:00'))).toEqual(
      at('2026-11-23T18:30:00+08:00'),
    );
  });

  it('the next working day starts after weekends and holidays, and on make-up days', () => {
    expect(calendar.startOfNextWorkingDay(at('2026-11-20T12:00:00+08:00'))).toEqual(
      at('2026-11-23T09:00:00+08:00'),
    );
    expect(calendar.startOfNextWorkingDay(at('2026-11-23T07:00:00+08:00'))).toEqual(
      at('2026-11-24T09:00:00+08:00'),
    );
    expect(calendar.startOfNextWorkingDay(at('2026-09-30T10:00:00+08:00'))).toEqual(
      at('2026-10-08T09:00:00+08:00'),
    );
    expect(calendar.startOfNextWorkingDay(at('2026-10-09T10:00:00+08:00'))).toEqual(
      at('2026-10-10T09:00:00+08:00'),
    );
  });

  it('knows working days: weekdays, make-up weekend days, but not holidays', () => {
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // National Day, a Thursday
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true); // make-up Saturday
    expect(calendar.nextWorkingDay('2026-09-30')).toBe('2026-10-08');
  });

  it("the month's last working day is the working day before the 1st of the next month", () => {
    expect(calendar.previousWorkingDay('2026-11-01')).toBe('2026-10-30'); // 31 October is a Saturday
    expect(calendar.previousWorkingDay('2026-03-01')).toBe('2026-02-28'); // a make-up Saturday
  });

  it('reads local dates in the calendar’s time zone, not UTC', () => {
    expect(calendar.localDateOf(at('2026-11-20T16:30:00Z'))).toBe('2026-11-21');
    expect(calendar.workingPeriodsOn('2026-11-23')).toEqual([
      { start: at('2026-11-23T09:00:00+08:00'), end: at('2026-11-23T18:30:00+08:00') },
    ]);
  });
});

describe('several periods per day', () => {
  const calendar = calendarOf('Asia/Shanghai', [
    { start: '13:30', end: '18:30' }, // unordered on purpose: order in the data does not matter
    { start: '09:00', end: '12:00' },
  ]);

  it('the lunch break does not count', () => {
    expect(calendar.addWorkingTime(at('2026-11-23T11:00:00+08:00'), hours(2))).toEqual(
      at('2026-11-23T14:30:00+08:00'),
    );
    expect(
      calendar.workingTimeBetween(at('2026-11-23T00:00:00+08:00'), at('2026-11-24T00:00:00+08:00')),
    ).toBe(hours(8));
  });

  it('a case received during the lunch break starts counting at 13:30', () => {
    expect(calendar.isWorkingTime(at('2026-11-23T12:30:00+08:00'))).toBe(false);
    expect(calendar.nextWorkingTime(at('2026-11-23T12:30:00+08:00'))).toEqual(
      at('2026-11-23T13:30:00+08:00'),
    );
    expect(calendar.addWorkingTime(at('2026-11-23T12:30:00+08:00'), hours(1))).toEqual(
      at('2026-11-23T14:30:00+08:00'),
    );
  });

  it('the working day ends after the afternoon period, not at lunch', () => {
    expect(calendar.endOfWorkingDay(at('2026-11-23T10:00:00+08:00'))).toEqual(
      at('2026-11-23T18:30:00+08:00'),
    );
  });

  it('a make-up day works its own periods when they are given', () => {
    const withShortSaturday = calendarOf('Asia/Shanghai', [{ start: '09:00', end: '18:30' }], {
      makeUpWorkingDays: [
        { date: '2026-11-21', name: 'short make-up Saturday', periods: [{ start: '10:00', end: '12:00' }] },
      ],
    });
    expect(
      withShortSaturday.workingTimeBetween(at('2026-11-21T00:00:00+08:00'), at('2026-11-22T00:00:00+08:00')),
    ).toBe(hours(2));
    expect(withShortSaturday.addWorkingTime(at('2026-11-20T18:00:00+08:00'), hours(1))).toEqual(
      at('2026-11-21T10:30:00+08:00'),
    );
  });

  it('a period may run to midnight and join the next day’s', () => {
    const roundTheClock = calendarOf('Asia/Shanghai', [{ start: '00:00', end: '24:00' }]);
    expect(roundTheClock.addWorkingTime(at('2026-11-23T23:00:00+08:00'), hours(2))).toEqual(
      at('2026-11-24T01:00:00+08:00'),
    );
    expect(roundTheClock.isWorkingTime(at('2026-11-24T00:00:00+08:00'))).toBe(true);
    expect(roundTheClock.isWorkingTime(at('2026-11-21T00:00:00+08:00'))).toBe(false); // Saturday
  });
});

describe('daylight saving time: office hours follow the local clock', () => {
  const office = [{ start: '09:00', end: '17:00' }];

  it('Berlin: Friday 16:00 CET + 2 working hours is Monday 10:00 CEST, across the spring switch', () => {
    const berlin = calendarOf('Europe/Berlin', office);
    expect(berlin.addWorkingTime(at('2026-03-27T16:00:00+01:00'), hours(2))).toEqual(
      at('2026-03-30T10:00:00+02:00'),
    );
  });

  it('New York: Friday 16:00 EDT + 2 working hours is Monday 10:00 EST, across the autumn switch', () => {
    const newYork = calendarOf('America/New_York', office);
    expect(newYork.addWorkingTime(at('2026-10-30T16:00:00-04:00'), hours(2))).toEqual(
      at('2026-11-02T10:00:00-05:00'),
    );
  });

  it('a 24-hour calendar counts the real length of DST days: 23 h in spring, 25 h in autumn (New York)', () => {
    const always = [{ start: '00:00', end: '24:00' }];
    const newYork = calendarOf('America/New_York', always, { weeklyPeriods: weekOf(always) });
    expect(newYork.workingTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(
      hours(23),
    );
    expect(newYork.workingTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(
      hours(25),
    );
  });

  describe('a night period on the DST switch night (Berlin, Sundays)', () => {
    const nightOn = (periods: WorkingPeriod[]) =>
      calendarOf('Europe/Berlin', [{ start: '09:00', end: '17:00' }], {
        weeklyPeriods: { ...weekOf([{ start: '09:00', end: '17:00' }]), sun: periods },
      });

    it('spring: a local time that does not exist means the moment the clock jumps past it (02:30 → 03:00 CEST)', () => {
      const night = nightOn([{ start: '02:30', end: '05:00' }]);
      expect(night.workingPeriodsOn('2026-03-29')).toEqual([
        { start: at('2026-03-29T03:00:00+02:00'), end: at('2026-03-29T05:00:00+02:00') },
      ]);
    });

    it('spring: 01:00–04:00 lasts 2 real hours; a period wholly inside the gap does not exist that day', () => {
      expect(nightOn([{ start: '01:00', end: '04:00' }]).workingPeriodsOn('2026-03-29')).toEqual([
        { start: at('2026-03-29T01:00:00+01:00'), end: at('2026-03-29T04:00:00+02:00') },
      ]);
      const inGap = nightOn([{ start: '02:10', end: '02:50' }]);
      expect(inGap.workingPeriodsOn('2026-03-29')).toEqual([]);
      expect(inGap.isWorkingDay('2026-03-29')).toBe(false);
      expect(inGap.isWorkingDay('2026-04-05')).toBe(true);
    });

    it('autumn: a local time that repeats means its first occurrence, so 02:30–03:30 lasts 2 real hours', () => {
      const night = nightOn([{ start: '02:30', end: '03:30' }]);
      expect(night.workingPeriodsOn('2026-10-25')).toEqual([
        { start: at('2026-10-25T02:30:00+02:00'), end: at('2026-10-25T03:30:00+01:00') },
      ]);
      expect(night.workingTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(
        hours(2),
      );
    });

    it('autumn: 01:00–04:00 lasts 4 real hours', () => {
      const night = nightOn([{ start: '01:00', end: '04:00' }]);
      expect(night.addWorkingTime(at('2026-10-25T00:00:00+02:00'), hours(4))).toEqual(
        at('2026-10-25T04:00:00+01:00'),
      );
      expect(night.isWorkingTime(at('2026-10-25T02:15:00+01:00'))).toBe(true); // the repeated hour counts
    });
  });

  it('makes up minutes too: Kathmandu is UTC+05:45', () => {
    const kathmandu = calendarOf('Asia/Kathmandu', office);
    expect(kathmandu.nextWorkingTime(at('2026-11-23T00:00:00Z'))).toEqual(at('2026-11-23T09:00:00+05:45'));
    expect(kathmandu.addWorkingTime(at('2026-11-23T16:30:00+05:45'), 45 * MINUTE_MS)).toEqual(
      at('2026-11-24T09:15:00+05:45'),
    );
  });
});

function weekOf(periods: WorkingPeriod[]): CalendarDefinition['weeklyPeriods'] {
  return { mon: periods, tue: periods, wed: periods, thu: periods, fri: periods, sat: periods, sun: periods };
}

describe('workingTimeBetween', () => {
  it('is plain 0, never -0, when no working time lies between two instants given in reverse', () => {
    const calendar = createCalendar(DEFAULT_CALENDAR);
    expect(
      calendar.workingTimeBetween(at('2026-11-22T12:00:00+08:00'), at('2026-11-21T12:00:00+08:00')),
    ).toBe(0);
  });
});
