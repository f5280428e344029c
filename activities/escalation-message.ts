// The one readable sentence an escalation carries into the inbox: what was promised, on which case (or
// complaint), by when (in its local time), how late it is now, and why it reached this person.
import type { RecipientLevel } from '@caseflow/persistence';
import { TimeZone, type StepAction } from '@caseflow/sla';

export interface EscalationMessageInput {
  action: StepAction;
  template?: string;
  caseNumber: string;
  /** What the number names (default a case). */
  about?: 'case' | 'complaint';
  customerName: string;
  commitmentKind: string;
  commitmentDueAt?: string;
  firedAt: string;
  timeZone: string;
  /** Whom the step named, and where it landed after passing over vacancies. */
  targetRole: string;
  recipientLevel: RecipientLevel;
}

const HEADLINE: Record<StepAction, string> = {
  remind: 'Reminder',
  breach: 'Deadline missed',
  escalate: 'Escalated',
  notify: 'Notice',
};

export function escalationMessage(input: EscalationMessageInput): string {
  const headline = input.template === 'chase_handler' ? 'Chase the handler' : HEADLINE[input.action];
  const what = `${input.commitmentKind.replace(/_/g, ' ')} for ${input.about ?? 'case'} ${input.caseNumber} (${input.customerName})`;
  let when = '';
  if (input.commitmentDueAt) {
    const due = Date.parse(input.commitmentDueAt);
    const late = Date.parse(input.firedAt) - due;
    const at = formatLocal(due, input.timeZone);
    when =
      late >= 0
        ? ` was due ${at} and is ${formatDuration(late)} late`
        : ` is due ${at}, ${formatDuration(-late)} left`;
  }
  let route = '';
  if (input.recipientLevel === 'unassigned') {
    route = ` Nobody in the organisation chart could take it (${input.targetRole} and every level above are vacant).`;
  } else if (input.recipientLevel !== input.targetRole) {
    route = ` Sent to the ${label(input.recipientLevel)}: no active ${label(input.targetRole)}.`;
  }
  return `${headline}: ${what}${when}.${route}`;
}

const label = (role: string) => (role === 'gm_office' ? 'GM office' : role.replace(/_/g, ' '));

/** "2026-11-22 15:00 (Asia/Shanghai)". */
export function formatLocal(epochMs: number, timeZone: string): string {
  return `${TimeZone.of(timeZone).localMinute(epochMs)} (${timeZone})`;
}

/** "45 min", "2 h 5 min", "1 d 3 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
