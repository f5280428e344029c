// A workflow that only uses the calendar, to prove the library runs in Temporal's deterministic sandbox
// (no Node built-ins, Intl available) and gives there the same answers as in Node.
import { createCalendar, DEFAULT_CALENDAR } from '../src';

export async function dueDatesInSandbox(input: { start: number; durationMs: number }): Promise<string[]> {
  const calendar = createCalendar(DEFAULT_CALENDAR);
  const berlin = createCalendar({ ...DEFAULT_CALENDAR, id: 'berlin', timeZone: 'Europe/Berlin' });
  return [calendar, berlin].map((c) => c.addWorkingTime(input.start, input.durationMs).toISOString());
}
