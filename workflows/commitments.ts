// A case's commitments (SLA clocks) and the other moments it must act at, as one piece of workflow code
// that every case workflow reuses (service requests and inquiries now; complaints and callbacks later).
//
// The maths live in @caseflow/sla (pure); this runner holds the records as workflow state and owns the
// one durable timer a case needs: it sleeps until the earliest of
//   - the next ladder step of any running commitment (warn / breach / escalate / notify),
//   - the deadline of a commitment that ends at its deadline (the customer's 24 h to report back),
//   - a scheduled moment (the survey 1 h after service, the level-2 callback 48 h after),
// and wakes early whenever anything changes, so a re-plan or a met promise moves the timer at once.
// Never a polling loop: between moments the workflow is idle and costs nothing.
import { ApplicationFailure, condition, log, patched } from '@temporalio/workflow';
import { DomainErrorCode } from '@caseflow/domain';
import {
  cancelCommitment,
  commitmentFor,
  createCalendar,
  dueAt,
  markStepFired,
  meetCommitment,
  nextStep,
  pauseCommitment,
  replanCommitment,
  resumeCommitment,
  startCommitment,
  TimeZone,
  totalBudgetMs,
  usedMs,
  viewCommitment,
  type BusinessCalendar,
  type CalendarDefinition,
  type CalendarLookup,
  type CaseFacts,
  type CommitmentKind,
  type CommitmentRecord,
  type CommitmentView,
  type LadderStep,
  type PolicyVersion,
} from '@caseflow/sla';

/** Timeline entries name the time zone of the times they mention (since this patch). */
export const TIMELINE_TIMES_NAME_THEIR_ZONE_PATCH = 'timeline-times-name-their-zone';

/** Something the case must act on now. */
export type Due =
  | { type: 'step'; commitmentId: string; step: LadderStep; at: number }
  | { type: 'deadline'; commitmentId: string; at: number }
  | { type: 'moment'; name: string; at: number };

/** What a re-plan did to one commitment, for the timeline. */
export interface Replanned {
  commitment: CommitmentRecord;
  fromVersion: number;
  dueBefore?: number;
  dueAfter?: number;
  /** Budget left when re-planned (what a paused commitment shows instead of a due time). */
  remainingBefore: number;
  remainingAfter: number;
  /** The new policy has no definition for this kind: it keeps the plan it was promised under. */
  notInNewPolicy: boolean;
}

/** What a policy change did to the case. */
export type ReplanOutcome =
  | { type: 'policy'; replanned: Replanned[] }
  | { type: 'calendars'; calendarIds: string[]; replanned: Replanned[] }
  /** The same version and calendars the case already runs under: nothing to do, nothing to record. */
  | { type: 'unchanged' }
  /** Older than what the case has, or another policy's: a late or misdirected signal. */
  | { type: 'ignored'; reason: string };

/** A calendar as comparable text: keys sorted, so the same definition always gives the same text. */
function canonical(definition: CalendarDefinition): string {
  return JSON.stringify(definition, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

const isOpen = (r: CommitmentRecord) => r.status === 'running' || r.status === 'paused';

export class CommitmentRunner {
  private records: CommitmentRecord[] = [];
  /** Commitments whose deadline is an event in itself (not a breach): the runner reports it as 'deadline'. */
  private readonly endAtDeadline = new Set<string>();
  /** One-off moments by name (not promises: nothing is breached if they pass). */
  private readonly moments = new Map<string, number>();
  private policy: PolicyVersion;
  private calendarById = new Map<string, BusinessCalendar>();
  /** Each calendar as given, to tell a real change from the same calendar sent again. */
  private calendarJson = new Map<string, string>();
  /** The newest revision of each calendar the case has been given (a later signal never goes back). */
  private readonly calendarRevisions = new Map<string, number>();
  /** The case's facts the policy's rules match on (kind, category, tier, channel, dispatched). */
  private readonly facts: CaseFacts;
  /** Set by every change, so the sleeping timer re-plans at once. */
  private changed = false;

  constructor(options: { policy: PolicyVersion; calendars: CalendarDefinition[]; facts: CaseFacts }) {
    this.policy = options.policy;
    this.facts = options.facts;
    this.useCalendars(options.calendars);
  }

  /** The calendars the commitments run on, by id (part of the workflow's input, so deterministic). */
  readonly calendars: CalendarLookup = (calendarId) => {
    const calendar = this.calendarById.get(calendarId);
    if (!calendar) {
      throw ApplicationFailure.create({
        type: DomainErrorCode.ValidationFailed,
        message: `Calendar '${calendarId}' is used by policy v${this.policy.version} but was not given to the case`,
        nonRetryable: true,
      });
    }
    return calendar;
  };

  get policyVersion(): PolicyVersion {
    return this.policy;
  }

  /**
   * Starts the commitment the policy defines for `kind`; a kind the policy does not define is skipped
   * (returns undefined), so an admin can switch a promise off by leaving it out of the policy.
   */
  start(
    kind: CommitmentKind,
    at: number,
    options: { id?: string; endAtDeadline?: boolean } = {},
  ): CommitmentRecord | undefined {
    const definition = commitmentFor(this.policy, kind, this.facts);
    if (!definition) {
      log.info('Policy defines no such commitment; not started', {
        kind,
        policyVersion: this.policy.version,
      });
      return undefined;
    }
    const id = options.id ?? this.freshId(kind);
    const existing = this.get(id);
    if (existing && isOpen(existing)) return existing;
    const record = startCommitment(definition, { id, at, policyVersion: this.policy.version });
    this.calendars(definition.calendarId); // fail now, not at the first timer, if its calendar is missing
    this.records = [...this.records.filter((r) => r.id !== id), record];
    if (options.endAtDeadline) this.endAtDeadline.add(id);
    this.changed = true;
    return record;
  }

  /** 'callback_level1' the first time, then 'callback_level1#2', … (a case can be resolved more than once). */
  private freshId(kind: string): string {
    const rounds = this.records.filter((r) => r.kind === kind).length;
    return rounds === 0 ? kind : `${kind}#${rounds + 1}`;
  }

  get(id: string): CommitmentRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  /** Running or paused commitments, optionally of some kinds. */
  open(kinds?: readonly string[]): CommitmentRecord[] {
    return this.records.filter((r) => isOpen(r) && (!kinds || kinds.includes(r.kind)));
  }

  /** The promise was kept; returns the commitments that were open. A late one stays breached. */
  meet(kinds: readonly string[], at: number): CommitmentRecord[] {
    return this.update(this.open(kinds), (r) => meetCommitment(r, at, this.calendars));
  }

  /** The promise no longer applies (with the reason, for the record). */
  cancel(kinds: readonly string[] | undefined, at: number, reason: string): CommitmentRecord[] {
    return this.update(this.open(kinds), (r) => cancelCommitment(r, at, reason, this.calendars));
  }

  /** Stops the clocks of running commitments of these kinds (time used so far stays used). */
  pause(kinds: readonly string[], at: number): CommitmentRecord[] {
    const running = this.open(kinds).filter((r) => r.status === 'running');
    return this.update(running, (r) => pauseCommitment(r, at));
  }

  /** Restarts paused clocks with the budget they had left. */
  resume(kinds: readonly string[], at: number): CommitmentRecord[] {
    const paused = this.open(kinds).filter((r) => r.status === 'paused');
    return this.update(paused, (r) => resumeCommitment(r, at));
  }

  /** Records that a ladder step fired. Called before the step's side effect, so it can never fire twice. */
  markFired(commitmentId: string, stepId: string, at: number): CommitmentRecord {
    const [record] = this.update(
      this.records.filter((r) => r.id === commitmentId),
      (r) => markStepFired(r, stepId, at),
    );
    return record;
  }

  /**
   * Re-plans every open commitment under a policy version and the calendars it uses: time already used
   * stays used, steps already fired stay fired, the budget and ladder come from the version, and working
   * time is measured on the new calendars. Answers what changed, or why nothing did: the same version
   * with the same calendars again (a retried publish) changes nothing, and an older version or an older
   * calendar revision than the case already has (a late signal) is ignored, so signals may be repeated.
   */
  replan(change: {
    policy: PolicyVersion;
    calendars: CalendarDefinition[];
    calendarRevisions?: Record<string, number>;
  }): ReplanOutcome {
    const { policy, calendars } = change;
    if (policy.policyId !== this.policy.policyId) return { type: 'ignored', reason: 'another policy' };
    if (policy.version < this.policy.version) return { type: 'ignored', reason: 'older version' };
    const revisions = change.calendarRevisions ?? {};
    const stale = Object.entries(revisions).find(([id, rev]) => rev < (this.calendarRevisions.get(id) ?? 0));
    if (stale) return { type: 'ignored', reason: `older revision of calendar '${stale[0]}'` };
    const changedCalendars = calendars
      .filter((d) => canonical(d) !== this.calendarJson.get(d.id))
      .map((d) => d.id);
    const samePolicy = policy.version === this.policy.version;
    if (samePolicy && changedCalendars.length === 0) return { type: 'unchanged' };

    const now = Date.now();
    const before = new Map(
      this.open().map((r) => [r.id, { due: dueAt(r, this.calendars), remaining: this.remainingMs(r, now) }]),
    );
    this.policy = policy;
    this.useCalendars(calendars);
    for (const [id, rev] of Object.entries(revisions)) this.calendarRevisions.set(id, rev);
    const results: Replanned[] = [];
    for (const record of this.open()) {
      const definition = commitmentFor(policy, record.kind, this.facts);
      const replanned = definition ? replanCommitment(record, definition, policy.version) : record;
      this.records = this.records.map((r) => (r.id === record.id ? replanned : r));
      results.push({
        commitment: replanned,
        fromVersion: record.policyVersion,
        dueBefore: before.get(record.id)?.due,
        dueAfter: dueAt(replanned, this.calendars),
        remainingBefore: before.get(record.id)?.remaining ?? 0,
        remainingAfter: this.remainingMs(replanned, now),
        notInNewPolicy: !definition,
      });
    }
    this.changed = true;
    return samePolicy
      ? { type: 'calendars', calendarIds: changedCalendars, replanned: results }
      : { type: 'policy', replanned: results };
  }

  /** Budget left at `now`, on the commitment's own clock. */
  remainingMs(record: CommitmentRecord, now: number): number {
    return Math.max(0, totalBudgetMs(record, this.calendars) - usedMs(record, now, this.calendars));
  }

  /** Schedules (or moves) a named one-off moment. */
  schedule(name: string, at: number): void {
    this.moments.set(name, at);
    this.changed = true;
  }

  unschedule(name: string): void {
    if (this.moments.delete(name)) this.changed = true;
  }

  /** The deadline of a commitment as it stands now (undefined while paused). */
  dueAt(record: CommitmentRecord): number | undefined {
    return record.dueAtWhenEnded ?? dueAt(record, this.calendars);
  }

  /** The earliest thing due: a ladder step, a deadline that ends a commitment, or a scheduled moment. */
  next(): Due | undefined {
    const candidates: Due[] = [];
    const step = nextStep(this.records, this.calendars);
    if (step)
      candidates.push({ type: 'step', commitmentId: step.commitmentId, step: step.step, at: step.at });
    for (const record of this.open()) {
      if (!this.endAtDeadline.has(record.id) || record.status !== 'running') continue;
      const at = dueAt(record, this.calendars);
      if (at !== undefined) candidates.push({ type: 'deadline', commitmentId: record.id, at });
    }
    for (const [name, at] of this.moments) candidates.push({ type: 'moment', name, at });
    // Earliest first; on a tie ladder steps before deadlines before moments (the array's order), so a
    // step at the deadline (e.g. 'breach') fires before whatever the deadline itself does.
    return candidates.reduce<Due | undefined>((a, b) => (a === undefined || b.at < a.at ? b : a), undefined);
  }

  /**
   * Sleeps on one durable timer until the next thing is due, or until anything changes or `stop()`
   * holds. Returns what is due now, or undefined when woken early (the caller simply asks again).
   * A moment already past — a step moved into the past by a re-plan — is due at once.
   */
  async waitForNext(stop: () => boolean): Promise<Due | undefined> {
    this.changed = false;
    const due = this.next();
    const now = Date.now();
    if (due && due.at <= now) {
      if (due.type === 'moment') this.moments.delete(due.name);
      return due;
    }
    const wake = () => this.changed || stop();
    if (due) await condition(wake, due.at - now);
    else await condition(wake);
    return undefined;
  }

  /** What the API shows: every commitment, with its due time and the budget left at `now`. */
  view(now: number): CommitmentView[] {
    return this.records.map((r) => viewCommitment(r, now, this.calendars));
  }

  /**
   * A readable local time, e.g. "2026-11-23 10:00", in the time zone of a commitment's calendar (or of
   * the case's first calendar): what the operator and the customer read.
   */
  localTime(at: number | undefined, record?: CommitmentRecord): string {
    if (at === undefined) return 'paused';
    return TimeZone.of(this.timeZone(record)).localMinute(at);
  }

  /**
   * A time for a timeline entry's text: the local time and the zone it is in, e.g. "2026-11-23 10:00
   * (Asia/Shanghai)", as the escalation messages say it. Histories recorded before the patch keep the bare
   * local time they wrote.
   */
  timelineTime(at: number | undefined, record?: CommitmentRecord): string {
    const local = this.localTime(at, record);
    if (at === undefined || !patched(TIMELINE_TIMES_NAME_THEIR_ZONE_PATCH)) return local;
    return `${local} (${this.timeZone(record)})`;
  }

  /** The time zone of a commitment's calendar (or of the case's first calendar), e.g. 'Asia/Shanghai'. */
  timeZone(record?: CommitmentRecord): string {
    const calendarId = record?.definition.calendarId ?? [...this.calendarById.keys()][0];
    return calendarId ? this.calendars(calendarId).definition.timeZone : 'UTC';
  }

  /** An unchanged calendar keeps its prepared instance (and the working days it has already worked out). */
  private useCalendars(definitions: CalendarDefinition[]): void {
    const json = new Map(definitions.map((d) => [d.id, canonical(d)]));
    this.calendarById = new Map(
      definitions.map((d) => {
        const kept = this.calendarById.get(d.id);
        return [d.id, kept && this.calendarJson.get(d.id) === json.get(d.id) ? kept : createCalendar(d)];
      }),
    );
    this.calendarJson = json;
  }

  private update(
    selected: CommitmentRecord[],
    change: (r: CommitmentRecord) => CommitmentRecord,
  ): CommitmentRecord[] {
    const ids = new Set(selected.map((r) => r.id));
    const changed: CommitmentRecord[] = [];
    this.records = this.records.map((r) => {
      if (!ids.has(r.id)) return r;
      const next = change(r);
      changed.push(next);
      return next;
    });
    if (changed.length > 0) this.changed = true;
    return changed;
  }
}
