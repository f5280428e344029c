// A commitment (SLA clock) as pure data and pure maths: start, pause, resume, meet, re-plan, and "which
// ladder step is due next, and when". The workflow owns one of these per promise and sleeps on a durable
// timer until the next step's moment; nothing here reads the clock or does I/O.
import type { BusinessCalendar } from './calendar';
import { clockFor, type Clock } from './clock';
import { budgetMs, type CommitmentDefinition, type LadderStep } from './policy';

export type CommitmentStatus = 'running' | 'paused' | 'met' | 'cancelled';

export interface CommitmentRecord {
  /** Unique within the case, e.g. 'first_contact' or 'resolution#2' for a second round. */
  id: string;
  kind: string;
  definition: CommitmentDefinition;
  policyVersion: number;
  status: CommitmentStatus;
  startedAt: number;
  /**
   * The spans during which the clock ran; the last is open while running. Keeping them (rather than a
   * running total) lets any moment of the budget — the warning point, a deadline moved into the past by a
   * re-plan — be placed exactly, across pauses.
   */
  segments: { start: number; end?: number }[];
  /** Ids of ladder steps already fired: never fired twice, even after a re-plan. */
  firedSteps: string[];
  breachedAt?: number;
  metAt?: number;
  /** The deadline as it stood when the commitment was met or cancelled (for display and reports). */
  dueAtWhenEnded?: number;
  endedReason?: string;
}

export interface PlannedStep {
  commitmentId: string;
  step: LadderStep;
  at: number;
}

/** The calendars a case's commitments may use, by id. */
export type CalendarLookup = (calendarId: string) => BusinessCalendar;

function clockOf(record: CommitmentRecord, calendars: CalendarLookup): Clock {
  return clockFor(calendars(record.definition.calendarId), record.definition.clock);
}

export function startCommitment(
  definition: CommitmentDefinition,
  options: { id?: string; at: number; policyVersion: number },
): CommitmentRecord {
  return {
    id: options.id ?? definition.kind,
    kind: definition.kind,
    definition,
    policyVersion: options.policyVersion,
    status: 'running',
    startedAt: options.at,
    segments: [{ start: options.at }],
    firedSteps: [],
  };
}

export function totalBudgetMs(record: CommitmentRecord, calendars: CalendarLookup): number {
  return budgetMs(record.definition.budget, record.definition.clock, calendars(record.definition.calendarId));
}

/** Clock time used up to `now`. */
export function usedMs(record: CommitmentRecord, now: number, calendars: CalendarLookup): number {
  const clock = clockOf(record, calendars);
  return record.segments.reduce(
    (sum, s) => sum + Math.max(0, clock.between(s.start, s.end ?? Math.max(now, s.start))),
    0,
  );
}

/**
 * The instant at which `fraction` of the budget is (or was) used up. Undefined when the clock would have
 * to run again to get there (paused, met or cancelled first): nothing is due then.
 */
export function instantAtFraction(
  record: CommitmentRecord,
  fraction: number,
  calendars: CalendarLookup,
): number | undefined {
  const clock = clockOf(record, calendars);
  const target = Math.ceil(fraction * totalBudgetMs(record, calendars));
  let used = 0;
  for (const segment of record.segments) {
    if (segment.end === undefined) return clock.add(segment.start, target - used).getTime();
    const span = Math.max(0, clock.between(segment.start, segment.end));
    if (used + span >= target) return clock.add(segment.start, target - used).getTime();
    used += span;
  }
  return undefined;
}

export function dueAt(record: CommitmentRecord, calendars: CalendarLookup): number | undefined {
  return instantAtFraction(record, 1, calendars);
}

const isRunning = (record: CommitmentRecord) => record.status === 'running';

function closeSegment(record: CommitmentRecord, at: number): CommitmentRecord['segments'] {
  return record.segments.map((s) =>
    s.end === undefined ? { start: s.start, end: Math.max(at, s.start) } : s,
  );
}

/** When a ladder step fires: its budget fraction, then its delay, then (for internal steps) working hours. */
export function stepDueAt(
  record: CommitmentRecord,
  step: LadderStep,
  calendars: CalendarLookup,
): number | undefined {
  if (!isRunning(record)) return undefined;
  const base = instantAtFraction(record, step.fraction, calendars);
  if (base === undefined) return undefined;
  const calendar = calendars(record.definition.calendarId);
  let at = base;
  if (step.delay) {
    const clockKind = step.delayClock ?? record.definition.clock;
    at = clockFor(calendar, clockKind)
      .add(at, budgetMs(step.delay, clockKind, calendar))
      .getTime();
  }
  if (step.waitForWorkingHours) at = calendar.nextWorkingTime(at).getTime();
  return at;
}

/** The ladder steps still to fire, earliest first (ladder order breaks ties). */
export function pendingSteps(record: CommitmentRecord, calendars: CalendarLookup): PlannedStep[] {
  const planned: PlannedStep[] = [];
  for (const step of record.definition.ladder) {
    if (record.firedSteps.includes(step.id)) continue;
    const at = stepDueAt(record, step, calendars);
    if (at !== undefined) planned.push({ commitmentId: record.id, step, at });
  }
  return planned.sort((a, b) => a.at - b.at);
}

/** The next step to fire across all of a case's commitments. */
export function nextStep(
  records: readonly CommitmentRecord[],
  calendars: CalendarLookup,
): PlannedStep | undefined {
  let next: PlannedStep | undefined;
  for (const record of records) {
    const first = pendingSteps(record, calendars)[0];
    if (first && (!next || first.at < next.at)) next = first;
  }
  return next;
}

/** Records that a step fired at `at`; a 'breach' step marks the commitment breached. */
export function markStepFired(record: CommitmentRecord, stepId: string, at: number): CommitmentRecord {
  if (record.firedSteps.includes(stepId)) return record;
  const step = record.definition.ladder.find((s) => s.id === stepId);
  return {
    ...record,
    firedSteps: [...record.firedSteps, stepId],
    breachedAt: step?.action === 'breach' && record.breachedAt === undefined ? at : record.breachedAt,
  };
}

export function pauseCommitment(record: CommitmentRecord, at: number): CommitmentRecord {
  if (!isRunning(record)) return record;
  return { ...record, status: 'paused', segments: closeSegment(record, at) };
}

export function resumeCommitment(record: CommitmentRecord, at: number): CommitmentRecord {
  if (record.status !== 'paused') return record;
  return { ...record, status: 'running', segments: [...record.segments, { start: at }] };
}

/** The promise was kept (or kept late: a deadline passed unnoticed still counts as a breach). */
export function meetCommitment(
  record: CommitmentRecord,
  at: number,
  calendars: CalendarLookup,
): CommitmentRecord {
  if (record.status === 'met' || record.status === 'cancelled') return record;
  const due = dueAt(record, calendars);
  const late = record.breachedAt === undefined && due !== undefined && at > due;
  return {
    ...record,
    segments: closeSegment(record, at),
    status: 'met',
    metAt: at,
    dueAtWhenEnded: due,
    breachedAt: late ? due : record.breachedAt,
  };
}

/** The promise no longer applies (e.g. the case was cancelled). */
export function cancelCommitment(
  record: CommitmentRecord,
  at: number,
  reason: string,
  calendars: CalendarLookup,
): CommitmentRecord {
  if (record.status === 'met' || record.status === 'cancelled') return record;
  return {
    ...record,
    segments: closeSegment(record, at),
    status: 'cancelled',
    dueAtWhenEnded: dueAt(record, calendars),
    endedReason: reason,
  };
}

/**
 * Re-plans under a new policy: time already used stays used (the segments are kept), the budget and
 * ladder come from the new definition, and steps that already fired stay fired (by id).
 */
export function replanCommitment(
  record: CommitmentRecord,
  definition: CommitmentDefinition,
  policyVersion: number,
): CommitmentRecord {
  if (record.status === 'met' || record.status === 'cancelled') return record;
  return { ...record, definition, policyVersion };
}

/** What the API and the read model show of a commitment. */
export interface CommitmentView {
  id: string;
  kind: string;
  status: CommitmentStatus;
  policyVersion: number;
  startedAt: string;
  dueAt?: string;
  warnAt?: string;
  breached: boolean;
  breachedAt?: string;
  metAt?: string;
  /** Budget left, on the commitment's clock (what a paused commitment still has). */
  remainingMs: number;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function viewCommitment(
  record: CommitmentRecord,
  now: number,
  calendars: CalendarLookup,
): CommitmentView {
  const warnStep = record.definition.ladder.find((s) => s.action === 'remind');
  return {
    id: record.id,
    kind: record.kind,
    status: record.status,
    policyVersion: record.policyVersion,
    startedAt: iso(record.startedAt)!,
    dueAt: iso(record.dueAtWhenEnded ?? dueAt(record, calendars)),
    warnAt: warnStep ? iso(instantAtFraction(record, warnStep.fraction, calendars)) : undefined,
    breached: record.breachedAt !== undefined,
    breachedAt: iso(record.breachedAt),
    metAt: iso(record.metAt),
    remainingMs: Math.max(0, totalBudgetMs(record, calendars) - usedMs(record, now, calendars)),
  };
}
