// Small wording helpers the commitment-bearing workflows share (pure, deterministic).
import type { Budget } from '@caseflow/sla';

export const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** ": the note", or nothing. */
export const note = (text: string | undefined) => (text ? `: ${text}` : '');

/** ` — “the remarks”`, or nothing. */
export const remarks = (request: { remarks?: string }) => (request.remarks ? ` — “${request.remarks}”` : '');

/** "24 h", "1 day", "5 days". */
export function describeBudget(budget: Budget): string {
  const unit = { minutes: 'min', hours: 'h', days: budget.amount === 1 ? 'day' : 'days' }[budget.unit];
  return `${budget.amount} ${unit}`;
}

/** "1 h 30 min", "2 days 3 h" (a paused commitment's budget left). */
export function describeMs(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [
    days ? `${days} ${days === 1 ? 'day' : 'days'}` : '',
    hours ? `${hours} h` : '',
    minutes % 60 ? `${minutes % 60} min` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 min';
}
