// The calendar every commitment uses unless an admin configures another: Asia/Shanghai, Mon–Fri
// 09:00–18:30, with China's official 2026 public holidays and make-up working days.
//
// Source: 国务院办公厅关于2026年部分节假日安排的通知 (General Office of the State Council, 2025-11-04,
// published by Xinhua, e.g. https://politics.gmw.cn/2025-11/04/content_38391083.htm). Every day of each
// holiday block is listed, weekends included, exactly as the notice gives the blocks. The 2027 schedule
// is announced by the State Council each November: add it here (or through the calendar editor) then.
import { CalendarDefinition, Holiday, MakeUpWorkingDay, WorkingPeriod } from './calendar-definition';
import { addDays, LocalDate } from './local-date';

const OFFICE_HOURS: WorkingPeriod[] = [{ start: '09:00', end: '18:30' }];

function block(first: LocalDate, days: number, name: string): Holiday[] {
  return Array.from({ length: days }, (_, i) => ({ date: addDays(first, i), name }));
}

const makeUp = (date: LocalDate, name: string): MakeUpWorkingDay => ({
  date,
  name: `${name} (make-up working day)`,
});

const CHINA_2026_HOLIDAYS: Holiday[] = [
  ...block('2026-01-01', 3, "New Year's Day 元旦"),
  ...block('2026-02-15', 9, 'Spring Festival 春节'),
  ...block('2026-04-04', 3, 'Qingming Festival 清明节'),
  ...block('2026-05-01', 5, 'Labour Day 劳动节'),
  ...block('2026-06-19', 3, 'Dragon Boat Festival 端午节'),
  ...block('2026-09-25', 3, 'Mid-Autumn Festival 中秋节'),
  ...block('2026-10-01', 7, 'National Day 国庆节'),
];

const CHINA_2026_MAKE_UP_DAYS: MakeUpWorkingDay[] = [
  makeUp('2026-01-04', "New Year's Day 元旦"),
  makeUp('2026-02-14', 'Spring Festival 春节'),
  makeUp('2026-02-28', 'Spring Festival 春节'),
  makeUp('2026-05-09', 'Labour Day 劳动节'),
  makeUp('2026-09-20', 'National Day 国庆节'),
  makeUp('2026-10-10', 'National Day 国庆节'),
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// Frozen: it is shared by every caller in the process; copy it to make a variant.
export const DEFAULT_CALENDAR: CalendarDefinition = deepFreeze({
  id: 'default',
  name: 'China mainland office hours (Asia/Shanghai)',
  timeZone: 'Asia/Shanghai',
  weeklyPeriods: {
    mon: OFFICE_HOURS,
    tue: OFFICE_HOURS,
    wed: OFFICE_HOURS,
    thu: OFFICE_HOURS,
    fri: OFFICE_HOURS,
    sat: [],
    sun: [],
  },
  holidays: CHINA_2026_HOLIDAYS,
  makeUpWorkingDays: CHINA_2026_MAKE_UP_DAYS,
});
