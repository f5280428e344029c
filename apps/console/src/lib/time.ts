// Times as a person at the branch reads them: in the branch calendar's time zone, with the zone named when
// it is not the browser's own. Pure (the zones are arguments), so Vitest checks them.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

export type Language = 'zh-CN' | 'en';
const DAYJS_LOCALE: Record<Language, string> = { 'zh-CN': 'zh-cn', en: 'en' };

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `2026-11-23 10:00`, plus ` (Asia/Shanghai)` when that zone is not the browser's. */
export function formatTime(iso: string, zone: string, browserZone: string): string {
  const text = dayjs(iso).tz(zone).format('YYYY-MM-DD HH:mm');
  return zone === browserZone ? text : `${text} (${zone})`;
}

/** Weekday and time of a deadline, e.g. `周一 10:00` / `Mon 10:00`, in the zone given. */
export function weekdayTime(iso: string, zone: string, language: Language): string {
  return dayjs(iso).tz(zone).locale(DAYJS_LOCALE[language]).format('ddd HH:mm');
}

/**
 * A commitment runs on working time when its budget (in its own clock) differs from the wall-clock span
 * from its start to its deadline: "2 working hours" over a night is far more than 2 h of wall clock.
 */
export function onWorkingTime(c: { startedAt: string; dueAt?: string | null; remainingMs: number }): boolean {
  if (!c.dueAt) return false;
  const wall = Date.parse(c.dueAt) - Date.parse(c.startedAt);
  return Math.abs(wall - c.remainingMs) > 60_000;
}

/** A working-time budget in whole working hours or days (9.5 working hours make a day, Mon–Fri 09:00–18:30). */
export function workingBudget(ms: number): { unit: 'workingHours' | 'workingDays'; count: number } {
  const hours = ms / 3_600_000;
  const day = 9.5;
  if (hours >= day && Number.isInteger(Math.round((hours / day) * 10) / 10)) {
    return { unit: 'workingDays', count: Math.round(hours / day) };
  }
  return { unit: 'workingHours', count: Math.round(hours * 10) / 10 };
}
