// Temporal Schedules: CreateSchedule, DescribeSchedule, UpdateSchedule, PatchSchedule (pause, unpause,
// trigger immediately, backfill), DeleteSchedule, ListSchedules, ListScheduleMatchingTimes.
//
// The semantics are those of Temporal's scheduler (service/worker/scheduler: workflow.go, buffer.go), which
// runs each schedule as a system workflow; here a schedule is one plain record, changed by one method per
// request or wake-up:
// - one clock timer per schedule, at its next due time (no polling); on waking, every spec time in
//   (lastProcessed, now] is taken in order, unless the schedule is paused or out of actions; a time older
//   than the catch-up window is counted as missed instead;
// - each time becomes a buffered start that the overlap policy resolves against the workflow the schedule
//   is running (skip, buffer one, buffer all, cancel other, terminate other, allow all);
// - a started workflow's id is the action's workflow id + "-" + the nominal time (RFC 3339, seconds), with
//   the search attributes TemporalScheduledStartTime and TemporalScheduledById; scheduled starts use the
//   reject-duplicate id policy, so a time can start a workflow only once;
// - the engine tells the scheduler when a workflow's chain closes: buffered starts then go, and
//   pause-on-failure pauses the schedule when it failed or timed out.
// With a persistent store, the records are saved with the executions in the same transaction (the store's
// metadata), so a start and the schedule's progress past its time commit together: exactly once per time
// across a restart. On restore, each schedule re-arms its timer; times that came due while the server was
// down are taken at once (within the catch-up window).
import type { Engine, ExecutionView } from '../execution/engine';
import { alreadyExists, invalidArgument, notFound } from '../errors';
import type { TimerHandle } from '../clock';
import { msFromDur, msFromTs, tsFromMs } from '../util';
import { CompiledSpec } from './spec';

type Req = Record<string, any>;

interface BufferedStart {
  nominal: number;
  actual: number;
  overlapPolicy: string;
  manual: boolean;
}

interface ActionRecord {
  scheduleTime: number;
  actualTime: number;
  workflowId: string;
  runId: string;
}

/** Everything about one schedule: plain data, saved as is by a persistent store. */
export interface ScheduleRecord {
  namespace: string;
  namespaceId: string;
  scheduleId: string;
  /** Spec (canonical form), action, policies and state, in the proto-loader shape. */
  schedule: Req;
  memo: Req | null;
  searchAttributes: Req | null;
  createTime: number;
  updateTime: number;
  conflictToken: number;
  /** Spec times up to here have been taken (or skipped, missed). */
  lastProcessed: number;
  buffer: BufferedStart[];
  /** The non-overlapping workflows started and not known to be closed: workflow id and first run id. */
  running: Array<{ workflowId: string; runId: string }>;
  recent: ActionRecord[];
  actionCount: number;
  missedCatchupWindow: number;
  overlapSkipped: number;
  bufferDropped: number;
}

const SKIP = 'SCHEDULE_OVERLAP_POLICY_SKIP';
const BUFFER_ONE = 'SCHEDULE_OVERLAP_POLICY_BUFFER_ONE';
const BUFFER_ALL = 'SCHEDULE_OVERLAP_POLICY_BUFFER_ALL';
const CANCEL_OTHER = 'SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER';
const TERMINATE_OTHER = 'SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER';
const ALLOW_ALL = 'SCHEDULE_OVERLAP_POLICY_ALLOW_ALL';
const UNSPECIFIED = 'SCHEDULE_OVERLAP_POLICY_UNSPECIFIED';

// Temporal's tweakables.
const DEFAULT_CATCHUP_WINDOW_MS = 365 * 24 * 3600 * 1000;
const MIN_CATCHUP_WINDOW_MS = 10_000;
const RECENT_ACTIONS = 10;
const FUTURE_ACTIONS = 10;
const LIST_RECENT_ACTIONS = 5;
const LIST_FUTURE_ACTIONS = 5;
const MAX_BUFFER = 1000;
/** A catch-up over a long outage of a fast schedule stops counting here (they are all missed anyway). */
const MAX_TIMES_PER_WAKEUP = 100_000;

const scheduleKey = (ns: string, id: string): string => `${ns}\u0000${id}`;

function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function jsonPayload(value: unknown, type: string): Req {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from(type) },
    data: Buffer.from(JSON.stringify(value)),
  };
}

function tokenBytes(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

function tokenNumber(token: Buffer | Uint8Array | null | undefined): number {
  if (!token || token.length !== 8) return 0;
  return Number(Buffer.from(token).readBigInt64BE());
}

function overlapPolicy(value: unknown): string {
  if (value === undefined || value === null || value === '' || value === 0) return UNSPECIFIED;
  if (typeof value === 'string' && value.startsWith('SCHEDULE_OVERLAP_POLICY_')) return value;
  throw invalidArgument(`Invalid overlap policy: ${String(value)}`);
}

export interface SchedulerOptions {
  /** A record changed: a persistent store saves it with the executions changed in the same tick. */
  onChange?: () => void;
  log?: (line: string) => void;
}

export class Scheduler {
  private readonly records = new Map<string, ScheduleRecord>();
  private readonly specs = new Map<string, CompiledSpec>();
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    private readonly engine: Engine,
    private readonly options: SchedulerOptions = {},
  ) {
    engine.onChainClosed = (exec) => this.chainClosed(exec);
  }

  private now(): number {
    return this.engine.clock.now();
  }

  private changed(): void {
    this.options.onChange?.();
  }

  /** The records, for a store to save. */
  scheduleRecords(): ScheduleRecord[] {
    return [...this.records.values()];
  }

  /** Loads saved records and wakes each schedule: its timer re-armed, its due times taken. */
  restore(records: ScheduleRecord[]): void {
    for (const rec of records) {
      this.records.set(scheduleKey(rec.namespace, rec.scheduleId), rec);
      this.specs.set(scheduleKey(rec.namespace, rec.scheduleId), new CompiledSpec(rec.schedule.spec));
    }
    for (const rec of records) this.wake(rec);
  }

  shutdown(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }

  // ------------------------------------------------------------------------------------------------
  // Requests

  createSchedule(req: Req): Req {
    const ns = this.engine.namespace(req.namespace);
    const scheduleId = requireId(req.scheduleId);
    const key = scheduleKey(ns.name, scheduleId);
    if (this.records.has(key)) throw alreadyExists('schedule with this ID is already registered');
    const schedule = this.validSchedule(req.schedule);
    const spec = new CompiledSpec(schedule.spec);
    schedule.spec = spec.canonical;
    const now = this.now();
    const rec: ScheduleRecord = {
      namespace: ns.name,
      namespaceId: ns.id,
      scheduleId,
      schedule,
      memo: req.memo ?? null,
      searchAttributes: this.engine.typedSearchAttributes(req.searchAttributes, true),
      createTime: now,
      updateTime: 0,
      conflictToken: 1,
      lastProcessed: now,
      buffer: [],
      running: [],
      recent: [],
      actionCount: 0,
      missedCatchupWindow: 0,
      overlapSkipped: 0,
      bufferDropped: 0,
    };
    this.records.set(key, rec);
    this.specs.set(key, spec);
    if (req.initialPatch) this.applyPatch(rec, req.initialPatch);
    this.processBuffer(rec);
    this.arm(rec);
    this.changed();
    return { conflictToken: tokenBytes(rec.conflictToken) };
  }

  describeSchedule(req: Req): Req {
    const rec = this.find(req);
    const spec = this.specOf(rec);
    return {
      schedule: this.scheduleView(rec),
      info: {
        actionCount: rec.actionCount,
        missedCatchupWindow: rec.missedCatchupWindow,
        overlapSkipped: rec.overlapSkipped,
        bufferDropped: rec.bufferDropped,
        bufferSize: rec.buffer.length,
        runningWorkflows: rec.running.map((r) => ({ workflowId: r.workflowId, runId: r.runId })),
        recentActions: rec.recent.map((a) => this.actionView(rec, a)),
        futureActionTimes: this.futureTimes(rec, spec, FUTURE_ACTIONS).map(tsFromMs),
        createTime: tsFromMs(rec.createTime),
        updateTime: rec.updateTime ? tsFromMs(rec.updateTime) : null,
      },
      memo: rec.memo,
      searchAttributes: rec.searchAttributes,
      conflictToken: tokenBytes(rec.conflictToken),
    };
  }

  updateSchedule(req: Req): Req {
    const rec = this.find(req);
    const token = tokenNumber(req.conflictToken);
    if (token !== 0 && token !== rec.conflictToken) {
      // Temporal answers OK and drops an update made from a stale description (its scheduler logs it).
      this.options.log?.(
        `[temporal-devserver] schedule ${rec.scheduleId}: update with a stale conflict token ignored`,
      );
      return {};
    }
    const schedule = this.validSchedule(req.schedule);
    const spec = new CompiledSpec(schedule.spec);
    schedule.spec = spec.canonical;
    if (req.searchAttributes) {
      rec.searchAttributes = this.engine.typedSearchAttributes(req.searchAttributes, true);
    }
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    // Times up to the update are not taken under the new spec (Temporal discards actions before it).
    this.takeDueTimes(rec);
    rec.schedule = schedule;
    this.specs.set(key, spec);
    rec.updateTime = this.now();
    rec.lastProcessed = Math.max(rec.lastProcessed, rec.updateTime);
    rec.conflictToken++;
    this.processBuffer(rec);
    this.arm(rec);
    this.changed();
    return {};
  }

  patchSchedule(req: Req): Req {
    const rec = this.find(req);
    this.takeDueTimes(rec);
    this.applyPatch(rec, req.patch ?? {});
    this.processBuffer(rec);
    this.arm(rec);
    this.changed();
    return {};
  }

  deleteSchedule(req: Req): Req {
    const rec = this.find(req);
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
    this.records.delete(key);
    this.specs.delete(key);
    this.changed();
    return {};
  }

  listSchedules(req: Req): Req {
    const ns = this.engine.namespace(req.namespace).name;
    if (typeof req.query === 'string' && req.query.trim() !== '')
      throw invalidArgument('ListSchedules: a query is not supported by this dev server');
    const pageSize = Number(req.maximumPageSize) > 0 ? Number(req.maximumPageSize) : 1000;
    const after = req.nextPageToken?.length ? Buffer.from(req.nextPageToken).toString('utf8') : '';
    const all = [...this.records.values()]
      .filter((r) => r.namespace === ns && r.scheduleId > after)
      .sort((a, b) => (a.scheduleId < b.scheduleId ? -1 : 1));
    const page = all.slice(0, pageSize);
    return {
      schedules: page.map((rec) => ({
        scheduleId: rec.scheduleId,
        memo: rec.memo,
        searchAttributes: rec.searchAttributes,
        info: {
          spec: rec.schedule.spec,
          workflowType: rec.schedule.action?.startWorkflow?.workflowType ?? null,
          notes: rec.schedule.state?.notes ?? '',
          paused: !!rec.schedule.state?.paused,
          recentActions: rec.recent.slice(-LIST_RECENT_ACTIONS).map((a) => this.actionView(rec, a)),
          futureActionTimes: this.futureTimes(rec, this.specOf(rec), LIST_FUTURE_ACTIONS).map(tsFromMs),
        },
      })),
      nextPageToken: all.length > pageSize ? Buffer.from(page[page.length - 1].scheduleId) : Buffer.alloc(0),
    };
  }

  listScheduleMatchingTimes(req: Req): Req {
    const rec = this.find(req);
    const spec = this.specOf(rec);
    const start = msFromTs(req.startTime);
    const end = msFromTs(req.endTime);
    const out: number[] = [];
    for (
      let n = spec.nextTime(this.seed(rec), start);
      n && n.next <= end;
      n = spec.nextTime(this.seed(rec), n.next)
    ) {
      out.push(n.next);
      if (out.length >= 1000) break;
    }
    return { startTime: out.map(tsFromMs) };
  }

  // ------------------------------------------------------------------------------------------------
  // The schedule's loop: take due times, resolve the buffer, sleep until the next time

  private find(req: Req): ScheduleRecord {
    const ns = this.engine.namespace(req.namespace).name;
    const scheduleId = requireId(req.scheduleId);
    const rec = this.records.get(scheduleKey(ns, scheduleId));
    if (!rec) throw notFound('schedule not found');
    return rec;
  }

  private specOf(rec: ScheduleRecord): CompiledSpec {
    return this.specs.get(scheduleKey(rec.namespace, rec.scheduleId))!;
  }

  private seed(rec: ScheduleRecord): string {
    return `${rec.namespaceId}-${rec.scheduleId}`;
  }

  /**
   * A schedule as Temporal accepts it: with no action (it then starts nothing) or a start-workflow action that
   * names its type and task queue; a missing workflow id is accepted too (runs are then named by the time).
   */
  private validSchedule(input: Req | null | undefined): Req {
    const schedule = input ?? {};
    const sw = schedule.action?.startWorkflow;
    if (sw && !sw.workflowType?.name) throw invalidArgument('WorkflowType is not set on request.');
    if (sw && !sw.taskQueue?.name) throw invalidArgument('taskQueue is not set');
    const policies = schedule.policies ?? {};
    overlapPolicy(policies.overlapPolicy);
    const state = schedule.state ?? {};
    const remaining = Number(state.remainingActions ?? 0);
    if (!Number.isInteger(remaining) || remaining < 0) throw invalidArgument('RemainingActions is invalid.');
    return {
      spec: schedule.spec ?? {},
      action: sw ? { startWorkflow: sw, action: 'startWorkflow' } : {},
      // Unset policies are stored as their defaults, as Temporal does (Describe shows SKIP and one year).
      policies: {
        overlapPolicy:
          policies.overlapPolicy && policies.overlapPolicy !== UNSPECIFIED ? policies.overlapPolicy : SKIP,
        catchupWindow: policies.catchupWindow ?? tsFromMs(DEFAULT_CATCHUP_WINDOW_MS),
        pauseOnFailure: !!policies.pauseOnFailure,
        keepOriginalWorkflowId: !!policies.keepOriginalWorkflowId,
      },
      state: {
        notes: state.notes ?? '',
        paused: !!state.paused,
        limitedActions: !!state.limitedActions,
        remainingActions: state.limitedActions ? remaining : 0,
      },
    };
  }

  private scheduleView(rec: ScheduleRecord): Req {
    const s = rec.schedule;
    return { ...s, state: { ...s.state, remainingActions: String(s.state.remainingActions ?? 0) } };
  }

  private actionView(rec: ScheduleRecord, a: ActionRecord): Req {
    const chain = this.engine.chainOf(rec.namespace, a.workflowId, a.runId);
    return {
      scheduleTime: tsFromMs(a.scheduleTime),
      actualTime: tsFromMs(a.actualTime),
      startWorkflowResult: { workflowId: a.workflowId, runId: a.runId },
      startWorkflowStatus: chain?.status ?? 'WORKFLOW_EXECUTION_STATUS_RUNNING',
    };
  }

  private futureTimes(rec: ScheduleRecord, spec: CompiledSpec, n: number): number[] {
    const state = rec.schedule.state;
    if (state.limitedActions) n = Math.min(n, Number(state.remainingActions));
    const out: number[] = [];
    for (let t = rec.lastProcessed; out.length < n;) {
      const next = spec.nextTime(this.seed(rec), t);
      if (!next) break;
      out.push(next.next);
      t = next.next;
    }
    return out;
  }

  private catchupWindow(rec: ScheduleRecord): number {
    const cw = rec.schedule.policies.catchupWindow;
    if (!cw) return DEFAULT_CATCHUP_WINDOW_MS;
    return Math.max(msFromDur(cw), MIN_CATCHUP_WINDOW_MS);
  }

  private resolve(rec: ScheduleRecord, policy: string): string {
    if (policy !== UNSPECIFIED) return policy;
    const own = rec.schedule.policies.overlapPolicy;
    return own && own !== UNSPECIFIED ? own : SKIP;
  }

  private canTake(rec: ScheduleRecord, manual: boolean, decrement: boolean): boolean {
    if (manual) return true;
    const state = rec.schedule.state;
    if (state.paused) return false;
    if (!state.limitedActions) return true;
    if (Number(state.remainingActions) > 0) {
      if (decrement) state.remainingActions = Number(state.remainingActions) - 1;
      return true;
    }
    return false;
  }

  /** The clock timer for the next due time (or none: paused, out of actions, no more times). */
  private arm(rec: ScheduleRecord): void {
    const key = scheduleKey(rec.namespace, rec.scheduleId);
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
    if (!this.canTake(rec, false, false)) return;
    const next = this.specOf(rec).nextTime(this.seed(rec), rec.lastProcessed);
    if (!next) return;
    this.timers.set(
      key,
      this.engine.clock.schedule(next.next, () => {
        if (this.records.get(key) !== rec) return;
        this.wake(rec);
      }),
    );
  }

  private wake(rec: ScheduleRecord): void {
    this.takeDueTimes(rec);
    this.refreshRunning(rec);
    this.processBuffer(rec);
    this.arm(rec);
    this.changed();
  }

  /** Buffers every spec time in (lastProcessed, now]; a paused schedule lets them pass untaken. */
  private takeDueTimes(rec: ScheduleRecord): void {
    const now = this.now();
    if (now <= rec.lastProcessed) return;
    this.processTimeRange(rec, rec.lastProcessed, now, UNSPECIFIED, false);
    rec.lastProcessed = now;
  }

  private processTimeRange(
    rec: ScheduleRecord,
    start: number,
    end: number,
    policy: string,
    manual: boolean,
  ): void {
    if (!this.canTake(rec, manual, false)) return;
    const spec = this.specOf(rec);
    const window = this.catchupWindow(rec);
    let count = 0;
    for (
      let n = spec.nextTime(this.seed(rec), start);
      n && n.next <= end && count < MAX_TIMES_PER_WAKEUP;
      n = spec.nextTime(this.seed(rec), n.next), count++
    ) {
      if (!manual && end - n.next > window) {
        rec.missedCatchupWindow++;
        continue;
      }
      this.addStart(rec, n.nominal, n.next, policy, manual);
    }
  }

  private addStart(
    rec: ScheduleRecord,
    nominal: number,
    actual: number,
    policy: string,
    manual: boolean,
  ): void {
    if (rec.buffer.length >= MAX_BUFFER) {
      rec.bufferDropped++;
      return;
    }
    rec.buffer.push({ nominal, actual, overlapPolicy: policy, manual });
  }

  private applyPatch(rec: ScheduleRecord, patch: Req): void {
    if (patch.triggerImmediately) {
      const at = patch.triggerImmediately.scheduledTime
        ? msFromTs(patch.triggerImmediately.scheduledTime)
        : this.now();
      this.addStart(rec, at, at, overlapPolicy(patch.triggerImmediately.overlapPolicy), true);
    }
    for (const bf of (patch.backfillRequest ?? []) as Req[]) {
      if (!bf.startTime || !bf.endTime) throw invalidArgument('Backfill requires a start and an end time.');
      // The start is inclusive (Temporal's InclusiveBackfillStartTime).
      this.processTimeRange(
        rec,
        msFromTs(bf.startTime) - 1,
        msFromTs(bf.endTime),
        overlapPolicy(bf.overlapPolicy),
        true,
      );
    }
    if (patch.pause) {
      rec.schedule.state.paused = true;
      rec.schedule.state.notes = patch.pause;
      rec.conflictToken++;
    }
    if (patch.unpause) {
      rec.schedule.state.paused = false;
      rec.schedule.state.notes = patch.unpause;
      rec.conflictToken++;
    }
  }

  /** Drops the running workflows that have closed since (after a restart, or a close told meanwhile). */
  private refreshRunning(rec: ScheduleRecord): void {
    rec.running = rec.running.filter((r) => {
      const chain = this.engine.chainOf(rec.namespace, r.workflowId, r.runId);
      if (chain && chain.status === 'WORKFLOW_EXECUTION_STATUS_RUNNING') return true;
      if (chain) this.pauseOnFailure(rec, chain);
      return false;
    });
  }

  /** Temporal's pause on failure: a run that failed or timed out pauses a schedule that is not paused. */
  private pauseOnFailure(rec: ScheduleRecord, exec: ExecutionView): void {
    const state = rec.schedule.state;
    if (!rec.schedule.policies.pauseOnFailure || state.paused) return;
    if (exec.status === 'WORKFLOW_EXECUTION_STATUS_FAILED') {
      const closed = exec.history[exec.history.length - 1];
      const message = closed?.workflowExecutionFailedEventAttributes?.failure?.message ?? '';
      state.notes = `paused due to workflow failure: ${exec.workflowId}: ${message}`;
    } else if (exec.status === 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT') {
      state.notes = `paused due to workflow timeout: ${exec.workflowId}`;
    } else {
      return;
    }
    state.paused = true;
    rec.conflictToken++;
  }

  private chainClosed(exec: ExecutionView): void {
    for (const rec of this.records.values()) {
      if (rec.namespace !== exec.namespace) continue;
      if (!rec.running.some((r) => r.workflowId === exec.workflowId && r.runId === exec.firstRunId)) continue;
      this.refreshRunning(rec);
      this.processBuffer(rec);
      this.arm(rec);
      this.changed();
    }
  }

  /** Temporal's processBuffer: what to start now, what stays buffered, what to cancel or terminate. */
  private processBuffer(rec: ScheduleRecord): void {
    if (rec.buffer.length === 0) return;
    if (!rec.schedule.action?.startWorkflow) {
      rec.buffer = [];
      return;
    }
    const isRunning = rec.running.length > 0;
    const overlapping: BufferedStart[] = [];
    let nonOverlapping: BufferedStart | undefined;
    const newBuffer: BufferedStart[] = [];
    let needCancel = false;
    let needTerminate = false;
    for (const start of rec.buffer) {
      const policy = this.resolve(rec, start.overlapPolicy);
      if (policy === ALLOW_ALL) {
        overlapping.push(start);
        continue;
      }
      if (!isRunning && !nonOverlapping) {
        nonOverlapping = start;
        continue;
      }
      switch (policy) {
        case SKIP:
          rec.overlapSkipped++;
          break;
        case BUFFER_ONE:
          if (newBuffer.length === 0) newBuffer.push(start);
          else rec.overlapSkipped++;
          break;
        case BUFFER_ALL:
          newBuffer.push(start);
          break;
        case CANCEL_OTHER:
        case TERMINATE_OTHER:
          if (isRunning) {
            if (policy === CANCEL_OTHER) needCancel = true;
            else needTerminate = true;
            newBuffer.push(start);
          } else {
            nonOverlapping = start;
          }
          break;
      }
    }
    rec.buffer = newBuffer;
    const starts = needCancel || needTerminate ? [] : overlapping;
    if (nonOverlapping) starts.push(nonOverlapping);
    for (const start of starts) {
      if (!this.canTake(rec, start.manual, true)) continue;
      this.startWorkflow(rec, start, start === nonOverlapping);
    }
    if (needTerminate || needCancel) {
      for (const r of rec.running) {
        const req = {
          namespace: rec.namespace,
          workflowExecution: { workflowId: r.workflowId },
          firstExecutionRunId: r.runId,
          identity: this.identity(rec),
          reason: 'terminated by schedule overlap policy',
          requestId: `${rec.scheduleId}-${r.runId}-cancel`,
        };
        try {
          if (needTerminate) this.engine.terminateWorkflowExecution(req);
          else this.engine.requestCancelWorkflowExecution(req);
        } catch {
          // Already closed: the close is (or was) reported and the buffer moves on then.
        }
      }
    }
  }

  private identity(rec: ScheduleRecord): string {
    return `temporal-scheduler-${rec.namespace}-${rec.scheduleId}`;
  }

  private startWorkflow(rec: ScheduleRecord, start: BufferedStart, track: boolean): void {
    const sw = rec.schedule.action.startWorkflow;
    const nominalSec = Math.floor(start.nominal / 1000) * 1000;
    const workflowId = `${sw.workflowId ?? ''}-${rfc3339Seconds(nominalSec)}`;
    const fields: Record<string, Req> = { ...(sw.searchAttributes?.indexedFields ?? {}) };
    fields.TemporalScheduledStartTime = jsonPayload(rfc3339Seconds(nominalSec), 'Datetime');
    fields.TemporalScheduledById = jsonPayload(rec.scheduleId, 'Keyword');
    let runId: string;
    try {
      const res = this.engine.startWorkflowExecution({
        namespace: rec.namespace,
        workflowId,
        workflowType: sw.workflowType,
        taskQueue: sw.taskQueue,
        input: sw.input ?? null,
        workflowExecutionTimeout: sw.workflowExecutionTimeout ?? null,
        workflowRunTimeout: sw.workflowRunTimeout ?? null,
        workflowTaskTimeout: sw.workflowTaskTimeout ?? null,
        identity: this.identity(rec),
        requestId: `${rec.namespaceId}-${rec.scheduleId}-${start.nominal}-${start.manual ? 'm' : 's'}`,
        workflowIdReusePolicy: start.manual
          ? 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE'
          : 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE',
        retryPolicy: sw.retryPolicy ?? null,
        memo: sw.memo ?? null,
        searchAttributes: { indexedFields: fields },
        header: sw.header ?? null,
        userMetadata: sw.userMetadata ?? null,
        priority: sw.priority ?? null,
      });
      runId = res.runId;
    } catch (err) {
      // Temporal's scheduler logs a failed start and goes on (a duplicate id means this time already ran).
      this.options.log?.(
        `[temporal-devserver] schedule ${rec.scheduleId}: could not start ${workflowId}: ${(err as Error).message}`,
      );
      return;
    }
    rec.actionCount++;
    rec.recent.push({ scheduleTime: start.actual, actualTime: this.now(), workflowId, runId });
    if (rec.recent.length > RECENT_ACTIONS) rec.recent.splice(0, rec.recent.length - RECENT_ACTIONS);
    if (track) rec.running.push({ workflowId, runId });
  }
}

function requireId(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalidArgument('ScheduleId is not set on request.');
  return value;
}
