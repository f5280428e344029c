// "What would a case like this be promised?" — the commitments a policy version gives a case, with their
// due times, warning points and ladder, as if each started when the case was received. Pure maths on the
// same functions the workflow uses, so the preview and a real case cannot disagree.
import type { CalendarDefinition, Holiday, MakeUpWorkingDay } from './calendar-definition';
import { intakeCommitmentKinds } from './commitment-kinds';
import { dueAt, pendingSteps, startCommitment, type CalendarLookup } from './commitment';
import type { LocalDate } from './local-date';
import { commitmentFor, type Budget, type CaseFacts, type PolicyVersion } from './policy';

export interface PreviewStep {
  id: string;
  action: string;
  target: string;
  at: string;
}

export interface CommitmentPreview {
  kind: string;
  budget: Budget;
  clock: string;
  calendarId: string;
  /** Starts when the case is received; false: starts later in the case's life (dates assume "at once"). */
  startsAtIntake: boolean;
  dueAt: string;
  warnAt?: string;
  steps: PreviewStep[];
}

/** Every commitment the policy defines for these facts, each started at `receivedAt`. */
export function previewCommitments(
  policy: PolicyVersion,
  facts: CaseFacts,
  receivedAt: number,
  calendars: CalendarLookup,
): CommitmentPreview[] {
  const kinds: string[] = [];
  for (const rule of policy.rules) {
    for (const c of rule.commitments) if (!kinds.includes(c.kind)) kinds.push(c.kind);
  }
  const atIntake: readonly string[] = intakeCommitmentKinds(facts.caseKind);
  const previews: CommitmentPreview[] = [];
  for (const kind of kinds) {
    const definition = commitmentFor(policy, kind, facts);
    if (!definition) continue;
    const record = startCommitment(definition, { at: receivedAt, policyVersion: policy.version });
    const steps = pendingSteps(record, calendars);
    const warn = steps.find((s) => s.step.action === 'remind');
    previews.push({
      kind,
      budget: definition.budget,
      clock: definition.clock,
      calendarId: definition.calendarId,
      startsAtIntake: atIntake.includes(kind),
      dueAt: new Date(dueAt(record, calendars)!).toISOString(),
      warnAt: warn ? new Date(warn.at).toISOString() : undefined,
      steps: steps.map((s) => ({
        id: s.step.id,
        action: s.step.action,
        target: s.step.target,
        at: new Date(s.at).toISOString(),
      })),
    });
  }
  // Intake commitments first, in the order the policy lists them.
  return [...previews.filter((p) => p.startsAtIntake), ...previews.filter((p) => !p.startsAtIntake)];
}

/**
 * Adds imported holidays and make-up working days to a calendar. An imported date replaces what the
 * calendar had on that date (a holiday can become a make-up day and back); with `replaceYears`, every
 * entry in a year the import covers is dropped first, so a corrected year's file leaves no stale day.
 */
export function mergeHolidays(
  definition: CalendarDefinition,
  imported: { holidays: Holiday[]; makeUpWorkingDays: MakeUpWorkingDay[] },
  options: { replaceYears?: boolean } = {},
): { definition: CalendarDefinition; added: number; replaced: number } {
  const importedDates = new Set<LocalDate>([
    ...imported.holidays.map((h) => h.date),
    ...imported.makeUpWorkingDays.map((d) => d.date),
  ]);
  const years = new Set([...importedDates].map((d) => d.slice(0, 4)));
  const drop = (date: LocalDate) =>
    importedDates.has(date) || (options.replaceYears === true && years.has(date.slice(0, 4)));
  const existing = new Set([...definition.holidays, ...definition.makeUpWorkingDays].map((d) => d.date));
  const replaced = [...importedDates].filter((d) => existing.has(d)).length;
  const byDate = <T extends { date: LocalDate }>(a: T, b: T) => a.date.localeCompare(b.date);
  // Within the file a date listed twice keeps its first entry; validateCalendar would refuse duplicates.
  const unique = <T extends { date: LocalDate }>(list: T[]) =>
    list.filter((d, i) => list.findIndex((o) => o.date === d.date) === i);
  return {
    definition: {
      ...definition,
      holidays: [...definition.holidays.filter((h) => !drop(h.date)), ...unique(imported.holidays)].sort(
        byDate,
      ),
      makeUpWorkingDays: [
        ...definition.makeUpWorkingDays.filter((d) => !drop(d.date)),
        ...unique(imported.makeUpWorkingDays),
      ].sort(byDate),
    },
    added: importedDates.size - replaced,
    replaced,
  };
}
