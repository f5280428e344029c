// Free visit slots: an engineer's working periods (their branch calendar) minus what is taken (booked
// visits, leave). Pure, so the rules are plain to read and to test.
import type { BusinessCalendar } from '@caseflow/sla';

export interface Span {
  start: number;
  end: number;
}

/** Slots start on the half hour. */
export const SLOT_STEP_MS = 30 * 60_000;

const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Why a wished slot cannot be had, or undefined when it can. */
export function slotProblem(
  calendar: BusinessCalendar,
  slot: Span,
  busy: readonly (Span & { kind: 'visit' | 'leave' })[],
  now: number,
): 'in_the_past' | 'outside_working_time' | 'on_leave' | 'taken' | undefined {
  if (slot.start < now) return 'in_the_past';
  const periods = calendar.workingPeriodsOn(calendar.localDateOf(slot.start));
  if (!periods.some((p) => p.start.getTime() <= slot.start && slot.end <= p.end.getTime())) {
    return 'outside_working_time';
  }
  const clash = busy.find((b) => overlaps(b, slot));
  if (clash) return clash.kind === 'leave' ? 'on_leave' : 'taken';
  return undefined;
}

/** Every free slot of `durationMs` from `from` for `days` working-calendar days, in time order. */
export function freeSlots(
  calendar: BusinessCalendar,
  from: number,
  days: number,
  durationMs: number,
  busy: readonly Span[],
): Span[] {
  const slots: Span[] = [];
  let date = calendar.localDateOf(from);
  for (let day = 0; day < days; day++) {
    for (const period of calendar.workingPeriodsOn(date)) {
      const first = Math.ceil(Math.max(period.start.getTime(), from) / SLOT_STEP_MS) * SLOT_STEP_MS;
      for (let start = first; start + durationMs <= period.end.getTime(); start += SLOT_STEP_MS) {
        const slot = { start, end: start + durationMs };
        if (!busy.some((b) => overlaps(b, slot))) slots.push(slot);
      }
    }
    date = calendar.nextWorkingDay(date);
  }
  return slots;
}

/** The `count` free slots nearest to the wished time (before or after it), in time order. */
export function nearestSlots(free: readonly Span[], wished: number, count: number): Span[] {
  return [...free]
    .sort((a, b) => Math.abs(a.start - wished) - Math.abs(b.start - wished) || a.start - b.start)
    .slice(0, count)
    .sort((a, b) => a.start - b.start);
}
