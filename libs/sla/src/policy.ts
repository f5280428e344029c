// Commitment policies: which promises a case gets and how each one escalates. Plain serialisable data —
// stored in PostgreSQL as versions, passed to workflows as input — plus a pure lookup.
import type { BusinessCalendar } from './calendar';
import { normalWorkingDayPeriods } from './calendar-definition';
import type { ClockKind } from './clock';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './duration';

export type BudgetUnit = 'minutes' | 'hours' | 'days';

/** "2 working days", "30 minutes": on a working clock a day is the calendar's normal working day. */
export interface Budget {
  amount: number;
  unit: BudgetUnit;
}

/** Who a ladder step speaks to; resolved against the organisation chart when the step fires. */
export const ESCALATION_TARGETS = [
  'assignee',
  'supervisor',
  'manager',
  'quality_desk',
  'hotline',
  'customer',
] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/** remind: a nudge; breach: the deadline passed (marks the commitment breached); escalate: up the chart; notify: a message only. */
export const STEP_ACTIONS = ['remind', 'breach', 'escalate', 'notify'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export interface LadderStep {
  /** Unique within its commitment; a step that fired is never fired again, even after a re-plan. */
  id: string;
  /** Fires once `fraction` of the budget is used (0.75 = the warning point, 1 = the deadline)… */
  fraction: number;
  /** …plus this long after that, on `delayClock` (default: the commitment's clock). */
  delay?: Budget;
  delayClock?: ClockKind;
  action: StepAction;
  target: EscalationTarget;
  /** Notification template, e.g. 'delay_apology'. */
  template?: string;
  /** Internal reminders wait for working hours; messages to customers do not. */
  waitForWorkingHours: boolean;
}

export interface CommitmentDefinition {
  kind: string;
  budget: Budget;
  clock: ClockKind;
  /** Id of the business calendar whose working time (and time zone) the commitment uses. */
  calendarId: string;
  ladder: LadderStep[];
}

/** The facts about a case that a policy rule can match on. */
export interface CaseFacts {
  caseKind: string;
  category?: string;
  tier?: string;
  complexity?: string;
  channel?: string;
  dispatched?: boolean;
}

export interface PolicyRule {
  /** Every given field must equal the case's; the rule matching the most fields wins, then the later rule. */
  match: Partial<CaseFacts>;
  commitments: CommitmentDefinition[];
}

export interface PolicyVersion {
  policyId: string;
  version: number;
  rules: PolicyRule[];
}

/** A budget in milliseconds of its clock. */
export function budgetMs(budget: Budget, clock: ClockKind, calendar: BusinessCalendar): number {
  switch (budget.unit) {
    case 'minutes':
      return budget.amount * MINUTE_MS;
    case 'hours':
      return budget.amount * HOUR_MS;
    case 'days':
      return budget.amount * (clock === 'working' ? workingDayMs(calendar) : DAY_MS);
  }
}

const workingDayCache = new WeakMap<BusinessCalendar, number>();

/** The length of the calendar's normal working day (Mon–Fri 09:00–18:30 → 9.5 h). */
export function workingDayMs(calendar: BusinessCalendar): number {
  let ms = workingDayCache.get(calendar);
  if (ms === undefined) {
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
    ms = normalWorkingDayPeriods(calendar.definition.weeklyPeriods).reduce(
      (sum, p) => sum + (minutes(p.end) - minutes(p.start)) * MINUTE_MS,
      0,
    );
    workingDayCache.set(calendar, ms);
  }
  return ms;
}

/** Channels by their current name: `hotline` (complaints, and rules written for them) is `phone`. */
const channelName = (channel: unknown): unknown => (channel === 'hotline' ? 'phone' : channel);

function matches(rule: PolicyRule, facts: CaseFacts): number | undefined {
  let score = 0;
  for (const [key, value] of Object.entries(rule.match) as [keyof CaseFacts, unknown][]) {
    if (value === undefined) continue;
    if (key === 'channel' ? channelName(facts.channel) !== channelName(value) : facts[key] !== value)
      return undefined;
    score++;
  }
  return score;
}

/** The definition of one commitment kind for a case, from the most specific matching rule. */
export function commitmentFor(
  policy: PolicyVersion,
  kind: string,
  facts: CaseFacts,
): CommitmentDefinition | undefined {
  let best: { score: number; definition: CommitmentDefinition } | undefined;
  for (const rule of policy.rules) {
    const score = matches(rule, facts);
    if (score === undefined) continue;
    const definition = rule.commitments.find((c) => c.kind === kind);
    if (definition && (!best || score >= best.score)) best = { score, definition };
  }
  return best?.definition;
}

/** The calendar id that stands for "the case's branch calendar" in a policy (also the default calendar's id). */
const DEFAULT_BRANCH_CALENDAR_ALIAS = 'default';

/**
 * The rules as a branch runs them: a commitment on the `default` calendar runs on the branch's own
 * calendar, so a branch in another city (or with its own holidays) keeps its working time without a policy
 * of its own; a commitment naming any other calendar keeps it. Pure: the API, activities and rollouts all
 * hand workflows rules resolved this way.
 */
export function rulesOnBranchCalendar(
  rules: PolicyRule[],
  branchCalendarId: string | undefined,
): PolicyRule[] {
  if (!branchCalendarId || branchCalendarId === DEFAULT_BRANCH_CALENDAR_ALIAS) return rules;
  return rules.map((rule) => ({
    ...rule,
    commitments: rule.commitments.map((c) =>
      c.calendarId === DEFAULT_BRANCH_CALENDAR_ALIAS ? { ...c, calendarId: branchCalendarId } : c,
    ),
  }));
}
