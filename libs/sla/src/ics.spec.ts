import { createCalendar, DEFAULT_CALENDAR, mergeHolidays, parseIcsHolidays, validateCalendar } from './index';

const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];

describe('parseIcsHolidays', () => {
  it('reads all-day events, a multi-day block with an exclusive DTEND, and escaped, folded summaries', () => {
    const text = ics(
      ...event('UID:1', 'DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year\\, 元旦'),
      ...event(
        'UID:2',
        'DTSTART;VALUE=DATE:20270205',
        'DTEND;VALUE=DATE:20270208',
        'SUMMARY:Spring',
        '  Festival 春节',
      ),
      ...event('DTSTART;VALUE=DATE:20270501', 'DURATION:P2D', 'SUMMARY:Labour Day\\; holiday'),
    );
    const result = parseIcsHolidays(text);
    expect(result.problems).toEqual([]);
    expect(result.holidays).toEqual([
      { date: '2027-01-01', name: 'New Year, 元旦' },
      { date: '2027-02-05', name: 'Spring Festival 春节' },
      { date: '2027-02-06', name: 'Spring Festival 春节' },
      { date: '2027-02-07', name: 'Spring Festival 春节' },
      { date: '2027-05-01', name: 'Labour Day; holiday' },
      { date: '2027-05-02', name: 'Labour Day; holiday' },
    ]);
  });

  it('reads make-up working days (补班) as working days, and LF line endings', () => {
    const text = ics(...event('DTSTART;VALUE=DATE:20270207', 'SUMMARY:春节 补班')).replace(/\r\n/g, '\n');
    expect(parseIcsHolidays(text)).toEqual({
      holidays: [],
      makeUpWorkingDays: [{ date: '2027-02-07', name: '春节 补班' }],
      problems: [],
    });
  });

  it('ignores the properties of an alarm inside an event', () => {
    const text = ics(
      ...event(
        'DTSTART;VALUE=DATE:20271001',
        'SUMMARY:National Day',
        'BEGIN:VALARM',
        'SUMMARY:ring',
        'END:VALARM',
      ),
    );
    expect(parseIcsHolidays(text).holidays).toEqual([{ date: '2027-10-01', name: 'National Day' }]);
  });

  it.each([
    ['not a calendar', 'hello world', 1, /BEGIN:VCALENDAR/],
    ['a timed event', ics(...event('DTSTART:20270101T090000Z', 'SUMMARY:x')), 4, /whole day/],
    ['an impossible date', ics(...event('DTSTART;VALUE=DATE:20270230', 'SUMMARY:x')), 4, /not a date/],
    [
      'DTEND before DTSTART',
      ics(...event('DTSTART;VALUE=DATE:20270105', 'DTEND;VALUE=DATE:20270105')),
      5,
      /not after/,
    ],
    ['a recurrence', ics(...event('DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=YEARLY')), 5, /recurring/],
    [
      'an unclosed event',
      ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'END:VCALENDAR'].join('\n'),
      4,
      /does not close/,
    ],
    ['a line that is not NAME:value', ics('garbage here'), 3, /not a content line/],
    ['no events', ics(), 1, /no events/],
    ['a missing DTSTART', ics(...event('SUMMARY:x')), 3, /no DTSTART/],
  ])('says where a file with %s does not parse', (_what, text, line, message) => {
    const { problems } = parseIcsHolidays(text);
    expect(problems[0]).toEqual({ line, message: expect.stringMatching(message) });
  });
});

describe('mergeHolidays', () => {
  it('adds imported days, replaces those on the same date, and keeps the calendar valid', () => {
    const base = JSON.parse(JSON.stringify(DEFAULT_CALENDAR));
    const { definition, added, replaced } = mergeHolidays(base, {
      holidays: [
        { date: '2026-01-01', name: 'New Year (renamed)' },
        { date: '2026-11-25', name: 'Company day' },
      ],
      makeUpWorkingDays: [],
    });
    expect({ added, replaced }).toEqual({ added: 1, replaced: 1 });
    expect(definition.holidays.find((h) => h.date === '2026-01-01')!.name).toBe('New Year (renamed)');
    expect(definition.holidays.find((h) => h.date === '2026-11-25')).toBeDefined();
    expect(validateCalendar(definition)).toEqual([]);
    expect(createCalendar(definition).isWorkingDay('2026-11-25')).toBe(false);
  });

  it('with replaceYears drops the old entries of the years the file covers', () => {
    const { definition } = mergeHolidays(
      JSON.parse(JSON.stringify(DEFAULT_CALENDAR)),
      { holidays: [{ date: '2026-12-31', name: 'Only this' }], makeUpWorkingDays: [] },
      { replaceYears: true },
    );
    expect(definition.holidays).toEqual([{ date: '2026-12-31', name: 'Only this' }]);
    expect(definition.makeUpWorkingDays).toEqual([]);
  });
});
