// Public API of the business-calendar library. Pure and dependency-free: safe inside Temporal workflows.
export { BusinessCalendar, createCalendar, InvalidCalendarError } from './calendar';
export { normalWorkingDayPeriods, validateCalendar, WEEKDAY_KEYS } from './calendar-definition';
export type {
  CalendarDefinition,
  CalendarProblem,
  Holiday,
  MakeUpWorkingDay,
  WorkingPeriod,
} from './calendar-definition';
export { addCalendarTime, calendarTimeBetween, CALENDAR_CLOCK, clockFor } from './clock';
export type { Clock, ClockKind } from './clock';
export { DEFAULT_CALENDAR } from './default-calendar';
export { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './duration';
export type { Instant } from './duration';
export { addDays } from './local-date';
export type { LocalDate, LocalTime, Weekday } from './local-date';
export { TimeZone } from './time-zone';
export * from './policy';
export * from './commitment-kinds';
export * from './commitment';
export * from './default-policy';
export * from './policy-validation';
export * from './preview';
export { parseIcsHolidays, unescapeIcsText } from './ics';
export type { IcsHolidays, IcsProblem } from './ics';
