import { describe, expect, it } from 'vitest';
import {
  dayKind,
  monthGrid,
  parsePeriods,
  periodsText,
  yearCounts,
  yearsOf,
  type CalendarData,
} from './year';

const nine = [{ start: '09:00', end: '18:30' }];
const calendar: CalendarData = {
  weeklyPeriods: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine, sat: [], sun: [] },
  holidays: [{ date: '2027-01-01', name: '元旦' }],
  makeUpWorkingDays: [{ date: '2027-02-07', name: '春节补班' }],
};

describe('the year view', () => {
  it('lays a month out in weeks that start on Monday', () => {
    // 1 February 2027 is a Monday; 1 January 2027 a Friday.
    expect(monthGrid(2027, 2)[0]).toEqual([
      '2027-02-01',
      '2027-02-02',
      '2027-02-03',
      '2027-02-04',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
    ]);
    expect(monthGrid(2027, 1)[0]).toEqual([null, null, null, null, '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(monthGrid(2027, 2).flat().filter(Boolean)).toHaveLength(28);
    expect(monthGrid(2028, 2).flat().filter(Boolean)).toHaveLength(29);
  });

  it('names holidays and make-up working days, and otherwise follows the weekday’s periods', () => {
    expect(dayKind('2027-01-01', calendar)).toEqual({ kind: 'holiday', name: '元旦' });
    expect(dayKind('2027-02-07', calendar)).toEqual({ kind: 'makeUp', name: '春节补班' }); // a Sunday
    expect(dayKind('2027-01-04', calendar)).toEqual({ kind: 'working' });
    expect(dayKind('2027-01-02', calendar)).toEqual({ kind: 'off' });
  });

  it('counts the year’s days by kind', () => {
    expect(yearCounts(2027, calendar)).toEqual({ working: 260, off: 103, holiday: 1, makeUp: 1 });
  });

  it('offers this year and every year the calendar names a day in', () => {
    expect(yearsOf(calendar, 2026)).toEqual([2026, 2027]);
  });
});

describe('working periods as text', () => {
  it('reads back what it writes', () => {
    const periods = [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:30' },
    ];
    expect(periodsText(periods)).toBe('09:00-12:00, 13:00-18:30');
    expect(parsePeriods(periodsText(periods))).toEqual(periods);
    expect(parsePeriods('')).toEqual([]);
  });

  it('keeps a piece it cannot read, for the API to name', () => {
    expect(parsePeriods('09:00 – 12:00，noon')).toEqual([
      { start: '09:00', end: '12:00' },
      { start: 'noon', end: '' },
    ]);
  });
});
