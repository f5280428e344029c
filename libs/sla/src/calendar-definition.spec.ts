import {
  CalendarDefinition,
  createCalendar,
  DEFAULT_CALENDAR,
  InvalidCalendarError,
  validateCalendar,
} from './index';

const valid = (): CalendarDefinition => JSON.parse(JSON.stringify(DEFAULT_CALENDAR));
const paths = (def: unknown) => validateCalendar(def).map((p) => p.path);

describe('validateCalendar', () => {
  it('accepts the default calendar', () => {
    expect(validateCalendar(DEFAULT_CALENDAR)).toEqual([]);
  });

  it('names overlapping, inverted, empty and malformed periods by path', () => {
    const def = valid();
    def.weeklyPeriods.mon = [
      { start: '09:00', end: '12:00' },
      { start: '11:00', end: '13:00' },
    ];
    def.weeklyPeriods.tue = [{ start: '18:00', end: '09:00' }];
    def.weeklyPeriods.wed = [{ start: '09:00', end: '09:00' }];
    def.weeklyPeriods.thu = [{ start: '9:00', end: '25:00' }];
    def.weeklyPeriods.fri = [{ start: '24:00', end: '24:00' }];
    expect(validateCalendar(def)).toEqual([
      { path: 'weeklyPeriods.mon[1]', message: 'overlaps weeklyPeriods.mon[0]' },
      { path: 'weeklyPeriods.tue[0]', message: 'ends (09:00) before or when it starts (18:00)' },
      { path: 'weeklyPeriods.wed[0]', message: 'ends (09:00) before or when it starts (09:00)' },
      { path: 'weeklyPeriods.thu[0].start', message: expect.stringMatching(/HH:mm/) },
      { path: 'weeklyPeriods.thu[0].end', message: expect.stringMatching(/HH:mm/) },
      { path: 'weeklyPeriods.fri[0].start', message: expect.stringMatching(/HH:mm/) },
    ]);
  });

  it('allows touching periods and a period that runs to 24:00', () => {
    const def = valid();
    def.weeklyPeriods.sat = [
      { start: '00:00', end: '12:00' },
      { start: '12:00', end: '24:00' },
    ];
    expect(validateCalendar(def)).toEqual([]);
  });

  it('rejects an unknown time zone', () => {
    expect(paths({ ...valid(), timeZone: 'China/Beijing' })).toEqual(['timeZone']);
    expect(paths({ ...valid(), timeZone: undefined })).toEqual(['timeZone']);
  });

  it('rejects a date that is both a holiday and a make-up day, duplicate dates and impossible dates', () => {
    const def = valid();
    def.makeUpWorkingDays.push({ date: '2026-10-01', name: 'clash' });
    def.holidays.push({ date: '2026-10-02', name: 'again' }, { date: '2026-02-30', name: 'no such day' });
    expect(validateCalendar(def)).toEqual([
      { path: 'holidays[33].date', message: '2026-10-02 is listed twice (also holidays[27])' },
      { path: 'holidays[34].date', message: expect.stringMatching(/real date/) },
      { path: 'makeUpWorkingDays[6].date', message: '2026-10-01 is also a holiday (holidays[26])' },
    ]);
  });

  it('rejects a week without any working time, a missing weekday and an unknown key', () => {
    const def = valid() as unknown as { weeklyPeriods: Record<string, unknown> };
    def.weeklyPeriods = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], funday: [] };
    expect(paths(def)).toEqual(['weeklyPeriods.funday', 'weeklyPeriods.sun', 'weeklyPeriods']);
  });

  it('rejects a make-up day whose explicit periods are empty', () => {
    const def = valid();
    def.makeUpWorkingDays[0].periods = [];
    expect(paths(def)).toEqual(['makeUpWorkingDays[0].periods']);
  });

  it('rejects what is not a calendar at all', () => {
    expect(paths(null)).toEqual(['']);
    expect(paths({})).toEqual(['id', 'name', 'timeZone', 'weeklyPeriods', 'holidays', 'makeUpWorkingDays']);
  });

  it('createCalendar refuses an invalid calendar and lists every problem', () => {
    const def = { ...valid(), timeZone: 'Nowhere', id: '' };
    expect(() => createCalendar(def)).toThrow(InvalidCalendarError);
    expect(() => createCalendar(def)).toThrow(/id: must be a non-empty string; timeZone: unknown time zone/);
  });
});

describe('DEFAULT_CALENDAR', () => {
  it('holds the State Council 2026 schedule: 33 holiday days and 6 make-up days, all on weekends', () => {
    const calendar = createCalendar(DEFAULT_CALENDAR);
    expect(DEFAULT_CALENDAR.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(DEFAULT_CALENDAR.makeUpWorkingDays.map((d) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    for (const { date } of DEFAULT_CALENDAR.makeUpWorkingDays) {
      expect([0, 6]).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
      expect(calendar.isWorkingDay(date)).toBe(true);
    }
    for (const { date } of DEFAULT_CALENDAR.holidays) expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('is plain data: it survives JSON (a workflow input, a database row) and cannot be changed by accident', () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_CALENDAR))).toEqual(DEFAULT_CALENDAR);
    expect(Object.isFrozen(DEFAULT_CALENDAR.holidays)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CALENDAR.weeklyPeriods.mon[0])).toBe(true);
  });
});
