// The execution engine: Temporal's history-service semantics over plain records (see state.ts).
//
// Every request that changes an execution goes through one method here, which validates, mutates the
// record, then derives the side effects (tasks for matching, clock timers, waking long polls). Events that
// arrive while a workflow task is running are buffered and written after its completion, with a new
// workflow task scheduled if any were buffered — the worker requires WorkflowTaskStarted to be followed
// directly by WorkflowTaskCompleted/Failed/TimedOut.
import { randomUUID } from 'node:crypto';
import { Clock, TimerHandle } from '../clock';
import { DEFAULT_TASK_DISPATCH_RPS, TaskQueues } from '../matching';
import {
  ServiceError,
  alreadyExists,
  invalidArgument,
  namespaceNotFound,
  notFound,
  failedPrecondition,
} from '../errors';
import { packAny, unpackAny } from '../proto';
import {
  decodeToken,
  durFromMs,
  durationField,
  encodeToken,
  msFromDur,
  newRunId,
  num,
  tsFromMs,
} from '../util';
import { attrs, continueTaskIdsAfter, makeEvent } from './events';
import {
  ActivityRecord,
  ExecutionRecord,
  ExecutionStatus,
  ExternalRequestRecord,
  Failure,
  HistoryEvent,
  NamespaceRecord,
  ParentRef,
  Payloads,
  RetryPolicyRecord,
  RUNNING,
  TaskQueueRef,
  TimerRecord,
  UpdateRecord,
  WorkflowTaskRecord,
} from './state';

type Req = Record<string, any>;

export interface EngineOptions {
  clock: Clock;
  namespaces?: string[];
  /** Long-poll timeout for task polls (the real server answers empty after ~60 s). */
  pollTimeoutMs?: number;
  /** Long-poll timeout for history and update polls. */
  waitTimeoutMs?: number;
  /** Events per page in poll responses and GetWorkflowExecutionHistory. */
  historyPageSize?: number;
  /** Custom search attributes: name -> INDEXED_VALUE_TYPE_*. */
  searchAttributes?: Map<string, string>;
  /** How long DescribeTaskQueue remembers a poller (Temporal's matching.PollerHistoryTTL, 5 min). */
  pollerHistoryTtlMs?: number;
  /**
   * Told about every execution the engine looks up or creates, before it may change it: a persistent store
   * uses it as its dirty set (every change to a record goes through a lookup in the same tick).
   */
  onTouch?: (exec: ExecutionRecord) => void;
}

/** What a persistent store hands back on start: the records the engine rebuilds its derived state from. */
export interface RestoredState {
  namespaces: NamespaceRecord[];
  /** Executions in creation order (the last run of a workflow id is its current run). */
  executions: ExecutionRecord[];
}

/** The executions map of a persistent engine: lookups and inserts report the record as possibly changed. */
class TouchingMap extends Map<string, ExecutionRecord> {
  constructor(private readonly onTouch: (exec: ExecutionRecord) => void) {
    super();
  }

  override get(key: string): ExecutionRecord | undefined {
    const exec = super.get(key);
    if (exec) this.onTouch(exec);
    return exec;
  }

  override set(key: string, exec: ExecutionRecord): this {
    this.onTouch(exec);
    return super.set(key, exec);
  }
}

/** The custom search attributes Temporal's dev server registers out of the box. */
export const DEFAULT_CUSTOM_SEARCH_ATTRIBUTES: Record<string, string> = {
  CustomKeywordField: 'INDEXED_VALUE_TYPE_KEYWORD',
  CustomStringField: 'INDEXED_VALUE_TYPE_TEXT',
  CustomTextField: 'INDEXED_VALUE_TYPE_TEXT',
  CustomIntField: 'INDEXED_VALUE_TYPE_INT',
  CustomDoubleField: 'INDEXED_VALUE_TYPE_DOUBLE',
  CustomBoolField: 'INDEXED_VALUE_TYPE_BOOL',
  CustomDatetimeField: 'INDEXED_VALUE_TYPE_DATETIME',
};

/** System search attributes the scheduler sets on the workflows it starts (Temporal's own names and types). */
export const SCHEDULER_SEARCH_ATTRIBUTES: Record<string, string> = {
  TemporalScheduledStartTime: 'INDEXED_VALUE_TYPE_DATETIME',
  TemporalScheduledById: 'INDEXED_VALUE_TYPE_KEYWORD',
};

const SHORT_TYPE: Record<string, string> = {
  INDEXED_VALUE_TYPE_TEXT: 'Text',
  INDEXED_VALUE_TYPE_KEYWORD: 'Keyword',
  INDEXED_VALUE_TYPE_INT: 'Int',
  INDEXED_VALUE_TYPE_DOUBLE: 'Double',
  INDEXED_VALUE_TYPE_BOOL: 'Bool',
  INDEXED_VALUE_TYPE_DATETIME: 'Datetime',
  INDEXED_VALUE_TYPE_KEYWORD_LIST: 'KeywordList',
};

type WorkflowQueueTask = { kind: 'wft'; key: string; seq: number } | { kind: 'query'; queryId: string };
interface ActivityQueueTask {
  key: string;
  scheduledEventId: number;
  attempt: number;
}

interface PendingQuery {
  id: string;
  key: string;
  query: Req;
  /** held: waits for the running workflow task; attached: rides on the next one; inTask: sent with task seq. */
  state: 'held' | 'attached' | 'inTask' | 'legacy';
  taskSeq: number;
  resolve(result: Req): void;
  reject(err: Error): void;
}

interface WorkflowTaskToken {
  k: 'w';
  key: string;
  seq: number;
}
interface ActivityTaskToken {
  k: 'a';
  key: string;
  sid: number;
  att: number;
}
interface QueryTaskToken {
  k: 'q';
  id: string;
}
interface HistoryPageToken {
  runId: string;
  next: number;
  /** Set for poll-response paging: serve up to this event, including a not-yet-persisted task's events. */
  upTo?: number;
  seq?: number;
}

const WFT_DEFAULT_TIMEOUT_MS = 10_000;
const WFT_MAX_TIMEOUT_MS = 120_000;
const STICKY_POLLER_WINDOW_MS = 10_000;
const NORMAL: TaskQueueRef['kind'] = 'TASK_QUEUE_KIND_NORMAL';
const STICKY: TaskQueueRef['kind'] = 'TASK_QUEUE_KIND_STICKY';

const STATUS_FOR_CLOSE_EVENT: Record<string, ExecutionStatus> = {
  EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
  EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: 'WORKFLOW_EXECUTION_STATUS_FAILED',
  EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT: 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT',
  EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED: 'WORKFLOW_EXECUTION_STATUS_CANCELED',
  EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: 'WORKFLOW_EXECUTION_STATUS_TERMINATED',
  EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW',
};

export const execKey = (ns: string, workflowId: string, runId: string): string =>
  `${ns}\u0000${workflowId}\u0000${runId}`;
const idKey = (ns: string, workflowId: string): string => `${ns}\u0000${workflowId}`;
const queueKey = (ns: string, name: string): string => `${ns}\u0000${name}`;

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidArgument(`${field} is not set on request.`);
  if (value.length > 1000) throw invalidArgument(`${field} exceeds length limit.`);
  return value;
}

function duration(value: unknown, field: string): number {
  try {
    return durationField(value as never, field);
  } catch {
    throw invalidArgument(`Invalid ${field}: must be a non-negative duration.`);
  }
}

/** A snapshot handed to visibility. */
export type ExecutionView = Readonly<ExecutionRecord>;

export class Engine {
  readonly clock: Clock;
  private readonly namespaces = new Map<string, NamespaceRecord>();
  private readonly executions: Map<string, ExecutionRecord>;
  /** workflow id -> latest run id. */
  private readonly currentRuns = new Map<string, string>();
  private readonly workflowQueues: TaskQueues<WorkflowQueueTask>;
  private readonly activityQueues: TaskQueues<ActivityQueueTask>;
  private readonly timers = new Map<string, TimerHandle>();
  private readonly timersByExec = new Map<string, Set<string>>();
  private readonly historyWaiters = new Map<string, Set<() => void>>();
  private readonly updateWaiters = new Map<string, Set<() => void>>();
  private readonly queries = new Map<string, PendingQuery>();
  private readonly queriesByExec = new Map<string, Set<string>>();
  /** Workflow and activity tasks queued or running: time skipping waits while any exist. */
  private readonly busy = new Set<string>();
  private readonly deadStickyQueues = new Set<string>();
  private readonly waitTimeoutMs: number;
  private readonly pageSize: number;
  private closed = false;
  readonly searchAttributeTypes: Map<string, string>;
  /** Told when a workflow's chain of runs ends (not a continue-as-new or retry): the scheduler watches it. */
  onChainClosed: ((exec: ExecutionView) => void) | undefined;

  constructor(options: EngineOptions) {
    this.searchAttributeTypes =
      options.searchAttributes ?? new Map(Object.entries(DEFAULT_CUSTOM_SEARCH_ATTRIBUTES));
    this.clock = options.clock;
    this.executions = options.onTouch ? new TouchingMap(options.onTouch) : new Map();
    this.clock.setIdleProbe(() => this.busy.size === 0);
    this.workflowQueues = new TaskQueues(options.pollTimeoutMs ?? 60_000, options.pollerHistoryTtlMs);
    this.activityQueues = new TaskQueues(options.pollTimeoutMs ?? 60_000, options.pollerHistoryTtlMs);
    this.waitTimeoutMs = options.waitTimeoutMs ?? 20_000;
    this.pageSize = options.historyPageSize ?? 1000;
    for (const name of options.namespaces ?? ['default']) this.ensureNamespace(name);
  }

  shutdown(): void {
    this.closed = true;
    this.workflowQueues.close();
    this.activityQueues.close();
    for (const t of this.timers.values()) t.cancel();
    for (const set of [...this.historyWaiters.values(), ...this.updateWaiters.values()])
      for (const w of set) w();
    for (const q of this.queries.values()) q.reject(new ServiceError(14, 'server is shutting down'));
    this.clock.stop();
  }

  // ------------------------------------------------------------------------------------------------
  // Recovery (persistent store): records are the truth; timers and task-queue entries are rebuilt from them

  /**
   * Loads records saved by a persistent store and re-derives what lives only in memory: the clock's timers
   * (a deadline already past fires at once, in due order, as the clock fires every due entry by time), the
   * task-queue entries of scheduled workflow tasks and activities, and the current run of each workflow id.
   * A workflow task or activity that was started when the server went down stays started: its worker may
   * still answer with its task token, and otherwise its start-to-close (or heartbeat) timeout, a durable
   * deadline, ends the attempt and the retry rules apply — Temporal's behaviour after a host restart.
   */
  restore(state: RestoredState): void {
    for (const ns of state.namespaces) this.namespaces.set(ns.name, ns);
    let maxTaskId = 0;
    for (const exec of state.executions) {
      Map.prototype.set.call(this.executions, this.key(exec), exec);
      this.currentRuns.set(idKey(exec.namespace, exec.workflowId), exec.runId);
      const last = exec.history[exec.history.length - 1];
      if (last) maxTaskId = Math.max(maxTaskId, num(last.taskId));
      for (const e of exec.buffered) maxTaskId = Math.max(maxTaskId, num(e.taskId));
    }
    continueTaskIdsAfter(maxTaskId);
    for (const exec of state.executions) if (exec.status === RUNNING) this.rearm(exec);
  }

  private rearm(exec: ExecutionRecord): void {
    const now = this.clock.now();
    if (exec.runTimeoutMs > 0) {
      this.setTimer(exec, 'runTimeout', exec.startTime + exec.runTimeoutMs, (e) =>
        this.timeOutWorkflow(e, true),
      );
    }
    if (
      exec.executionExpiration > 0 &&
      (exec.runTimeoutMs === 0 || exec.executionExpiration < exec.startTime + exec.runTimeoutMs)
    ) {
      this.setTimer(exec, 'executionTimeout', exec.executionExpiration, (e) =>
        this.timeOutWorkflow(e, false),
      );
    }
    if (!exec.workflowTask && exec.firstWorkflowTaskAt > now) {
      this.setTimer(exec, 'startDelay', exec.firstWorkflowTaskAt, (e) => this.scheduleWorkflowTask(e));
    }
    for (const timer of Object.values(exec.timers)) this.armUserTimer(exec, timer);
    const wft = exec.workflowTask;
    if (wft && wft.startedEventId === 0) {
      this.dispatchWorkflowTask(exec);
    } else if (wft) {
      this.busy.add(`w${this.key(exec)}`);
      this.setTimer(exec, 'workflowTaskTimeout', wft.startedTime + wft.timeoutMs, (e) =>
        this.workflowTaskTimedOut(e, wft.seq),
      );
    }
    for (const activity of Object.values(exec.activities)) {
      const sid = activity.scheduledEventId;
      if (activity.scheduleToCloseMs > 0) {
        this.setTimer(exec, `act:${sid}:s2c`, activity.firstScheduledTime + activity.scheduleToCloseMs, (e) =>
          this.activityTimedOut(e, sid, 0, 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE'),
        );
      }
      if (activity.retryAt > 0) {
        this.armActivityRetry(exec, activity);
      } else if (activity.startedTime === 0) {
        this.dispatchActivity(exec, activity, activity.scheduledTime);
      } else {
        this.busy.add(`a${this.key(exec)}\u0000${sid}`);
        this.armActivityRunTimers(exec, activity);
      }
    }
  }

  /** The namespaces, for a store to save. */
  namespaceRecords(): NamespaceRecord[] {
    return [...this.namespaces.values()];
  }

  // ------------------------------------------------------------------------------------------------
  // Namespaces

  ensureNamespace(name: string): NamespaceRecord {
    let ns = this.namespaces.get(name);
    if (!ns) {
      ns = {
        name,
        id: randomUUID(),
        description: '',
        ownerEmail: '',
        retentionMs: 24 * 3600_000,
        data: {},
        registeredAt: this.clock.now(),
      };
      this.namespaces.set(name, ns);
    }
    return ns;
  }

  namespace(name: unknown): NamespaceRecord {
    if (typeof name !== 'string' || name === '') throw invalidArgument('Namespace is not set on request.');
    const ns = this.namespaces.get(name);
    if (!ns) throw namespaceNotFound(name);
    return ns;
  }

  /**
   * Checks search attributes against the registered ones and stamps each payload with its type, as the
   * real server does (typed readers in the SDK rely on `metadata.type`).
   */
  typedSearchAttributes(sa: Req | null | undefined, strict: boolean): Req | null {
    const fields = sa?.indexedFields as Record<string, Req> | undefined;
    if (!fields) return sa ?? null;
    const out: Record<string, Req> = {};
    for (const [name, payload] of Object.entries(fields)) {
      const type = this.searchAttributeTypes.get(name) ?? SCHEDULER_SEARCH_ATTRIBUTES[name];
      if (!type) {
        if (strict) throw invalidArgument(`search attribute ${name} is not defined`);
        out[name] = payload;
        continue;
      }
      const metadata = { ...(payload?.metadata ?? {}) };
      if (!metadata.type?.length) metadata.type = Buffer.from(SHORT_TYPE[type] ?? 'Keyword');
      out[name] = { ...payload, metadata };
    }
    return { indexedFields: out };
  }

  registerNamespace(req: Req): Req {
    const name = requireString(req.namespace, 'Namespace');
    // As Temporal Server: a local namespace needs a retention of at least 1 s (zero would read as
    // "forever"), and the request is validated before the name is looked up.
    const retentionMs = req.workflowExecutionRetentionPeriod
      ? msFromDur(req.workflowExecutionRetentionPeriod)
      : 0;
    if (!(retentionMs >= 1000)) throw invalidArgument('A valid retention period is not set on request.');
    if (this.namespaces.has(name)) throw alreadyExists(`Namespace "${name}" already exists`);
    const ns = this.ensureNamespace(name);
    ns.description = req.description ?? '';
    ns.ownerEmail = req.ownerEmail ?? '';
    ns.data = req.data ?? {};
    ns.retentionMs = retentionMs;
    return {};
  }

  describeNamespace(req: Req): Req {
    let ns: NamespaceRecord | undefined;
    if (req.namespace) ns = this.namespace(req.namespace);
    else if (req.id) ns = [...this.namespaces.values()].find((n) => n.id === req.id);
    else throw invalidArgument('Namespace is not set on request.');
    if (!ns) throw namespaceNotFound(req.id);
    return this.namespaceDescription(ns);
  }

  listNamespaces(req: Req): Req {
    const all = [...this.namespaces.values()];
    const pageSize = num(req.pageSize) || 100;
    const start = Number(decodeToken<number>(req.nextPageToken) ?? 0);
    const page = all.slice(start, start + pageSize);
    return {
      namespaces: page.map((n) => this.namespaceDescription(n)),
      nextPageToken:
        start + pageSize < all.length
          ? encodeToken((start + pageSize) as unknown as object)
          : Buffer.alloc(0),
    };
  }

  private namespaceDescription(ns: NamespaceRecord): Req {
    return {
      namespaceInfo: {
        name: ns.name,
        state: 'NAMESPACE_STATE_REGISTERED',
        description: ns.description,
        ownerEmail: ns.ownerEmail,
        data: ns.data,
        id: ns.id,
        capabilities: { eagerWorkflowStart: false, syncUpdate: true, asyncUpdate: true },
        supportsSchedules: false,
      },
      config: {
        workflowExecutionRetentionTtl: durFromMs(ns.retentionMs),
        historyArchivalState: 'ARCHIVAL_STATE_DISABLED',
        visibilityArchivalState: 'ARCHIVAL_STATE_DISABLED',
      },
      replicationConfig: {
        activeClusterName: 'active',
        clusters: [{ clusterName: 'active' }],
        state: 'REPLICATION_STATE_NORMAL',
      },
      failoverVersion: 0,
      isGlobalNamespace: false,
    };
  }

  // ------------------------------------------------------------------------------------------------
  // Lookup

  /** An execution by id and optional run id (empty: the latest run). */
  private find(ns: string, execution: Req | null | undefined): ExecutionRecord {
    if (!execution) throw invalidArgument('Execution is not set on request.');
    const workflowId = requireString(execution.workflowId, 'WorkflowId');
    const runId: string = execution.runId || this.currentRuns.get(idKey(ns, workflowId)) || '';
    const exec = runId ? this.executions.get(execKey(ns, workflowId, runId)) : undefined;
    if (!exec) {
      if (execution.runId && !/^[0-9a-f-]{36}$/i.test(execution.runId))
        throw invalidArgument('Invalid RunId.');
      throw notFound(`workflow not found for ID: ${workflowId}`);
    }
    return exec;
  }

  private key(exec: ExecutionRecord): string {
    return execKey(exec.namespace, exec.workflowId, exec.runId);
  }

  allExecutions(): IterableIterator<ExecutionView> {
    return this.executions.values();
  }

  // ------------------------------------------------------------------------------------------------
  // Events

  private append(
    exec: ExecutionRecord,
    eventType: string,
    attributes: object,
    userMetadata?: object | null,
  ): HistoryEvent {
    const event = makeEvent(eventType, this.clock.now(), attributes, userMetadata);
    const wft = exec.workflowTask;
    if (wft && wft.startedEventId > 0) {
      exec.buffered.push(event);
    } else {
      event.eventId = exec.nextEventId++;
      exec.history.push(event);
      // A new event turns an update-only (speculative) task into a real one.
      if (wft && wft.speculative && wft.startedEventId === 0) this.persistScheduledTask(exec, wft);
    }
    exec.stateTransitionCount++;
    return event;
  }

  private persistScheduledTask(exec: ExecutionRecord, wft: WorkflowTaskRecord): void {
    wft.speculative = false;
    wft.persisted = true;
    const event = makeEvent('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', this.clock.now(), {
      taskQueue: wft.queue,
      startToCloseTimeout: durFromMs(wft.timeoutMs),
      attempt: wft.attempt,
    });
    event.eventId = exec.nextEventId++;
    exec.history.push(event);
    wft.scheduledEventId = event.eventId;
  }

  /** Writes buffered events; fills in ids that referred to events still in the buffer. */
  private flushBuffered(exec: ExecutionRecord): boolean {
    if (exec.buffered.length === 0) return false;
    const startedByScheduled = new Map<number, number>();
    for (const event of exec.buffered) {
      event.eventId = exec.nextEventId++;
      const a = attrs(event);
      switch (event.eventType) {
        case 'EVENT_TYPE_ACTIVITY_TASK_STARTED':
          startedByScheduled.set(num(a.scheduledEventId), event.eventId);
          break;
        case 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED':
        case 'EVENT_TYPE_ACTIVITY_TASK_FAILED':
        case 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT':
        case 'EVENT_TYPE_ACTIVITY_TASK_CANCELED':
          if (a.startedEventId === -1)
            a.startedEventId = startedByScheduled.get(num(a.scheduledEventId)) ?? 0;
          break;
        case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED': {
          const child = exec.children[String(a.initiatedEventId)];
          if (child) child.startedEventId = event.eventId;
          startedByScheduled.set(-num(a.initiatedEventId), event.eventId);
          break;
        }
        case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED':
        case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED':
        case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED':
        case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT':
        case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED':
          if (a.startedEventId === -1)
            a.startedEventId = startedByScheduled.get(-num(a.initiatedEventId)) ?? 0;
          break;
      }
      exec.history.push(event);
    }
    exec.buffered = [];
    return true;
  }

  // ------------------------------------------------------------------------------------------------
  // Timers (derived from records; a persistent store would rebuild them on start)

  private setTimer(
    exec: ExecutionRecord,
    name: string,
    at: number,
    fire: (exec: ExecutionRecord) => void,
  ): void {
    const key = this.key(exec);
    const timerKey = `${key}\u0000${name}`;
    this.timers.get(timerKey)?.cancel();
    const handle = this.clock.schedule(at, () => {
      this.timers.delete(timerKey);
      this.timersByExec.get(key)?.delete(timerKey);
      const current = this.executions.get(key);
      if (!current || this.closed) return;
      this.mutate(current, () => fire(current));
    });
    this.timers.set(timerKey, handle);
    let set = this.timersByExec.get(key);
    if (!set) this.timersByExec.set(key, (set = new Set()));
    set.add(timerKey);
  }

  private cancelTimer(exec: ExecutionRecord, name: string): void {
    const key = this.key(exec);
    const timerKey = `${key}\u0000${name}`;
    this.timers.get(timerKey)?.cancel();
    this.timers.delete(timerKey);
    this.timersByExec.get(key)?.delete(timerKey);
  }

  private cancelAllTimers(exec: ExecutionRecord): void {
    const key = this.key(exec);
    for (const timerKey of this.timersByExec.get(key) ?? []) {
      this.timers.get(timerKey)?.cancel();
      this.timers.delete(timerKey);
    }
    this.timersByExec.delete(key);
  }

  /** Runs a state change and then wakes whoever waits on this execution. */
  private mutate<T>(exec: ExecutionRecord, change: () => T): T {
    try {
      return change();
    } finally {
      this.notify(exec);
    }
  }

  private notify(exec: ExecutionRecord): void {
    const waiters = this.historyWaiters.get(this.key(exec));
    if (waiters) {
      this.historyWaiters.delete(this.key(exec));
      for (const w of waiters) w();
    }
    this.clock.requestSkipCheck();
  }

  private waitForChange(
    key: string,
    waiters: Map<string, Set<() => void>>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    return new Promise((resolve) => {
      let set = waiters.get(key);
      if (!set) waiters.set(key, (set = new Set()));
      const done = (changed: boolean): void => {
        clearTimeout(timer);
        set.delete(wake);
        signal?.removeEventListener('abort', onAbort);
        resolve(changed);
      };
      const wake = (): void => done(true);
      const onAbort = (): void => done(false);
      const timer = setTimeout(() => done(false), timeoutMs);
      set.add(wake);
      signal?.addEventListener('abort', onAbort);
    });
  }

  // ------------------------------------------------------------------------------------------------
  // Start

  startWorkflowExecution(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    const result = this.start(ns, req, null, null);
    return { runId: result.exec.runId, started: result.started };
  }

  signalWithStartWorkflowExecution(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    const workflowId = requireString(req.workflowId, 'WorkflowId');
    requireString(req.signalName, 'SignalName');
    const conflict = req.workflowIdConflictPolicy || 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING';
    const signal = {
      signalName: req.signalName,
      input: req.signalInput ?? null,
      identity: req.identity,
      header: req.header,
      requestId: req.requestId,
    };
    const runId = this.currentRuns.get(idKey(ns, workflowId));
    const current = runId ? this.executions.get(execKey(ns, workflowId, runId)) : undefined;
    if (
      current &&
      current.status === RUNNING &&
      conflict !== 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING'
    ) {
      if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_FAIL') this.throwAlreadyStarted(current);
      this.mutate(current, () => this.addSignal(current, signal));
      return { runId: current.runId, started: false };
    }
    const result = this.start(ns, { ...req, workflowIdConflictPolicy: conflict }, null, signal);
    return { runId: result.exec.runId, started: result.started };
  }

  private throwAlreadyStarted(exec: ExecutionRecord, message?: string): never {
    throw alreadyExists(
      message ??
        `Workflow execution is already running. WorkflowId: ${exec.workflowId}, RunId: ${exec.runId}.`,
      [
        [
          'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
          { startRequestId: exec.startRequestId, runId: exec.runId },
        ],
      ],
    );
  }

  /**
   * Starts a run after applying the id reuse and conflict policies. Throws ALREADY_EXISTS (with the details
   * the client turns into WorkflowExecutionAlreadyStartedError) when the policies forbid it.
   */
  private start(
    ns: string,
    req: Req,
    parent: ParentRef | null,
    signal: Req | null,
  ): { exec: ExecutionRecord; started: boolean } {
    const workflowId = requireString(req.workflowId, 'WorkflowId');
    const workflowType = requireString(req.workflowType?.name, 'WorkflowType');
    const taskQueue = requireString(req.taskQueue?.name, 'TaskQueue');
    if (req.cronSchedule) throw new ServiceError(12, 'cron schedules are not supported by this dev server');
    const executionTimeoutMs = duration(req.workflowExecutionTimeout, 'WorkflowExecutionTimeout');
    let runTimeoutMs = duration(req.workflowRunTimeout, 'WorkflowRunTimeout');
    let taskTimeoutMs = duration(req.workflowTaskTimeout, 'WorkflowTaskTimeout');
    const startDelayMs = duration(req.workflowStartDelay, 'WorkflowStartDelay');
    if (executionTimeoutMs > 0 && (runTimeoutMs === 0 || runTimeoutMs > executionTimeoutMs))
      runTimeoutMs = executionTimeoutMs;
    if (taskTimeoutMs === 0) taskTimeoutMs = WFT_DEFAULT_TIMEOUT_MS;
    taskTimeoutMs = Math.min(taskTimeoutMs, WFT_MAX_TIMEOUT_MS);
    if (runTimeoutMs > 0) taskTimeoutMs = Math.min(taskTimeoutMs, runTimeoutMs);
    const requestId: string = req.requestId || randomUUID();
    const searchAttributes = this.typedSearchAttributes(req.searchAttributes, true);

    const currentRunId = this.currentRuns.get(idKey(ns, workflowId));
    const current = currentRunId ? this.executions.get(execKey(ns, workflowId, currentRunId)) : undefined;
    if (current) {
      const reuse: string = req.workflowIdReusePolicy || 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE';
      if (current.status === RUNNING) {
        if (current.startRequestId === requestId) return { exec: current, started: true };
        let conflict: string = req.workflowIdConflictPolicy || 'WORKFLOW_ID_CONFLICT_POLICY_FAIL';
        if (reuse === 'WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING')
          conflict = 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING';
        if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING') return { exec: current, started: false };
        if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING') {
          this.mutate(current, () =>
            this.terminate(
              current,
              'terminated by WorkflowIdConflictPolicy TERMINATE_EXISTING',
              null,
              req.identity ?? '',
            ),
          );
        } else {
          this.throwAlreadyStarted(current);
        }
      } else if (reuse === 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE') {
        this.throwAlreadyStarted(
          current,
          `Workflow execution already finished and Workflow ID reuse policy does not allow duplicates. WorkflowId: ${workflowId}, RunId: ${current.runId}.`,
        );
      } else if (
        reuse === 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY' &&
        current.status === 'WORKFLOW_EXECUTION_STATUS_COMPLETED'
      ) {
        this.throwAlreadyStarted(
          current,
          `Workflow execution already finished successfully. WorkflowId: ${workflowId}, RunId: ${current.runId}. Workflow ID reuse policy: allow duplicate workflows only if previously failed.`,
        );
      }
    }

    const now = this.clock.now();
    const runId = newRunId();
    const exec = this.newExecution({
      ns,
      workflowId,
      runId,
      firstRunId: runId,
      workflowType,
      taskQueue,
      runTimeoutMs,
      executionTimeoutMs,
      taskTimeoutMs,
      executionExpiration: executionTimeoutMs > 0 ? now + executionTimeoutMs : 0,
      requestId,
      memo: req.memo ?? null,
      searchAttributes,
      parent,
      startDelayMs,
    });
    this.append(
      exec,
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      {
        workflowType: { name: workflowType },
        parentWorkflowNamespace: parent?.namespace ?? '',
        parentWorkflowNamespaceId: parent ? (this.namespaces.get(parent.namespace)?.id ?? '') : '',
        parentWorkflowExecution: parent ? { workflowId: parent.workflowId, runId: parent.runId } : null,
        parentInitiatedEventId: parent?.initiatedEventId ?? 0,
        taskQueue: { name: taskQueue, kind: NORMAL },
        input: req.input ?? null,
        workflowExecutionTimeout: durFromMs(executionTimeoutMs),
        workflowRunTimeout: durFromMs(runTimeoutMs),
        workflowTaskTimeout: durFromMs(taskTimeoutMs),
        originalExecutionRunId: runId,
        identity: req.identity ?? '',
        firstExecutionRunId: runId,
        retryPolicy: req.retryPolicy ?? null,
        attempt: 1,
        workflowExecutionExpirationTime: exec.executionExpiration ? tsFromMs(exec.executionExpiration) : null,
        firstWorkflowTaskBackoff: startDelayMs ? durFromMs(startDelayMs) : null,
        memo: req.memo ?? null,
        searchAttributes,
        header: req.header ?? null,
        workflowId,
        rootWorkflowExecution: exec.root,
        priority: req.priority ?? null,
      },
      req.userMetadata,
    );
    exec.retryPolicy = req.retryPolicy ?? null;
    exec.input = req.input ?? null;
    exec.header = req.header ?? null;
    if (signal) this.addSignal(exec, signal);
    this.startRun(exec);
    return { exec, started: true };
  }

  private newExecution(p: {
    ns: string;
    workflowId: string;
    runId: string;
    firstRunId: string;
    workflowType: string;
    taskQueue: string;
    runTimeoutMs: number;
    executionTimeoutMs: number;
    taskTimeoutMs: number;
    executionExpiration: number;
    requestId: string;
    memo: Req | null;
    searchAttributes: Req | null;
    parent: ParentRef | null;
    startDelayMs: number;
  }): ExecutionRecord {
    const now = this.clock.now();
    let root: ExecutionRecord['root'] = { workflowId: p.workflowId, runId: p.runId };
    if (p.parent) {
      const parentExec = this.executions.get(
        execKey(p.parent.namespace, p.parent.workflowId, p.parent.runId),
      );
      root = parentExec?.root ?? { workflowId: p.parent.workflowId, runId: p.parent.runId };
    }
    const exec: ExecutionRecord = {
      namespace: p.ns,
      workflowId: p.workflowId,
      runId: p.runId,
      firstRunId: p.firstRunId,
      workflowType: p.workflowType,
      taskQueue: p.taskQueue,
      status: RUNNING,
      startTime: now,
      executionTime: now + p.startDelayMs,
      closeTime: 0,
      runTimeoutMs: p.runTimeoutMs,
      executionTimeoutMs: p.executionTimeoutMs,
      taskTimeoutMs: p.taskTimeoutMs,
      executionExpiration: p.executionExpiration,
      startRequestId: p.requestId,
      memo: p.memo,
      searchAttributes: p.searchAttributes,
      parent: p.parent,
      root,
      history: [],
      nextEventId: 1,
      buffered: [],
      workflowTask: null,
      workflowTaskSeq: 0,
      lastCompletedStartedEventId: 0,
      nextWorkflowTaskAttempt: 1,
      sticky: null,
      firstWorkflowTaskAt: now + p.startDelayMs,
      activities: {},
      timers: {},
      children: {},
      externalRequests: {},
      updates: {},
      signalRequestIds: [],
      cancelRequested: false,
      closeEventId: 0,
      newRunId: '',
      stateTransitionCount: 0,
      historySizeBytes: 0,
      retryPolicy: null,
      attempt: 1,
      input: null,
      header: null,
    };
    this.executions.set(this.key(exec), exec);
    this.currentRuns.set(idKey(p.ns, p.workflowId), p.runId);
    return exec;
  }

  /** Arms the run's timeouts and schedules its first workflow task (after any start delay). */
  private startRun(exec: ExecutionRecord): void {
    const now = this.clock.now();
    if (exec.runTimeoutMs > 0) {
      this.setTimer(exec, 'runTimeout', exec.startTime + exec.runTimeoutMs, (e) =>
        this.timeOutWorkflow(e, true),
      );
    }
    if (
      exec.executionExpiration > 0 &&
      (exec.runTimeoutMs === 0 || exec.executionExpiration < exec.startTime + exec.runTimeoutMs)
    ) {
      this.setTimer(exec, 'executionTimeout', exec.executionExpiration, (e) =>
        this.timeOutWorkflow(e, false),
      );
    }
    if (exec.firstWorkflowTaskAt > now) {
      this.setTimer(exec, 'startDelay', exec.firstWorkflowTaskAt, (e) => this.scheduleWorkflowTask(e));
    } else {
      this.scheduleWorkflowTask(exec);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Workflow tasks

  private stickyAlive(exec: ExecutionRecord): boolean {
    if (!exec.sticky) return false;
    const key = queueKey(exec.namespace, exec.sticky.queue.name);
    if (this.deadStickyQueues.has(key)) return false;
    return this.workflowQueues.hasRecentPoller(key, STICKY_POLLER_WINDOW_MS);
  }

  private scheduleWorkflowTask(exec: ExecutionRecord, speculative = false): void {
    if (exec.status !== RUNNING || exec.workflowTask) return;
    if (exec.firstWorkflowTaskAt > this.clock.now()) return;
    const attempt = exec.nextWorkflowTaskAttempt;
    if (!this.stickyAlive(exec)) exec.sticky = null;
    const queue: TaskQueueRef = exec.sticky ? exec.sticky.queue : { name: exec.taskQueue, kind: NORMAL };
    const wft: WorkflowTaskRecord = {
      seq: ++exec.workflowTaskSeq,
      attempt,
      persisted: attempt === 1 && !speculative,
      speculative: speculative && attempt === 1,
      scheduledEventId: 0,
      startedEventId: 0,
      scheduledTime: this.clock.now(),
      startedTime: 0,
      queue,
      timeoutMs: exec.taskTimeoutMs,
      pendingEvents: [],
      identity: '',
    };
    if (wft.persisted) {
      wft.scheduledEventId = this.append(exec, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', {
        taskQueue: queue,
        startToCloseTimeout: durFromMs(wft.timeoutMs),
        attempt,
      }).eventId;
    }
    exec.workflowTask = wft;
    this.dispatchWorkflowTask(exec);
  }

  private dispatchWorkflowTask(exec: ExecutionRecord): void {
    const wft = exec.workflowTask;
    if (!wft) return;
    const key = this.key(exec);
    this.busy.add(`w${key}`);
    this.workflowQueues.add(queueKey(exec.namespace, wft.queue.name), { kind: 'wft', key, seq: wft.seq });
    if (wft.queue.kind === STICKY && exec.sticky) {
      this.setTimer(exec, 'stickyTimeout', this.clock.now() + exec.sticky.scheduleToStartMs, (e) =>
        this.stickyTimedOut(e, wft.seq),
      );
    }
  }

  /** The sticky worker did not pick the task up in time: time the task out and send it to the normal queue. */
  private stickyTimedOut(exec: ExecutionRecord, seq: number): void {
    const wft = exec.workflowTask;
    if (!wft || wft.seq !== seq || wft.startedEventId > 0 || exec.status !== RUNNING) return;
    exec.sticky = null;
    if (wft.persisted) {
      this.append(exec, 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT', {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: 0,
        timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_START',
      });
    }
    exec.workflowTask = null;
    this.busy.delete(`w${this.key(exec)}`);
    this.scheduleWorkflowTask(exec, wft.speculative);
  }

  async pollWorkflowTaskQueue(req: Req, signal: AbortSignal): Promise<Req> {
    const ns = this.namespace(req.namespace).name;
    const name = requireString(req.taskQueue?.name, 'TaskQueue');
    const key = queueKey(ns, name);
    if (req.taskQueue?.kind === STICKY) this.deadStickyQueues.delete(key);
    const identity: string = req.identity ?? '';
    this.workflowQueues.recordPoller(key, identity);
    try {
      return await this.pollWorkflowTask(key, identity, signal);
    } finally {
      // As Temporal: the end of a poll counts as an access too, unless the poller went away.
      if (!signal.aborted) this.workflowQueues.recordPoller(key, identity);
    }
  }

  private async pollWorkflowTask(key: string, identity: string, signal: AbortSignal): Promise<Req> {
    for (;;) {
      if (signal.aborted || this.closed) return {};
      const handle = this.workflowQueues.poll(key);
      const onAbort = (): void => handle.cancel();
      signal.addEventListener('abort', onAbort);
      const task = await handle.promise;
      signal.removeEventListener('abort', onAbort);
      if (!task) return {};
      if (signal.aborted) {
        // The poller left between matching and now: give the task to someone else.
        this.workflowQueues.giveBack(key, task);
        return {};
      }
      const response =
        task.kind === 'wft' ? this.startWorkflowTask(task, identity) : this.startQueryTask(task.queryId);
      if (response) return response;
    }
  }

  private startWorkflowTask(task: { key: string; seq: number }, identity: string): Req | null {
    const exec = this.executions.get(task.key);
    const wft = exec?.workflowTask;
    if (!exec || !wft || exec.status !== RUNNING || wft.seq !== task.seq || wft.startedEventId > 0)
      return null;
    return this.mutate(exec, () => {
      const now = this.clock.now();
      this.cancelTimer(exec, 'stickyTimeout');
      wft.startedTime = now;
      wft.identity = identity;
      const startedAttrs = {
        scheduledEventId: 0,
        identity,
        requestId: randomUUID(),
        suggestContinueAsNew: false,
        historySizeBytes: 0,
      };
      if (wft.persisted) {
        startedAttrs.scheduledEventId = wft.scheduledEventId;
        wft.startedEventId = this.append(exec, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', startedAttrs).eventId;
      } else {
        // Not written to history until the task completes, but the worker sees them.
        const scheduled = makeEvent('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', wft.scheduledTime, {
          taskQueue: wft.queue,
          startToCloseTimeout: durFromMs(wft.timeoutMs),
          attempt: wft.attempt,
        });
        scheduled.eventId = exec.nextEventId;
        startedAttrs.scheduledEventId = scheduled.eventId;
        const started = makeEvent('EVENT_TYPE_WORKFLOW_TASK_STARTED', now, startedAttrs);
        started.eventId = exec.nextEventId + 1;
        wft.pendingEvents = [scheduled, started];
        wft.scheduledEventId = scheduled.eventId;
        wft.startedEventId = started.eventId;
      }
      this.setTimer(exec, 'workflowTaskTimeout', now + wft.timeoutMs, (e) =>
        this.workflowTaskTimedOut(e, wft.seq),
      );

      const sticky = wft.queue.kind === STICKY;
      const firstEventId = sticky ? exec.lastCompletedStartedEventId + 1 : 1;
      const all = exec.history.length >= firstEventId ? exec.history.slice(firstEventId - 1) : [];
      const events = all.concat(wft.pendingEvents);
      let nextPageToken: Buffer = Buffer.alloc(0);
      let page = events;
      if (events.length > this.pageSize) {
        page = events.slice(0, this.pageSize);
        nextPageToken = encodeToken({
          runId: exec.runId,
          next: page[page.length - 1].eventId + 1,
          upTo: wft.startedEventId,
          seq: wft.seq,
        } satisfies HistoryPageToken);
      }

      const queries: Record<string, Req> = {};
      for (const q of this.execQueries(task.key)) {
        if (q.state === 'attached') {
          q.state = 'inTask';
          q.taskSeq = wft.seq;
          queries[q.id] = q.query;
        }
      }
      const messages: Req[] = [];
      for (const update of Object.values(exec.updates)) {
        if (update.state === 'admitted' || update.state === 'sent') {
          update.state = 'sent';
          messages.push({
            id: `${update.updateId}/request`,
            protocolInstanceId: update.updateId,
            eventId: wft.startedEventId - 1,
            sequencingId: 'eventId',
            body: packAny('temporal.api.update.v1.Request', update.request),
          });
        }
      }
      const token: WorkflowTaskToken = { k: 'w', key: task.key, seq: wft.seq };
      return {
        taskToken: encodeToken(token),
        workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
        workflowType: { name: exec.workflowType },
        previousStartedEventId: exec.lastCompletedStartedEventId,
        startedEventId: wft.startedEventId,
        attempt: wft.attempt,
        backlogCountHint: 0,
        history: { events: page },
        nextPageToken,
        workflowExecutionTaskQueue: { name: exec.taskQueue, kind: NORMAL },
        scheduledTime: tsFromMs(wft.scheduledTime),
        startedTime: tsFromMs(now),
        queries,
        messages,
      };
    });
  }

  private workflowTaskFromToken(token: Buffer): { exec: ExecutionRecord; wft: WorkflowTaskRecord } {
    const t = decodeToken<WorkflowTaskToken>(token);
    if (!t || t.k !== 'w' || typeof t.key !== 'string')
      throw invalidArgument('Error deserializing task token.');
    const exec = this.executions.get(t.key);
    const wft = exec?.workflowTask;
    if (!exec || exec.status !== RUNNING || !wft || wft.seq !== t.seq || wft.startedEventId === 0) {
      if (process.env.TEMPORAL_DEVSERVER_TRACE) {
        console.error(
          `[engine] stale workflow task ${t.key.split('\u0000').join('/')} seq ${t.seq}: status ${exec?.status} current seq ${wft?.seq} started ${wft?.startedEventId}`,
        );
      }
      throw notFound('Workflow task not found.');
    }
    return { exec, wft };
  }

  /** Ends the running workflow task without completing it (failure or timeout). */
  private endWorkflowTaskUnsuccessfully(
    exec: ExecutionRecord,
    wft: WorkflowTaskRecord,
    eventType: 'EVENT_TYPE_WORKFLOW_TASK_FAILED' | 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
    attributes: Req,
    reschedule: boolean,
  ): void {
    this.cancelTimer(exec, 'workflowTaskTimeout');
    this.busy.delete(`w${this.key(exec)}`);
    exec.workflowTask = null;
    const hadBuffered = exec.buffered.length > 0;
    // The first failure is recorded; later attempts stay transient until one succeeds (as Temporal does).
    if (wft.persisted || wft.speculative || !reschedule) {
      if (!wft.persisted) {
        for (const e of wft.pendingEvents) exec.history.push(e);
        exec.nextEventId = wft.startedEventId + 1;
      }
      this.append(exec, eventType, {
        scheduledEventId: wft.scheduledEventId,
        startedEventId: wft.startedEventId,
        ...attributes,
      });
    }
    this.flushBuffered(exec);
    exec.sticky = null;
    exec.nextWorkflowTaskAttempt = hadBuffered ? 1 : wft.attempt + 1;
    for (const u of Object.values(exec.updates)) if (u.state === 'sent') u.state = 'admitted';
    this.requeueQueries(exec, wft.seq);
    if (reschedule && exec.status === RUNNING) this.scheduleWorkflowTask(exec);
  }

  private workflowTaskTimedOut(exec: ExecutionRecord, seq: number): void {
    const wft = exec.workflowTask;
    if (!wft || wft.seq !== seq || wft.startedEventId === 0 || exec.status !== RUNNING) return;
    this.endWorkflowTaskUnsuccessfully(
      exec,
      wft,
      'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
      { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' },
      true,
    );
  }

  respondWorkflowTaskFailed(req: Req): Req {
    const { exec, wft } = this.workflowTaskFromToken(req.taskToken);
    this.mutate(exec, () => {
      this.endWorkflowTaskUnsuccessfully(
        exec,
        wft,
        'EVENT_TYPE_WORKFLOW_TASK_FAILED',
        {
          cause: req.cause || 'WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED',
          failure: req.failure ?? null,
          identity: req.identity ?? '',
          binaryChecksum: req.binaryChecksum ?? '',
        },
        true,
      );
    });
    return {};
  }

  respondWorkflowTaskCompleted(req: Req): Req {
    const { exec, wft } = this.workflowTaskFromToken(req.taskToken);
    return this.mutate(exec, () => this.completeWorkflowTask(exec, wft, req));
  }

  private completeWorkflowTask(exec: ExecutionRecord, wft: WorkflowTaskRecord, req: Req): Req {
    const commands: Req[] = req.commands ?? [];
    const messages: Req[] = req.messages ?? [];
    this.answerQueries(exec, wft.seq, req.queryResults ?? {});

    const closing = commands.find((c) =>
      [
        'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
        'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION',
        'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION',
        'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION',
      ].includes(c.commandType),
    );
    // New events arrived while the worker decided to close: it must see them first.
    const pendingUpdates = Object.values(exec.updates).some((u) => u.state === 'admitted');
    if (closing && (exec.buffered.length > 0 || pendingUpdates)) {
      this.endWorkflowTaskUnsuccessfully(
        exec,
        wft,
        'EVENT_TYPE_WORKFLOW_TASK_FAILED',
        {
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND',
          failure: {
            message: 'UnhandledCommand',
            source: '',
            applicationFailureInfo: { type: 'UnhandledCommand' },
          },
          identity: req.identity ?? '',
        },
        true,
      );
      exec.nextWorkflowTaskAttempt = 1;
      if (!exec.workflowTask) this.scheduleWorkflowTask(exec);
      return { workflowTask: null, activityTasks: [], resetHistoryEventId: 0 };
    }

    const invalid = this.validateCommands(exec, commands, messages);
    if (invalid) {
      this.endWorkflowTaskUnsuccessfully(
        exec,
        wft,
        'EVENT_TYPE_WORKFLOW_TASK_FAILED',
        {
          cause: invalid.cause,
          failure: { message: invalid.message, source: '' },
          identity: req.identity ?? '',
        },
        true,
      );
      return { workflowTask: null, activityTasks: [], resetHistoryEventId: 0 };
    }

    this.cancelTimer(exec, 'workflowTaskTimeout');
    this.busy.delete(`w${this.key(exec)}`);
    if (req.stickyAttributes?.workerTaskQueue?.name) {
      exec.sticky = {
        queue: { name: req.stickyAttributes.workerTaskQueue.name, kind: STICKY, normalName: exec.taskQueue },
        scheduleToStartMs: msFromDur(req.stickyAttributes.scheduleToStartTimeout) || 10_000,
      };
    } else {
      exec.sticky = null;
    }

    const onlyRejections =
      commands.length === 0 &&
      messages.every((m) => (m.body?.type_url ?? '').endsWith('temporal.api.update.v1.Rejection'));
    if (
      wft.speculative &&
      !wft.persisted &&
      onlyRejections &&
      exec.buffered.length === 0 &&
      !req.forceCreateNewWorkflowTask
    ) {
      // An update-only task whose updates were all rejected leaves no trace in history.
      exec.workflowTask = null;
      for (const m of messages) this.handleMessage(exec, m, 0);
      this.requeueQueries(exec, wft.seq);
      if (Object.values(exec.updates).some((u) => u.state === 'admitted'))
        this.scheduleWorkflowTask(exec, true);
      // Tells the worker the task was discarded: its cached history rolls back to the last real task.
      return { workflowTask: null, activityTasks: [], resetHistoryEventId: exec.lastCompletedStartedEventId };
    }

    if (!wft.persisted) {
      for (const e of wft.pendingEvents) exec.history.push(e);
      exec.nextEventId = wft.startedEventId + 1;
    }
    exec.workflowTask = null;
    const completed = this.append(exec, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED', {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      identity: req.identity ?? '',
      binaryChecksum: req.binaryChecksum ?? '',
      workerVersion: req.workerVersionStamp ?? null,
      sdkMetadata: req.sdkMetadata ?? null,
      meteringMetadata: req.meteringMetadata ?? null,
    });
    exec.lastCompletedStartedEventId = wft.startedEventId;
    exec.nextWorkflowTaskAttempt = 1;

    const ctx: CommandContext = {
      completedEventId: completed.eventId,
      needsNewTask: !!req.forceCreateNewWorkflowTask,
      after: [],
      messagesById: new Map(messages.map((m) => [m.id, m])),
      handledMessages: new Set(),
      identity: req.identity ?? '',
      eagerActivities: [],
    };
    for (const command of commands) {
      if (exec.status !== RUNNING) break;
      this.handleCommand(exec, command, ctx);
    }
    for (const m of messages) {
      if (!ctx.handledMessages.has(m.id) && exec.status === RUNNING)
        this.handleMessage(exec, m, completed.eventId);
    }
    const hadBuffered = this.flushBuffered(exec);
    if (exec.status === RUNNING) {
      const pendingUpdates = Object.values(exec.updates).some((u) => u.state === 'admitted');
      if (hadBuffered || ctx.needsNewTask || pendingUpdates) this.scheduleWorkflowTask(exec);
    }
    for (const action of ctx.after) action();
    this.requeueQueries(exec, wft.seq);
    this.notifyUpdates(exec);
    // As Temporal's post-command actions: skipped if the workflow closed or the activity was cancelled in the
    // same task; otherwise started now, by the worker that completed the task.
    const activityTasks: Req[] = [];
    for (const sid of ctx.eagerActivities) {
      const activity = exec.activities[String(sid)];
      if (exec.status !== RUNNING || !activity || activity.startedTime > 0) continue;
      this.busy.add(`a${this.key(exec)}\u0000${sid}`);
      activityTasks.push(this.beginActivity(exec, activity, this.key(exec), ctx.identity));
    }
    return { workflowTask: null, activityTasks, resetHistoryEventId: 0 };
  }

  /** Returns a failure cause when a command is malformed, like the real server's attribute validation. */
  private validateCommands(
    exec: ExecutionRecord,
    commands: Req[],
    messages: Req[],
  ): { cause: string; message: string } | null {
    const ids = new Set(messages.map((m) => m.id));
    for (const c of commands) {
      switch (c.commandType) {
        case 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK': {
          const a = c.scheduleActivityTaskCommandAttributes;
          if (!a?.activityId || !a.activityType?.name || !(a.taskQueue?.name || exec.taskQueue)) {
            return {
              cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES',
              message: 'ActivityId or ActivityType is not set on command.',
            };
          }
          if (!msFromDur(a.scheduleToCloseTimeout) && !msFromDur(a.startToCloseTimeout)) {
            return {
              cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES',
              message: 'A valid StartToClose or ScheduleToCloseTimeout is not set on command.',
            };
          }
          break;
        }
        case 'COMMAND_TYPE_START_TIMER':
          if (!c.startTimerCommandAttributes?.timerId) {
            return {
              cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES',
              message: 'TimerId is not set on command.',
            };
          }
          if (exec.timers[c.startTimerCommandAttributes.timerId]) {
            return {
              cause: 'WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID',
              message: 'Timer with the same id already exists.',
            };
          }
          break;
        case 'COMMAND_TYPE_PROTOCOL_MESSAGE':
          if (!ids.has(c.protocolMessageCommandAttributes?.messageId)) {
            return {
              cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE',
              message: 'Protocol message not found.',
            };
          }
          break;
        case 'COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION':
        case 'COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION':
          return {
            cause: 'WORKFLOW_TASK_FAILED_CAUSE_FEATURE_DISABLED',
            message: 'Nexus is not supported by this dev server.',
          };
        case undefined:
        case 'COMMAND_TYPE_UNSPECIFIED':
          return { cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND', message: 'Unknown command type.' };
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------
  // Commands

  private handleCommand(exec: ExecutionRecord, command: Req, ctx: CommandContext): void {
    const completedId = ctx.completedEventId;
    const meta = command.userMetadata ?? null;
    switch (command.commandType) {
      case 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK': {
        const a = command.scheduleActivityTaskCommandAttributes;
        // Eager execution (Temporal's system.enableActivityEagerExecution, on by default): the activity goes
        // back to the worker with this task's response instead of through the queue. The SDK asks only for
        // activities on its own task queue and when it has a free slot; we check the queue all the same.
        const eager = !!a.requestEagerExecution && (a.taskQueue?.name || exec.taskQueue) === exec.taskQueue;
        const activity = this.scheduleActivity(exec, a, completedId, meta, !eager);
        if (eager) ctx.eagerActivities.push(activity.scheduledEventId);
        break;
      }
      case 'COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK': {
        const a = command.requestCancelActivityTaskCommandAttributes;
        const sid = num(a.scheduledEventId);
        const activity = exec.activities[String(sid)];
        if (!activity) break;
        const requested = this.append(exec, 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED', {
          scheduledEventId: sid,
          workflowTaskCompletedEventId: completedId,
        });
        if (activity.startedTime === 0) {
          this.closeActivity(exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', {
            details: null,
            latestCancelRequestedEventId: requested.eventId,
            identity: ctx.identity,
          });
          ctx.needsNewTask = true;
        } else {
          activity.cancelRequested = true;
        }
        break;
      }
      case 'COMMAND_TYPE_START_TIMER': {
        const a = command.startTimerCommandAttributes;
        const ms = msFromDur(a.startToFireTimeout);
        const started = this.append(
          exec,
          'EVENT_TYPE_TIMER_STARTED',
          {
            timerId: a.timerId,
            startToFireTimeout: a.startToFireTimeout,
            workflowTaskCompletedEventId: completedId,
          },
          meta,
        );
        const timer = { timerId: a.timerId, startedEventId: started.eventId, fireAt: this.clock.now() + ms };
        exec.timers[a.timerId] = timer;
        this.armUserTimer(exec, timer);
        break;
      }
      case 'COMMAND_TYPE_CANCEL_TIMER': {
        const timerId: string = command.cancelTimerCommandAttributes.timerId;
        const timer = exec.timers[timerId];
        if (!timer) break;
        delete exec.timers[timerId];
        this.cancelTimer(exec, `timer:${timerId}`);
        this.append(exec, 'EVENT_TYPE_TIMER_CANCELED', {
          timerId,
          startedEventId: timer.startedEventId,
          workflowTaskCompletedEventId: completedId,
          identity: ctx.identity,
        });
        break;
      }
      case 'COMMAND_TYPE_RECORD_MARKER': {
        const a = command.recordMarkerCommandAttributes;
        this.append(exec, 'EVENT_TYPE_MARKER_RECORDED', {
          markerName: a.markerName,
          details: a.details ?? {},
          workflowTaskCompletedEventId: completedId,
          header: a.header ?? null,
          failure: a.failure ?? null,
        });
        break;
      }
      case 'COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        const sa = this.typedSearchAttributes(
          command.upsertWorkflowSearchAttributesCommandAttributes.searchAttributes,
          false,
        );
        this.append(exec, 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', {
          workflowTaskCompletedEventId: completedId,
          searchAttributes: sa,
        });
        exec.searchAttributes = mergeIndexed(exec.searchAttributes, sa, 'indexedFields');
        break;
      }
      case 'COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES': {
        const memo = command.modifyWorkflowPropertiesCommandAttributes.upsertedMemo;
        this.append(exec, 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED', {
          workflowTaskCompletedEventId: completedId,
          upsertedMemo: memo,
        });
        exec.memo = mergeIndexed(exec.memo, memo, 'fields');
        break;
      }
      case 'COMMAND_TYPE_PROTOCOL_MESSAGE': {
        const id = command.protocolMessageCommandAttributes.messageId;
        const message = ctx.messagesById.get(id);
        if (message) {
          ctx.handledMessages.add(id);
          this.handleMessage(exec, message, completedId);
        }
        break;
      }
      case 'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION':
        this.closeWorkflow(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', {
          result: command.completeWorkflowExecutionCommandAttributes?.result ?? null,
          workflowTaskCompletedEventId: completedId,
          newExecutionRunId: '',
        });
        break;
      case 'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION': {
        const failure = command.failWorkflowExecutionCommandAttributes?.failure ?? null;
        this.failOrRetry(
          exec,
          'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
          { failure, workflowTaskCompletedEventId: completedId },
          failure,
        );
        break;
      }
      case 'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION':
        this.closeWorkflow(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED', {
          workflowTaskCompletedEventId: completedId,
          details: command.cancelWorkflowExecutionCommandAttributes?.details ?? null,
        });
        break;
      case 'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION':
        this.continueAsNew(exec, command.continueAsNewWorkflowExecutionCommandAttributes, completedId);
        break;
      case 'COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION':
        this.initiateChild(
          exec,
          command.startChildWorkflowExecutionCommandAttributes,
          completedId,
          meta,
          ctx,
        );
        break;
      case 'COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION': {
        const a = command.signalExternalWorkflowExecutionCommandAttributes;
        const initiated = this.append(exec, 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', {
          workflowTaskCompletedEventId: completedId,
          namespace: a.namespace || exec.namespace,
          workflowExecution: a.execution,
          signalName: a.signalName,
          input: a.input ?? null,
          control: a.control ?? '',
          childWorkflowOnly: !!a.childWorkflowOnly,
          header: a.header ?? null,
        });
        const request: ExternalRequestRecord = {
          initiatedEventId: initiated.eventId,
          kind: 'signal',
          namespace: a.namespace || exec.namespace,
          workflowId: a.execution?.workflowId ?? '',
          runId: a.execution?.runId ?? '',
          childWorkflowOnly: !!a.childWorkflowOnly,
          signalName: a.signalName,
          input: a.input ?? null,
          header: a.header ?? null,
          control: a.control ?? '',
        };
        exec.externalRequests[String(initiated.eventId)] = request;
        ctx.after.push(() => this.deliverExternal(exec, request));
        break;
      }
      case 'COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION': {
        const a = command.requestCancelExternalWorkflowExecutionCommandAttributes;
        const initiated = this.append(
          exec,
          'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
          {
            workflowTaskCompletedEventId: completedId,
            namespace: a.namespace || exec.namespace,
            workflowExecution: { workflowId: a.workflowId, runId: a.runId ?? '' },
            control: a.control ?? '',
            childWorkflowOnly: !!a.childWorkflowOnly,
            reason: a.reason ?? '',
          },
        );
        const request: ExternalRequestRecord = {
          initiatedEventId: initiated.eventId,
          kind: 'cancel',
          namespace: a.namespace || exec.namespace,
          workflowId: a.workflowId,
          runId: a.runId ?? '',
          childWorkflowOnly: !!a.childWorkflowOnly,
          signalName: '',
          input: null,
          header: null,
          control: a.control ?? '',
        };
        exec.externalRequests[String(initiated.eventId)] = request;
        ctx.after.push(() => this.deliverExternal(exec, request));
        break;
      }
    }
  }

  private armUserTimer(exec: ExecutionRecord, timer: TimerRecord): void {
    this.setTimer(exec, `timer:${timer.timerId}`, timer.fireAt, (e) =>
      this.fireTimer(e, timer.timerId, timer.startedEventId),
    );
  }

  private fireTimer(exec: ExecutionRecord, timerId: string, startedEventId: number): void {
    const timer = exec.timers[timerId];
    if (!timer || timer.startedEventId !== startedEventId || exec.status !== RUNNING) return;
    delete exec.timers[timerId];
    this.append(exec, 'EVENT_TYPE_TIMER_FIRED', { timerId, startedEventId });
    this.scheduleWorkflowTask(exec);
  }

  // ------------------------------------------------------------------------------------------------
  // Signals, cancellation, termination

  signalWorkflowExecution(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    requireString(req.signalName, 'SignalName');
    const exec = this.find(ns, req.workflowExecution);
    if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
    this.mutate(exec, () => this.addSignal(exec, req));
    return {};
  }

  private addSignal(
    exec: ExecutionRecord,
    req: Req,
    external?: { initiatedEventId: number; execution: Req },
  ): void {
    if (req.requestId) {
      if (exec.signalRequestIds.includes(req.requestId)) return;
      exec.signalRequestIds.push(req.requestId);
    }
    this.append(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', {
      signalName: req.signalName,
      input: req.input ?? null,
      identity: req.identity ?? '',
      header: req.header ?? null,
      externalInitiatedEventId: external?.initiatedEventId ?? 0,
      externalWorkflowExecution: external?.execution ?? null,
    });
    this.scheduleWorkflowTask(exec);
  }

  requestCancelWorkflowExecution(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    const exec = this.find(ns, req.workflowExecution);
    if (req.firstExecutionRunId && exec.firstRunId !== req.firstExecutionRunId)
      throw notFound('workflow execution not found');
    if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
    this.mutate(exec, () =>
      this.requestCancel(exec, req.identity ?? '', req.reason ?? '', req.requestId ?? '', null),
    );
    return {};
  }

  private requestCancel(
    exec: ExecutionRecord,
    identity: string,
    cause: string,
    requestId: string,
    external: { initiatedEventId: number; execution: Req } | null,
  ): void {
    if (exec.cancelRequested) return;
    exec.cancelRequested = true;
    this.append(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED', {
      cause,
      externalInitiatedEventId: external?.initiatedEventId ?? 0,
      externalWorkflowExecution: external?.execution ?? null,
      identity,
    });
    void requestId;
    this.scheduleWorkflowTask(exec);
  }

  terminateWorkflowExecution(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    const exec = this.find(ns, req.workflowExecution);
    if (req.firstExecutionRunId && exec.firstRunId !== req.firstExecutionRunId)
      throw notFound('workflow execution not found');
    if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
    this.mutate(exec, () => this.terminate(exec, req.reason ?? '', req.details ?? null, req.identity ?? ''));
    return {};
  }

  private terminate(exec: ExecutionRecord, reason: string, details: Payloads, identity: string): void {
    this.forceCloseWorkflowTask(exec);
    this.closeWorkflow(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason, details, identity });
  }

  /** A running workflow task is failed before the run is closed from outside (terminate, timeout). */
  private forceCloseWorkflowTask(exec: ExecutionRecord): void {
    const wft = exec.workflowTask;
    if (wft && wft.startedEventId > 0) {
      this.endWorkflowTaskUnsuccessfully(
        exec,
        wft,
        'EVENT_TYPE_WORKFLOW_TASK_FAILED',
        { cause: 'WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND', failure: null, identity: '' },
        false,
      );
    }
  }

  private timeOutWorkflow(exec: ExecutionRecord, runTimeout: boolean): void {
    if (exec.status !== RUNNING) return;
    this.forceCloseWorkflowTask(exec);
    if (runTimeout && exec.executionExpiration !== this.clock.now()) {
      this.failOrRetry(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT', {}, null);
    } else {
      this.closeWorkflow(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT', {
        retryState: 'RETRY_STATE_TIMEOUT',
        newExecutionRunId: '',
      });
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Closing

  private closeWorkflow(exec: ExecutionRecord, eventType: string, attributes: Req): HistoryEvent {
    const wft = exec.workflowTask;
    if (wft) {
      this.busy.delete(`w${this.key(exec)}`);
      exec.workflowTask = null;
    }
    this.flushBuffered(exec);
    const event = this.append(exec, eventType, attributes);
    exec.status = STATUS_FOR_CLOSE_EVENT[eventType];
    exec.closeTime = this.clock.now();
    exec.closeEventId = event.eventId;
    if (attributes.newExecutionRunId) exec.newRunId = attributes.newExecutionRunId;
    this.cancelAllTimers(exec);
    const key = this.key(exec);
    for (const a of Object.values(exec.activities)) this.busy.delete(`a${key}\u0000${a.scheduledEventId}`);
    exec.activities = {};
    exec.timers = {};
    // Updates that were not completed can no longer be.
    this.notifyUpdates(exec);
    for (const q of this.execQueries(key)) if (q.state !== 'legacy') this.dispatchLegacyQuery(exec, q);

    // A run followed by another (continue-as-new, retry) is not the end of the chain the parent waits for.
    if (!exec.newRunId) {
      this.reportToParent(exec, eventType, attributes);
      this.applyParentClosePolicy(exec);
      const listener = this.onChainClosed;
      if (listener) queueMicrotask(() => listener(exec));
    }
    return event;
  }

  private reportToParent(child: ExecutionRecord, eventType: string, a: Req): void {
    const p = child.parent;
    if (!p) return;
    const parent = this.executions.get(execKey(p.namespace, p.workflowId, p.runId));
    const record = parent?.children[String(p.initiatedEventId)];
    if (!parent || parent.status !== RUNNING || !record) return;
    delete parent.children[String(p.initiatedEventId)];
    const common = {
      namespace: child.namespace,
      workflowExecution: { workflowId: child.workflowId, runId: child.runId },
      workflowType: { name: child.workflowType },
      initiatedEventId: p.initiatedEventId,
      startedEventId: record.startedEventId || -1,
    };
    this.mutate(parent, () => {
      switch (eventType) {
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED':
          this.append(parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED', {
            ...common,
            result: a.result,
          });
          break;
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED':
          this.append(parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED', {
            ...common,
            failure: a.failure,
            retryState: a.retryState,
          });
          break;
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED':
          this.append(parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED', {
            ...common,
            details: a.details,
          });
          break;
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT':
          this.append(parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT', {
            ...common,
            retryState: a.retryState,
          });
          break;
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED':
          this.append(parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED', common);
          break;
      }
      this.scheduleWorkflowTask(parent);
    });
  }

  private applyParentClosePolicy(parent: ExecutionRecord): void {
    for (const child of Object.values(parent.children)) {
      if (!child.runId) continue;
      const target = this.currentRunOf(child.namespace, child.workflowId);
      if (
        !target ||
        target.status !== RUNNING ||
        target.firstRunId !==
          this.executions.get(execKey(child.namespace, child.workflowId, child.runId))?.firstRunId
      ) {
        continue;
      }
      if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_ABANDON') continue;
      this.mutate(target, () => {
        if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_REQUEST_CANCEL') {
          this.requestCancel(target, '', 'by parent close policy', '', null);
        } else {
          this.terminate(target, 'by parent close policy', null, '');
        }
      });
    }
    parent.children = {};
  }

  /** The latest run of the chain that `firstRunId` began, if it is still the workflow id's current chain. */
  chainOf(ns: string, workflowId: string, firstRunId: string): ExecutionView | undefined {
    const runId = this.currentRuns.get(idKey(ns, workflowId));
    const exec = runId ? Map.prototype.get.call(this.executions, execKey(ns, workflowId, runId)) : undefined;
    return exec && (exec as ExecutionRecord).firstRunId === firstRunId
      ? (exec as ExecutionRecord)
      : undefined;
  }

  private currentRunOf(ns: string, workflowId: string): ExecutionRecord | undefined {
    const runId = this.currentRuns.get(idKey(ns, workflowId));
    return runId ? this.executions.get(execKey(ns, workflowId, runId)) : undefined;
  }

  private continueAsNew(exec: ExecutionRecord, a: Req, completedId: number): void {
    const runId = newRunId();
    const taskQueue = a.taskQueue?.name || exec.taskQueue;
    const workflowType = a.workflowType?.name || exec.workflowType;
    const runTimeoutMs = msFromDur(a.workflowRunTimeout) || (exec.executionTimeoutMs ? 0 : exec.runTimeoutMs);
    const taskTimeoutMs = msFromDur(a.workflowTaskTimeout) || exec.taskTimeoutMs;
    const initiator = a.initiator || 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW';
    this.closeWorkflow(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', {
      newExecutionRunId: runId,
      workflowType: { name: workflowType },
      taskQueue: { name: taskQueue, kind: NORMAL },
      input: a.input ?? null,
      workflowRunTimeout: durFromMs(runTimeoutMs),
      workflowTaskTimeout: durFromMs(taskTimeoutMs),
      workflowTaskCompletedEventId: completedId,
      backoffStartInterval: a.backoffStartInterval ?? null,
      initiator,
      failure: a.failure ?? null,
      lastCompletionResult: a.lastCompletionResult ?? null,
      header: a.header ?? null,
      memo: a.memo ?? null,
      searchAttributes: a.searchAttributes ?? null,
    });
    this.startNextRun(exec, {
      runId,
      workflowType,
      taskQueue,
      input: a.input ?? null,
      header: a.header ?? null,
      runTimeoutMs,
      taskTimeoutMs,
      backoffMs: msFromDur(a.backoffStartInterval),
      initiator,
      failure: a.failure ?? null,
      lastCompletionResult: a.lastCompletionResult ?? null,
      memo: a.memo ?? exec.memo,
      searchAttributes: this.typedSearchAttributes(a.searchAttributes, false) ?? exec.searchAttributes,
      retryPolicy: a.retryPolicy ?? exec.retryPolicy,
      attempt: 1,
    });
  }

  /**
   * The delay before the next attempt of a failed or timed-out run under its retry policy, or the retry state
   * that explains why there is none.
   */
  private workflowRetry(
    exec: ExecutionRecord,
    failure: Failure | null,
  ): { delayMs: number } | { retryState: string } {
    const p = exec.retryPolicy;
    if (!p) return { retryState: 'RETRY_STATE_RETRY_POLICY_NOT_SET' };
    const info = failure?.applicationFailureInfo;
    const type: string | undefined = info?.type;
    if (info?.nonRetryable || (type && (p.nonRetryableErrorTypes ?? []).includes(type))) {
      return { retryState: 'RETRY_STATE_NON_RETRYABLE_FAILURE' };
    }
    const maxAttempts = num(p.maximumAttempts);
    if (maxAttempts > 0 && exec.attempt >= maxAttempts)
      return { retryState: 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED' };
    const initial = msFromDur(p.initialInterval) || 1000;
    const coefficient = p.backoffCoefficient || 2;
    const maximum = msFromDur(p.maximumInterval) || 100 * initial;
    const delayMs =
      msFromDur(info?.nextRetryDelay) || Math.min(initial * Math.pow(coefficient, exec.attempt - 1), maximum);
    if (exec.executionExpiration > 0 && this.clock.now() + delayMs >= exec.executionExpiration) {
      return { retryState: 'RETRY_STATE_TIMEOUT' };
    }
    return { delayMs };
  }

  /** Closes a run as failed or timed out, starting the next attempt when its retry policy allows. */
  private failOrRetry(
    exec: ExecutionRecord,
    eventType: string,
    attributes: Req,
    failure: Failure | null,
  ): void {
    const retry = this.workflowRetry(exec, failure);
    if ('retryState' in retry) {
      this.closeWorkflow(exec, eventType, {
        ...attributes,
        retryState: retry.retryState,
        newExecutionRunId: '',
      });
      return;
    }
    const runId = newRunId();
    this.closeWorkflow(exec, eventType, {
      ...attributes,
      retryState: 'RETRY_STATE_IN_PROGRESS',
      newExecutionRunId: runId,
    });
    this.startNextRun(exec, {
      runId,
      workflowType: exec.workflowType,
      taskQueue: exec.taskQueue,
      input: exec.input,
      header: exec.header,
      runTimeoutMs: exec.executionTimeoutMs ? 0 : exec.runTimeoutMs,
      taskTimeoutMs: exec.taskTimeoutMs,
      backoffMs: retry.delayMs,
      initiator: 'CONTINUE_AS_NEW_INITIATOR_RETRY',
      failure,
      lastCompletionResult: null,
      memo: exec.memo,
      searchAttributes: exec.searchAttributes,
      retryPolicy: exec.retryPolicy,
      attempt: exec.attempt + 1,
    });
  }

  /** Starts the run that follows `exec` in its chain (continue-as-new or retry); the parent follows the chain. */
  private startNextRun(
    exec: ExecutionRecord,
    n: {
      runId: string;
      workflowType: string;
      taskQueue: string;
      input: Payloads;
      header: Req | null;
      runTimeoutMs: number;
      taskTimeoutMs: number;
      backoffMs: number;
      initiator: string;
      failure: Failure | null;
      lastCompletionResult: Payloads;
      memo: Req | null;
      searchAttributes: Req | null;
      retryPolicy: Req | null;
      attempt: number;
    },
  ): void {
    const now = this.clock.now();
    let runTimeoutMs = n.runTimeoutMs;
    if (exec.executionExpiration > 0) {
      const remaining = Math.max(1, exec.executionExpiration - now);
      runTimeoutMs = runTimeoutMs ? Math.min(runTimeoutMs, remaining) : remaining;
    }
    const next = this.newExecution({
      ns: exec.namespace,
      workflowId: exec.workflowId,
      runId: n.runId,
      firstRunId: exec.firstRunId,
      workflowType: n.workflowType,
      taskQueue: n.taskQueue,
      runTimeoutMs,
      executionTimeoutMs: exec.executionTimeoutMs,
      taskTimeoutMs: n.taskTimeoutMs,
      executionExpiration: exec.executionExpiration,
      requestId: randomUUID(),
      memo: n.memo,
      searchAttributes: n.searchAttributes,
      parent: exec.parent,
      startDelayMs: n.backoffMs,
    });
    next.root =
      exec.root?.runId === exec.runId ? { workflowId: next.workflowId, runId: next.runId } : exec.root;
    next.retryPolicy = n.retryPolicy;
    next.attempt = n.attempt;
    next.input = n.input;
    next.header = n.header;
    this.append(next, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', {
      workflowType: { name: n.workflowType },
      parentWorkflowNamespace: exec.parent?.namespace ?? '',
      parentWorkflowExecution: exec.parent
        ? { workflowId: exec.parent.workflowId, runId: exec.parent.runId }
        : null,
      parentInitiatedEventId: exec.parent?.initiatedEventId ?? 0,
      taskQueue: { name: n.taskQueue, kind: NORMAL },
      input: n.input,
      workflowExecutionTimeout: durFromMs(exec.executionTimeoutMs),
      workflowRunTimeout: durFromMs(runTimeoutMs),
      workflowTaskTimeout: durFromMs(n.taskTimeoutMs),
      continuedExecutionRunId: exec.runId,
      initiator: n.initiator,
      continuedFailure: n.failure,
      lastCompletionResult: n.lastCompletionResult,
      originalExecutionRunId: n.runId,
      identity: '',
      firstExecutionRunId: exec.firstRunId,
      retryPolicy: n.retryPolicy,
      attempt: n.attempt,
      workflowExecutionExpirationTime: exec.executionExpiration ? tsFromMs(exec.executionExpiration) : null,
      firstWorkflowTaskBackoff: n.backoffMs ? durFromMs(n.backoffMs) : null,
      memo: next.memo,
      searchAttributes: next.searchAttributes,
      header: n.header,
      workflowId: exec.workflowId,
      rootWorkflowExecution: next.root,
    });
    this.startRun(next);
    this.notify(next);
  }

  // ------------------------------------------------------------------------------------------------
  // Child workflows and external requests

  private initiateChild(
    exec: ExecutionRecord,
    a: Req,
    completedId: number,
    meta: Req | null,
    ctx: CommandContext,
  ): void {
    const ns = a.namespace || exec.namespace;
    const initiated = this.append(
      exec,
      'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED',
      {
        namespace: ns,
        workflowId: a.workflowId,
        workflowType: a.workflowType,
        taskQueue: a.taskQueue?.name ? a.taskQueue : { name: exec.taskQueue, kind: NORMAL },
        input: a.input ?? null,
        workflowExecutionTimeout: a.workflowExecutionTimeout ?? null,
        workflowRunTimeout: a.workflowRunTimeout ?? null,
        workflowTaskTimeout: a.workflowTaskTimeout ?? null,
        parentClosePolicy: a.parentClosePolicy || 'PARENT_CLOSE_POLICY_TERMINATE',
        control: a.control ?? '',
        workflowTaskCompletedEventId: completedId,
        workflowIdReusePolicy: a.workflowIdReusePolicy || 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE',
        retryPolicy: a.retryPolicy ?? null,
        cronSchedule: a.cronSchedule ?? '',
        header: a.header ?? null,
        memo: a.memo ?? null,
        searchAttributes: a.searchAttributes ?? null,
        priority: a.priority ?? null,
      },
      meta,
    );
    const record = {
      initiatedEventId: initiated.eventId,
      startedEventId: 0,
      namespace: ns,
      workflowId: a.workflowId,
      runId: '',
      workflowType: a.workflowType?.name ?? '',
      parentClosePolicy: a.parentClosePolicy || 'PARENT_CLOSE_POLICY_TERMINATE',
    };
    exec.children[String(initiated.eventId)] = record;
    ctx.after.push(() => this.startChild(exec, a, record.initiatedEventId, completedId));
  }

  private startChild(parent: ExecutionRecord, a: Req, initiatedEventId: number, completedId: number): void {
    if (parent.status !== RUNNING) return;
    const record = parent.children[String(initiatedEventId)];
    if (!record) return;
    const ns = record.namespace;
    try {
      this.namespace(ns);
      const { exec: child } = this.start(
        ns,
        {
          ...a,
          taskQueue: a.taskQueue?.name ? a.taskQueue : { name: parent.taskQueue },
          workflowIdConflictPolicy: 'WORKFLOW_ID_CONFLICT_POLICY_FAIL',
          requestId: randomUUID(),
        },
        { namespace: parent.namespace, workflowId: parent.workflowId, runId: parent.runId, initiatedEventId },
        null,
      );
      record.runId = child.runId;
      const started = this.append(parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED', {
        namespace: ns,
        initiatedEventId,
        workflowExecution: { workflowId: child.workflowId, runId: child.runId },
        workflowType: { name: child.workflowType },
        header: a.header ?? null,
      });
      if (started.eventId > 0) record.startedEventId = started.eventId;
      this.notify(child);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      delete parent.children[String(initiatedEventId)];
      this.append(parent, 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED', {
        namespace: ns,
        workflowId: a.workflowId,
        workflowType: a.workflowType,
        cause:
          err.code === 6
            ? 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS'
            : 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND',
        control: a.control ?? '',
        initiatedEventId,
        workflowTaskCompletedEventId: completedId,
      });
    }
    this.scheduleWorkflowTask(parent);
  }

  private deliverExternal(source: ExecutionRecord, request: ExternalRequestRecord): void {
    if (source.status !== RUNNING || !source.externalRequests[String(request.initiatedEventId)]) return;
    delete source.externalRequests[String(request.initiatedEventId)];
    const target = request.runId
      ? this.executions.get(execKey(request.namespace, request.workflowId, request.runId))
      : this.currentRunOf(request.namespace, request.workflowId);
    const isChild =
      !request.childWorkflowOnly ||
      (target?.parent?.workflowId === source.workflowId && target.parent.runId === source.runId);
    const execution = { workflowId: request.workflowId, runId: request.runId };
    const ok = !!target && target.status === RUNNING && isChild;
    if (ok && target) {
      const sourceRef = {
        initiatedEventId: request.initiatedEventId,
        execution: { workflowId: source.workflowId, runId: source.runId },
      };
      this.mutate(target, () => {
        if (request.kind === 'signal') {
          this.addSignal(
            target,
            { signalName: request.signalName, input: request.input, header: request.header, identity: '' },
            sourceRef,
          );
        } else {
          this.requestCancel(target, '', '', '', sourceRef);
        }
      });
    }
    if (request.kind === 'signal') {
      if (ok) {
        this.append(source, 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED', {
          initiatedEventId: request.initiatedEventId,
          namespace: request.namespace,
          workflowExecution: execution,
          control: request.control,
        });
      } else {
        this.append(source, 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED', {
          cause: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
          namespace: request.namespace,
          workflowExecution: execution,
          initiatedEventId: request.initiatedEventId,
          control: request.control,
        });
      }
    } else if (ok) {
      this.append(source, 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED', {
        initiatedEventId: request.initiatedEventId,
        namespace: request.namespace,
        workflowExecution: execution,
      });
    } else {
      this.append(source, 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED', {
        cause: 'CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
        namespace: request.namespace,
        workflowExecution: execution,
        initiatedEventId: request.initiatedEventId,
        control: request.control,
      });
    }
    this.scheduleWorkflowTask(source);
  }

  // ------------------------------------------------------------------------------------------------
  // Activities

  private scheduleActivity(
    exec: ExecutionRecord,
    a: Req,
    completedId: number,
    meta: Req | null,
    dispatch = true,
  ): ActivityRecord {
    // Timeout normalisation as in Temporal's command validation.
    const runTimeout = exec.runTimeoutMs;
    let s2c = msFromDur(a.scheduleToCloseTimeout);
    let s2s = msFromDur(a.scheduleToStartTimeout);
    let s2cl = msFromDur(a.startToCloseTimeout);
    let hb = msFromDur(a.heartbeatTimeout);
    if (s2c > 0) {
      s2s = s2s > 0 ? Math.min(s2s, s2c) : s2c;
      s2cl = s2cl > 0 ? Math.min(s2cl, s2c) : s2c;
    } else {
      s2c = runTimeout;
      if (s2s === 0) s2s = runTimeout;
    }
    if (runTimeout > 0) {
      s2c = Math.min(s2c, runTimeout);
      s2s = Math.min(s2s, runTimeout);
      s2cl = Math.min(s2cl, runTimeout);
    }
    if (hb > s2cl && s2cl > 0) hb = s2cl;
    const rp = a.retryPolicy ?? {};
    const initial = msFromDur(rp.initialInterval) || 1000;
    const retryPolicy: RetryPolicyRecord = {
      initialIntervalMs: initial,
      backoffCoefficient: rp.backoffCoefficient || 2,
      maximumIntervalMs: msFromDur(rp.maximumInterval) || 100 * initial,
      maximumAttempts: rp.maximumAttempts || 0,
      nonRetryableErrorTypes: rp.nonRetryableErrorTypes ?? [],
    };
    const taskQueue = a.taskQueue?.name || exec.taskQueue;
    const scheduled = this.append(
      exec,
      'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
      {
        activityId: a.activityId,
        activityType: a.activityType,
        taskQueue: { name: taskQueue, kind: NORMAL },
        header: a.header ?? null,
        input: a.input ?? null,
        scheduleToCloseTimeout: durFromMs(s2c),
        scheduleToStartTimeout: durFromMs(s2s),
        startToCloseTimeout: durFromMs(s2cl),
        heartbeatTimeout: durFromMs(hb),
        workflowTaskCompletedEventId: completedId,
        retryPolicy: {
          initialInterval: durFromMs(retryPolicy.initialIntervalMs),
          backoffCoefficient: retryPolicy.backoffCoefficient,
          maximumInterval: durFromMs(retryPolicy.maximumIntervalMs),
          maximumAttempts: retryPolicy.maximumAttempts,
          nonRetryableErrorTypes: retryPolicy.nonRetryableErrorTypes,
        },
        useWorkflowBuildId: !!a.useWorkflowBuildId,
        priority: a.priority ?? null,
      },
      meta,
    );
    const now = this.clock.now();
    const activity: ActivityRecord = {
      activityId: a.activityId,
      activityType: a.activityType.name,
      scheduledEventId: scheduled.eventId,
      taskQueue,
      input: a.input ?? null,
      header: a.header ?? null,
      scheduleToCloseMs: s2c,
      scheduleToStartMs: s2s,
      startToCloseMs: s2cl,
      heartbeatMs: hb,
      retryPolicy,
      attempt: 1,
      firstScheduledTime: now,
      scheduledTime: now,
      startedTime: 0,
      startedIdentity: '',
      startedRequestId: '',
      lastHeartbeatTime: 0,
      heartbeatDetails: null,
      lastFailure: null,
      cancelRequested: false,
      retryAt: 0,
      priority: a.priority ?? null,
    };
    exec.activities[String(activity.scheduledEventId)] = activity;
    if (s2c > 0) {
      this.setTimer(exec, `act:${activity.scheduledEventId}:s2c`, now + s2c, (e) =>
        this.activityTimedOut(e, activity.scheduledEventId, 0, 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE'),
      );
    }
    if (dispatch) this.dispatchActivity(exec, activity);
    return activity;
  }

  /** Queues an attempt; `scheduledTime` is given when re-queuing a saved attempt after a restart. */
  private dispatchActivity(
    exec: ExecutionRecord,
    activity: ActivityRecord,
    scheduledTime = this.clock.now(),
  ): void {
    const key = this.key(exec);
    activity.retryAt = 0;
    activity.scheduledTime = scheduledTime;
    this.busy.add(`a${key}\u0000${activity.scheduledEventId}`);
    this.activityQueues.add(queueKey(exec.namespace, activity.taskQueue), {
      key,
      scheduledEventId: activity.scheduledEventId,
      attempt: activity.attempt,
    });
    if (
      (activity.scheduleToStartMs > 0 && activity.scheduleToStartMs < activity.scheduleToCloseMs) ||
      (activity.scheduleToStartMs > 0 && activity.scheduleToCloseMs === 0)
    ) {
      const attempt = activity.attempt;
      this.setTimer(
        exec,
        `act:${activity.scheduledEventId}:s2s`,
        activity.scheduledTime + activity.scheduleToStartMs,
        (e) => this.activityTimedOut(e, activity.scheduledEventId, attempt, 'TIMEOUT_TYPE_SCHEDULE_TO_START'),
      );
    }
  }

  async pollActivityTaskQueue(req: Req, signal: AbortSignal): Promise<Req> {
    const ns = this.namespace(req.namespace).name;
    const name = requireString(req.taskQueue?.name, 'TaskQueue');
    const key = queueKey(ns, name);
    const identity: string = req.identity ?? '';
    const rps = req.taskQueueMetadata?.maxTasksPerSecond?.value;
    const ratePerSecond = typeof rps === 'number' && rps > 0 ? rps : undefined;
    this.activityQueues.recordPoller(key, identity, ratePerSecond);
    try {
      return await this.pollActivityTask(key, identity, signal);
    } finally {
      if (!signal.aborted) this.activityQueues.recordPoller(key, identity, ratePerSecond);
    }
  }

  private async pollActivityTask(key: string, identity: string, signal: AbortSignal): Promise<Req> {
    for (;;) {
      if (signal.aborted || this.closed) return {};
      const handle = this.activityQueues.poll(key);
      const onAbort = (): void => handle.cancel();
      signal.addEventListener('abort', onAbort);
      const task = await handle.promise;
      signal.removeEventListener('abort', onAbort);
      if (!task) return {};
      if (signal.aborted) {
        this.activityQueues.giveBack(key, task);
        return {};
      }
      const response = this.startActivity(task, identity);
      if (response) return response;
    }
  }

  private startActivity(task: ActivityQueueTask, identity: string): Req | null {
    const exec = this.executions.get(task.key);
    const activity = exec?.activities[String(task.scheduledEventId)];
    if (
      !exec ||
      !activity ||
      exec.status !== RUNNING ||
      activity.attempt !== task.attempt ||
      activity.startedTime > 0 ||
      activity.retryAt > 0
    ) {
      return null;
    }
    return this.mutate(exec, () => this.beginActivity(exec, activity, task.key, identity));
  }

  /** Marks the activity attempt started by `identity` and builds its task (poll response or eager task). */
  private beginActivity(exec: ExecutionRecord, activity: ActivityRecord, key: string, identity: string): Req {
    const now = this.clock.now();
    activity.startedTime = now;
    activity.startedIdentity = identity;
    activity.startedRequestId = randomUUID();
    activity.lastHeartbeatTime = now;
    this.cancelTimer(exec, `act:${activity.scheduledEventId}:s2s`);
    this.armActivityRunTimers(exec, activity);
    const token: ActivityTaskToken = {
      k: 'a',
      key,
      sid: activity.scheduledEventId,
      att: activity.attempt,
    };
    return {
      taskToken: encodeToken(token),
      workflowNamespace: exec.namespace,
      workflowType: { name: exec.workflowType },
      workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      activityType: { name: activity.activityType },
      activityId: activity.activityId,
      header: activity.header,
      input: activity.input,
      heartbeatDetails: activity.heartbeatDetails,
      scheduledTime: tsFromMs(activity.firstScheduledTime),
      currentAttemptScheduledTime: tsFromMs(activity.scheduledTime),
      startedTime: tsFromMs(now),
      attempt: activity.attempt,
      scheduleToCloseTimeout: durFromMs(activity.scheduleToCloseMs),
      startToCloseTimeout: durFromMs(activity.startToCloseMs),
      heartbeatTimeout: durFromMs(activity.heartbeatMs),
      retryPolicy: {
        initialInterval: durFromMs(activity.retryPolicy.initialIntervalMs),
        backoffCoefficient: activity.retryPolicy.backoffCoefficient,
        maximumInterval: durFromMs(activity.retryPolicy.maximumIntervalMs),
        maximumAttempts: activity.retryPolicy.maximumAttempts,
        nonRetryableErrorTypes: activity.retryPolicy.nonRetryableErrorTypes,
      },
      priority: activity.priority,
    };
  }

  private armActivityRunTimers(exec: ExecutionRecord, activity: ActivityRecord): void {
    const sid = activity.scheduledEventId;
    const attempt = activity.attempt;
    if (activity.startToCloseMs > 0) {
      this.setTimer(exec, `act:${sid}:s2cl`, activity.startedTime + activity.startToCloseMs, (e) =>
        this.activityTimedOut(e, sid, attempt, 'TIMEOUT_TYPE_START_TO_CLOSE'),
      );
    }
    this.armHeartbeatTimer(exec, activity);
  }

  private armHeartbeatTimer(exec: ExecutionRecord, activity: ActivityRecord): void {
    if (activity.heartbeatMs <= 0) return;
    const sid = activity.scheduledEventId;
    const attempt = activity.attempt;
    this.setTimer(exec, `act:${sid}:hb`, activity.lastHeartbeatTime + activity.heartbeatMs, (e) =>
      this.activityTimedOut(e, sid, attempt, 'TIMEOUT_TYPE_HEARTBEAT'),
    );
  }

  private clearActivityTimers(exec: ExecutionRecord, sid: number, all: boolean): void {
    this.cancelTimer(exec, `act:${sid}:s2s`);
    this.cancelTimer(exec, `act:${sid}:s2cl`);
    this.cancelTimer(exec, `act:${sid}:hb`);
    this.cancelTimer(exec, `act:${sid}:retry`);
    if (all) this.cancelTimer(exec, `act:${sid}:s2c`);
  }

  /** Writes the (lazily recorded) started event and the closing event, then wakes the workflow. */
  private closeActivity(
    exec: ExecutionRecord,
    activity: ActivityRecord,
    eventType: string,
    attributes: Req,
  ): void {
    const sid = activity.scheduledEventId;
    let startedEventId = 0;
    if (activity.startedTime > 0) {
      const started = this.append(exec, 'EVENT_TYPE_ACTIVITY_TASK_STARTED', {
        scheduledEventId: sid,
        identity: activity.startedIdentity,
        requestId: activity.startedRequestId,
        attempt: activity.attempt,
        lastFailure: activity.lastFailure,
      });
      startedEventId = started.eventId > 0 ? started.eventId : -1;
    }
    this.append(exec, eventType, { ...attributes, scheduledEventId: sid, startedEventId });
    delete exec.activities[String(sid)];
    this.clearActivityTimers(exec, sid, true);
    this.busy.delete(`a${this.key(exec)}\u0000${sid}`);
    this.scheduleWorkflowTask(exec);
  }

  /** Decides between another attempt and failing; returns false when the activity is closed. */
  private retryActivity(
    exec: ExecutionRecord,
    activity: ActivityRecord,
    failure: Failure,
    nextRetryDelayMs: number,
  ): string | null {
    const p = activity.retryPolicy;
    const info = failure.applicationFailureInfo;
    if (info?.nonRetryable || (info?.type && p.nonRetryableErrorTypes.includes(info.type)))
      return 'RETRY_STATE_NON_RETRYABLE_FAILURE';
    if (p.maximumAttempts > 0 && activity.attempt >= p.maximumAttempts)
      return 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED';
    let delay = nextRetryDelayMs;
    if (!delay) {
      delay = p.initialIntervalMs * Math.pow(p.backoffCoefficient, activity.attempt - 1);
      if (p.maximumIntervalMs > 0) delay = Math.min(delay, p.maximumIntervalMs);
    }
    const now = this.clock.now();
    if (
      activity.scheduleToCloseMs > 0 &&
      now + delay >= activity.firstScheduledTime + activity.scheduleToCloseMs
    )
      return 'RETRY_STATE_TIMEOUT';
    const sid = activity.scheduledEventId;
    this.clearActivityTimers(exec, sid, false);
    this.busy.delete(`a${this.key(exec)}\u0000${sid}`);
    activity.attempt++;
    activity.lastFailure = failure;
    activity.startedTime = 0;
    activity.startedIdentity = '';
    activity.retryAt = now + delay;
    this.armActivityRetry(exec, activity);
    return null;
  }

  private armActivityRetry(exec: ExecutionRecord, activity: ActivityRecord): void {
    const sid = activity.scheduledEventId;
    this.setTimer(exec, `act:${sid}:retry`, activity.retryAt, (e) => {
      const current = e.activities[String(sid)];
      if (current && current.retryAt > 0 && e.status === RUNNING) this.dispatchActivity(e, current);
    });
  }

  private activityTimedOut(exec: ExecutionRecord, sid: number, attempt: number, timeoutType: string): void {
    const activity = exec.activities[String(sid)];
    if (!activity || exec.status !== RUNNING) return;
    if (attempt !== 0 && activity.attempt !== attempt) return;
    if (timeoutType === 'TIMEOUT_TYPE_SCHEDULE_TO_START' && activity.startedTime > 0) return;
    if (
      (timeoutType === 'TIMEOUT_TYPE_START_TO_CLOSE' || timeoutType === 'TIMEOUT_TYPE_HEARTBEAT') &&
      activity.startedTime === 0
    )
      return;
    const name = {
      TIMEOUT_TYPE_SCHEDULE_TO_START: 'ScheduleToStart',
      TIMEOUT_TYPE_SCHEDULE_TO_CLOSE: 'ScheduleToClose',
      TIMEOUT_TYPE_START_TO_CLOSE: 'StartToClose',
      TIMEOUT_TYPE_HEARTBEAT: 'Heartbeat',
    }[timeoutType];
    const failure: Failure = {
      message: `activity ${name} timeout`,
      source: 'Server',
      timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: activity.heartbeatDetails },
    };
    let retryState = 'RETRY_STATE_TIMEOUT';
    if (timeoutType === 'TIMEOUT_TYPE_START_TO_CLOSE' || timeoutType === 'TIMEOUT_TYPE_HEARTBEAT') {
      const state = this.retryActivity(exec, activity, failure, 0);
      if (state === null) return;
      retryState = state;
    } else if (timeoutType === 'TIMEOUT_TYPE_SCHEDULE_TO_START') {
      retryState = 'RETRY_STATE_NON_RETRYABLE_FAILURE';
    }
    if (activity.lastFailure && timeoutType === 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE')
      failure.cause = activity.lastFailure;
    this.closeActivity(exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT', { failure, retryState });
  }

  private activityFromToken(token: Buffer): { exec: ExecutionRecord; activity: ActivityRecord } {
    const t = decodeToken<ActivityTaskToken>(token);
    if (!t || t.k !== 'a' || typeof t.key !== 'string')
      throw invalidArgument('Error deserializing task token.');
    const exec = this.executions.get(t.key);
    const activity = exec?.activities[String(t.sid)];
    if (
      !exec ||
      exec.status !== RUNNING ||
      !activity ||
      activity.attempt !== t.att ||
      activity.startedTime === 0
    ) {
      throw notFound('Activity task not found.');
    }
    return { exec, activity };
  }

  private activityById(req: Req): { exec: ExecutionRecord; activity: ActivityRecord } {
    const ns = this.namespace(req.namespace).name;
    requireString(req.activityId, 'ActivityId');
    const exec = this.find(ns, { workflowId: req.workflowId, runId: req.runId });
    const activity = Object.values(exec.activities).find((a) => a.activityId === req.activityId);
    if (exec.status !== RUNNING || !activity || activity.startedTime === 0)
      throw notFound('Activity task not found.');
    return { exec, activity };
  }

  respondActivityTaskCompleted(req: Req, byId = false): Req {
    const { exec, activity } = byId ? this.activityById(req) : this.activityFromToken(req.taskToken);
    this.mutate(exec, () =>
      this.closeActivity(exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED', {
        result: req.result ?? null,
        identity: req.identity ?? '',
      }),
    );
    return {};
  }

  respondActivityTaskFailed(req: Req, byId = false): Req {
    const { exec, activity } = byId ? this.activityById(req) : this.activityFromToken(req.taskToken);
    const failure: Failure = req.failure ?? { message: 'activity failed' };
    this.mutate(exec, () => {
      if (req.lastHeartbeatDetails?.payloads?.length) activity.heartbeatDetails = req.lastHeartbeatDetails;
      const nextDelay = msFromDur(failure.applicationFailureInfo?.nextRetryDelay);
      const state = this.retryActivity(exec, activity, failure, nextDelay);
      if (state !== null) {
        this.closeActivity(exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_FAILED', {
          failure,
          retryState: state,
          identity: req.identity ?? '',
        });
      }
    });
    return { failures: [] };
  }

  respondActivityTaskCanceled(req: Req, byId = false): Req {
    const { exec, activity } = byId ? this.activityById(req) : this.activityFromToken(req.taskToken);
    this.mutate(exec, () =>
      this.closeActivity(exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', {
        details: req.details ?? null,
        latestCancelRequestedEventId: this.latestCancelRequested(exec, activity.scheduledEventId),
        identity: req.identity ?? '',
      }),
    );
    return {};
  }

  private latestCancelRequested(exec: ExecutionRecord, sid: number): number {
    for (let i = exec.history.length - 1; i >= 0; i--) {
      const e = exec.history[i];
      if (
        e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED' &&
        num(attrs(e).scheduledEventId) === sid
      )
        return e.eventId;
    }
    return 0;
  }

  recordActivityTaskHeartbeat(req: Req, byId = false): Req {
    const { exec, activity } = byId ? this.activityById(req) : this.activityFromToken(req.taskToken);
    this.mutate(exec, () => {
      if (req.details) activity.heartbeatDetails = req.details;
      activity.lastHeartbeatTime = this.clock.now();
      this.armHeartbeatTimer(exec, activity);
    });
    return { cancelRequested: activity.cancelRequested, activityPaused: false, activityReset: false };
  }

  // ------------------------------------------------------------------------------------------------
  // Updates

  private handleMessage(exec: ExecutionRecord, message: Req, completedEventId: number): void {
    const unpacked = unpackAny<Req>(message.body);
    if (!unpacked) return;
    const updateId: string = message.protocolInstanceId;
    const update = exec.updates[updateId];
    if (!update) return;
    switch (unpacked.typeName) {
      case 'temporal.api.update.v1.Acceptance': {
        const accepted = this.append(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
          protocolInstanceId: updateId,
          acceptedRequestMessageId: unpacked.value.acceptedRequestMessageId,
          acceptedRequestSequencingEventId: unpacked.value.acceptedRequestSequencingEventId,
          acceptedRequest: update.request,
        });
        update.state = 'accepted';
        update.acceptedEventId = accepted.eventId;
        break;
      }
      case 'temporal.api.update.v1.Rejection':
        update.state = 'completed';
        update.outcome = { failure: unpacked.value.failure };
        // A rejected update leaves no trace: forget it once its callers have the outcome.
        this.notifyUpdates(exec);
        delete exec.updates[updateId];
        break;
      case 'temporal.api.update.v1.Response':
        this.append(exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED', {
          meta: unpacked.value.meta,
          acceptedEventId: update.acceptedEventId,
          outcome: unpacked.value.outcome,
        });
        update.state = 'completed';
        update.outcome = unpacked.value.outcome;
        break;
    }
    void completedEventId;
    this.notifyUpdates(exec);
  }

  private notifyUpdates(exec: ExecutionRecord): void {
    const key = this.key(exec);
    const waiters = this.updateWaiters.get(key);
    if (waiters) {
      this.updateWaiters.delete(key);
      for (const w of waiters) w();
    }
  }

  private static STAGE_RANK: Record<string, number> = {
    UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED: 0,
    UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: 1,
    UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED: 2,
    UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED: 3,
  };

  private stageOf(update: UpdateRecord): string {
    if (update.state === 'completed') return 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED';
    if (update.state === 'accepted') return 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED';
    return 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED';
  }

  async updateWorkflowExecution(req: Req, signal: AbortSignal): Promise<Req> {
    const ns = this.namespace(req.namespace).name;
    const exec = this.find(ns, req.workflowExecution);
    if (req.firstExecutionRunId && exec.firstRunId !== req.firstExecutionRunId)
      throw notFound('workflow execution not found');
    const request = req.request;
    const updateId = requireString(request?.meta?.updateId, 'UpdateId');
    requireString(request?.input?.name, 'Update name');
    let update = exec.updates[updateId];
    if (!update) {
      if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
      update = { updateId, request, state: 'admitted', acceptedEventId: 0, outcome: null };
      exec.updates[updateId] = update;
      this.mutate(exec, () => {
        if (!exec.workflowTask) this.scheduleWorkflowTask(exec, true);
      });
    }
    const wanted = Math.max(Engine.STAGE_RANK[req.waitPolicy?.lifecycleStage] ?? 2, 2);
    return this.waitForUpdate(exec, update, wanted, signal);
  }

  private async waitForUpdate(
    exec: ExecutionRecord,
    update: UpdateRecord,
    wanted: number,
    signal: AbortSignal,
  ): Promise<Req> {
    const key = this.key(exec);
    const deadline = Date.now() + this.waitTimeoutMs;
    for (;;) {
      const stage = this.stageOf(update);
      if (Engine.STAGE_RANK[stage] >= wanted || update.state === 'completed') {
        return {
          updateRef: {
            workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
            updateId: update.updateId,
          },
          outcome: update.outcome,
          stage,
        };
      }
      if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal.aborted) {
        return {
          updateRef: {
            workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
            updateId: update.updateId,
          },
          outcome: null,
          stage,
        };
      }
      await this.waitForChange(key, this.updateWaiters, remaining, signal);
    }
  }

  async pollWorkflowExecutionUpdate(req: Req, signal: AbortSignal): Promise<Req> {
    const ns = this.namespace(req.namespace).name;
    const ref = req.updateRef;
    if (!ref) throw invalidArgument('UpdateRef is not set on request.');
    const exec = this.find(ns, ref.workflowExecution);
    const updateId = requireString(ref.updateId, 'UpdateId');
    const update = exec.updates[updateId];
    if (!update) throw notFound(`update ${updateId} not found`);
    const wanted = Engine.STAGE_RANK[req.waitPolicy?.lifecycleStage] || 3;
    const result = await this.waitForUpdate(exec, update, wanted, signal);
    return { outcome: result.outcome, stage: result.stage, updateRef: result.updateRef };
  }

  // ------------------------------------------------------------------------------------------------
  // Queries

  private execQueries(key: string): PendingQuery[] {
    const ids = this.queriesByExec.get(key);
    if (!ids) return [];
    return [...ids].map((id) => this.queries.get(id)).filter((q): q is PendingQuery => !!q);
  }

  queryWorkflow(req: Req, signal: AbortSignal): Promise<Req> {
    const ns = this.namespace(req.namespace).name;
    const exec = this.find(ns, req.execution);
    if (!req.query?.queryType) throw invalidArgument('QueryType is not set on request.');
    const condition: string = req.queryRejectCondition;
    if (exec.status !== RUNNING) {
      if (
        condition === 'QUERY_REJECT_CONDITION_NOT_OPEN' ||
        (condition === 'QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY' &&
          exec.status !== 'WORKFLOW_EXECUTION_STATUS_COMPLETED')
      ) {
        return Promise.resolve({ queryResult: null, queryRejected: { status: exec.status } });
      }
    }
    const key = this.key(exec);
    return new Promise<Req>((resolve, reject) => {
      const id = randomUUID();
      const cleanup = (): void => {
        this.queries.delete(id);
        this.queriesByExec.get(key)?.delete(id);
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        cleanup();
        reject(new ServiceError(1, 'query cancelled'));
      };
      const q: PendingQuery = {
        id,
        key,
        query: req.query,
        state: 'held',
        taskSeq: 0,
        resolve: (r) => {
          cleanup();
          resolve(r);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      };
      this.queries.set(id, q);
      let set = this.queriesByExec.get(key);
      if (!set) this.queriesByExec.set(key, (set = new Set()));
      set.add(id);
      signal.addEventListener('abort', onAbort);
      this.routeQuery(exec, q);
    });
  }

  private routeQuery(exec: ExecutionRecord, q: PendingQuery): void {
    const wft = exec.workflowTask;
    if (exec.status === RUNNING && wft) {
      q.state = wft.startedEventId > 0 ? 'held' : 'attached';
      return;
    }
    if (exec.status === RUNNING && exec.lastCompletedStartedEventId === 0) {
      q.state = 'held';
      return;
    }
    this.dispatchLegacyQuery(exec, q);
  }

  private dispatchLegacyQuery(exec: ExecutionRecord, q: PendingQuery): void {
    q.state = 'legacy';
    this.workflowQueues.add(queueKey(exec.namespace, exec.taskQueue), { kind: 'query', queryId: q.id });
  }

  /** After a workflow task ends: queries that waited for it go out now. */
  private requeueQueries(exec: ExecutionRecord, seq: number): void {
    for (const q of this.execQueries(this.key(exec))) {
      if (
        q.state === 'held' ||
        (q.state === 'inTask' && q.taskSeq === seq) ||
        (q.state === 'attached' && !exec.workflowTask)
      ) {
        this.routeQuery(exec, q);
      }
    }
  }

  private answerQueries(exec: ExecutionRecord, seq: number, results: Record<string, Req>): void {
    for (const [id, result] of Object.entries(results)) {
      const q = this.queries.get(id);
      if (!q || q.state !== 'inTask' || q.taskSeq !== seq) continue;
      if (result.resultType === 'QUERY_RESULT_TYPE_ANSWERED')
        q.resolve({ queryResult: result.answer ?? null, queryRejected: null });
      else q.reject(invalidArgument(result.errorMessage || result.failure?.message || 'query failed'));
    }
    void exec;
  }

  private startQueryTask(queryId: string): Req | null {
    const q = this.queries.get(queryId);
    if (!q || q.state !== 'legacy') return null;
    const exec = this.executions.get(q.key);
    if (!exec) return null;
    const now = this.clock.now();
    const token: QueryTaskToken = { k: 'q', id: queryId };
    let events = exec.history;
    let nextPageToken: Buffer = Buffer.alloc(0);
    if (events.length > this.pageSize) {
      events = events.slice(0, this.pageSize);
      nextPageToken = encodeToken({
        runId: exec.runId,
        next: this.pageSize + 1,
        upTo: exec.nextEventId - 1,
      } satisfies HistoryPageToken);
    }
    return {
      taskToken: encodeToken(token),
      workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      workflowType: { name: exec.workflowType },
      previousStartedEventId: exec.lastCompletedStartedEventId,
      startedEventId: exec.lastCompletedStartedEventId,
      attempt: 1,
      backlogCountHint: 0,
      history: { events },
      nextPageToken,
      query: q.query,
      workflowExecutionTaskQueue: { name: exec.taskQueue, kind: NORMAL },
      scheduledTime: tsFromMs(now),
      startedTime: tsFromMs(now),
      queries: {},
      messages: [],
    };
  }

  respondQueryTaskCompleted(req: Req): Req {
    const t = decodeToken<QueryTaskToken>(req.taskToken);
    if (!t || t.k !== 'q') throw invalidArgument('Error deserializing task token.');
    const q = this.queries.get(t.id);
    if (!q) throw notFound('query task not found, or already expired');
    if (req.completedType === 'QUERY_RESULT_TYPE_ANSWERED')
      q.resolve({ queryResult: req.queryResult ?? null, queryRejected: null });
    else q.reject(invalidArgument(req.errorMessage || req.failure?.message || 'query failed'));
    return {};
  }

  // ------------------------------------------------------------------------------------------------
  // History

  async getWorkflowExecutionHistory(req: Req, signal: AbortSignal): Promise<Req> {
    const ns = this.namespace(req.namespace).name;
    let exec = this.find(ns, req.execution);
    const token = req.nextPageToken?.length ? decodeToken<HistoryPageToken>(req.nextPageToken) : null;
    if (req.nextPageToken?.length && (!token || typeof token.next !== 'number'))
      throw invalidArgument('Invalid NextPageToken.');
    if (token?.runId && token.runId !== exec.runId) {
      const other = this.executions.get(execKey(ns, exec.workflowId, token.runId));
      if (!other) throw invalidArgument('Invalid NextPageToken.');
      exec = other;
    }
    const key = this.key(exec);
    const pageSize = Math.min(num(req.maximumPageSize) || this.pageSize, this.pageSize);
    const deadline = Date.now() + this.waitTimeoutMs;
    const closeOnly = req.historyEventFilterType === 'HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT';

    for (;;) {
      if (closeOnly) {
        if (exec.status !== RUNNING)
          return {
            history: { events: [exec.history[exec.closeEventId - 1]] },
            nextPageToken: Buffer.alloc(0),
            archived: false,
          };
        if (!req.waitNewEvent)
          return { history: { events: [] }, nextPageToken: Buffer.alloc(0), archived: false };
      } else {
        const from = token?.next ?? 1;
        let view = exec.history;
        let upTo = exec.nextEventId - 1;
        if (token?.upTo) {
          upTo = token.upTo;
          const wft = exec.workflowTask;
          if (upTo > exec.nextEventId - 1 && wft && wft.seq === token.seq)
            view = exec.history.concat(wft.pendingEvents);
        }
        if (from <= upTo || !req.waitNewEvent || exec.status !== RUNNING) {
          const events = view.slice(from - 1, Math.min(upTo, from - 1 + pageSize));
          const last = events.length ? events[events.length - 1].eventId : from - 1;
          const more = last < upTo || (req.waitNewEvent && exec.status === RUNNING && !token?.upTo);
          return {
            history: { events },
            nextPageToken: more
              ? encodeToken({ ...token, runId: exec.runId, next: last + 1 } satisfies HistoryPageToken)
              : Buffer.alloc(0),
            archived: false,
          };
        }
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal.aborted || this.closed) {
        return {
          history: { events: [] },
          nextPageToken: encodeToken({
            runId: exec.runId,
            next: token?.next ?? exec.nextEventId,
          } satisfies HistoryPageToken),
          archived: false,
        };
      }
      await this.waitForChange(key, this.historyWaiters, remaining, signal);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Describe

  describeWorkflowExecution(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    const exec = this.find(ns, req.execution);
    const wft = exec.workflowTask;
    return {
      executionConfig: {
        taskQueue: { name: exec.taskQueue, kind: NORMAL },
        workflowExecutionTimeout: durFromMs(exec.executionTimeoutMs),
        workflowRunTimeout: durFromMs(exec.runTimeoutMs),
        defaultWorkflowTaskTimeout: durFromMs(exec.taskTimeoutMs),
      },
      workflowExecutionInfo: this.executionInfo(exec),
      pendingActivities: Object.values(exec.activities).map((a) => ({
        activityId: a.activityId,
        activityType: { name: a.activityType },
        state: a.cancelRequested
          ? 'PENDING_ACTIVITY_STATE_CANCEL_REQUESTED'
          : a.startedTime > 0
            ? 'PENDING_ACTIVITY_STATE_STARTED'
            : 'PENDING_ACTIVITY_STATE_SCHEDULED',
        heartbeatDetails: a.heartbeatDetails,
        lastHeartbeatTime: a.lastHeartbeatTime ? tsFromMs(a.lastHeartbeatTime) : null,
        lastStartedTime: a.startedTime ? tsFromMs(a.startedTime) : null,
        attempt: a.attempt,
        maximumAttempts: a.retryPolicy.maximumAttempts,
        scheduledTime: tsFromMs(a.scheduledTime),
        expirationTime: a.scheduleToCloseMs ? tsFromMs(a.firstScheduledTime + a.scheduleToCloseMs) : null,
        lastFailure: a.lastFailure,
        lastWorkerIdentity: a.startedIdentity,
        nextAttemptScheduleTime: a.retryAt ? tsFromMs(a.retryAt) : null,
      })),
      pendingChildren: Object.values(exec.children).map((c) => ({
        workflowId: c.workflowId,
        runId: c.runId,
        workflowTypeName: c.workflowType,
        initiatedId: c.initiatedEventId,
        parentClosePolicy: c.parentClosePolicy,
      })),
      pendingWorkflowTask: wft
        ? {
            state:
              wft.startedEventId > 0
                ? 'PENDING_WORKFLOW_TASK_STATE_STARTED'
                : 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
            scheduledTime: tsFromMs(wft.scheduledTime),
            originalScheduledTime: tsFromMs(wft.scheduledTime),
            startedTime: wft.startedTime ? tsFromMs(wft.startedTime) : null,
            attempt: wft.attempt,
          }
        : null,
    };
  }

  executionInfo(exec: ExecutionView): Req {
    return {
      execution: { workflowId: exec.workflowId, runId: exec.runId },
      type: { name: exec.workflowType },
      startTime: tsFromMs(exec.startTime),
      closeTime: exec.closeTime ? tsFromMs(exec.closeTime) : null,
      status: exec.status,
      historyLength: exec.nextEventId - 1,
      parentNamespaceId: exec.parent ? (this.namespaces.get(exec.parent.namespace)?.id ?? '') : '',
      parentExecution: exec.parent ? { workflowId: exec.parent.workflowId, runId: exec.parent.runId } : null,
      executionTime: tsFromMs(exec.executionTime),
      memo: exec.memo ?? { fields: {} },
      searchAttributes: exec.searchAttributes ?? { indexedFields: {} },
      taskQueue: exec.taskQueue,
      stateTransitionCount: exec.stateTransitionCount,
      historySizeBytes: exec.historySizeBytes,
      rootExecution: exec.root,
      firstRunId: exec.firstRunId,
      executionDuration: exec.closeTime ? durFromMs(exec.closeTime - exec.executionTime) : null,
    };
  }

  // ------------------------------------------------------------------------------------------------
  // Workers

  /**
   * Temporal's (legacy-mode) DescribeTaskQueue: the pollers seen on this queue and type within the poller
   * history TTL, with `taskQueueStatus`/`stats` when asked. A sticky queue is a queue of its own (describe it
   * by its name); its pollers do not count for the normal queue. A queue nobody polled answers no pollers.
   */
  describeTaskQueue(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    const name = requireString(req.taskQueue?.name, 'TaskQueue');
    if (req.apiMode === 'DESCRIBE_TASK_QUEUE_MODE_ENHANCED')
      throw new ServiceError(12, 'DescribeTaskQueue in enhanced mode (worker versioning) is not supported');
    const type: string = req.taskQueueType || 'TASK_QUEUE_TYPE_WORKFLOW';
    const queues =
      type === 'TASK_QUEUE_TYPE_WORKFLOW'
        ? this.workflowQueues
        : type === 'TASK_QUEUE_TYPE_ACTIVITY'
          ? this.activityQueues
          : null; // Nexus: no pollers here
    const key = queueKey(ns, name);
    const pollers = (queues?.pollers(key) ?? []).map((p) => ({
      identity: p.identity,
      lastAccessTime: tsFromMs(p.lastAccessTime),
      ratePerSecond: p.ratePerSecond,
      workerVersionCapabilities: null,
      deploymentOptions: null,
    }));
    const status = queues?.status(key) ?? { backlog: 0, oldestAddedAt: 0, added: 0, dispatched: 0 };
    return {
      pollers,
      taskQueueStatus: req.includeTaskQueueStatus
        ? {
            backlogCountHint: status.backlog,
            readLevel: status.added,
            ackLevel: status.dispatched,
            ratePerSecond: DEFAULT_TASK_DISPATCH_RPS,
            taskIdBlock: null,
          }
        : null,
      stats: req.reportStats
        ? {
            approximateBacklogCount: status.backlog,
            approximateBacklogAge: durFromMs(status.oldestAddedAt ? Date.now() - status.oldestAddedAt : 0),
            tasksAddRate: 0,
            tasksDispatchRate: 0,
          }
        : null,
    };
  }

  shutdownWorker(req: Req): Req {
    const ns = this.namespace(req.namespace).name;
    if (req.stickyTaskQueue) {
      const key = queueKey(ns, req.stickyTaskQueue);
      this.deadStickyQueues.add(key);
      // Tasks waiting on the dead sticky queue go to their normal queues right away.
      for (const task of this.workflowQueues.drain(key)) {
        if (task.kind !== 'wft') continue;
        const exec = this.executions.get(task.key);
        const wft = exec?.workflowTask;
        if (!exec || !wft || wft.seq !== task.seq || wft.startedEventId > 0) continue;
        this.mutate(exec, () => this.stickyTimedOut(exec, wft.seq));
      }
      this.workflowQueues.forget(key);
    }
    return {};
  }

  /** For failed preconditions surfaced from the server layer. */
  static failedPrecondition = failedPrecondition;
}

interface CommandContext {
  completedEventId: number;
  needsNewTask: boolean;
  /** Side effects on other executions, run once this task's events are written. */
  after: Array<() => void>;
  messagesById: Map<string, Req>;
  handledMessages: Set<string>;
  identity: string;
  /** Activities scheduled by this task for eager execution (scheduled event ids). */
  eagerActivities: number[];
}

/** Upserts map fields (search attributes' indexedFields, memo fields). */
function mergeIndexed(current: Req | null, upsert: Req | null | undefined, field: string): Req | null {
  if (!upsert?.[field]) return current;
  const merged = { ...(current?.[field] ?? {}) };
  for (const [k, v] of Object.entries(upsert[field] as Record<string, Req>)) {
    const data: Buffer | undefined = v?.data;
    // An empty list or null payload removes the attribute.
    if (!data || data.length === 0 || data.toString() === '[]' || data.toString() === 'null')
      delete merged[k];
    else merged[k] = v;
  }
  return { [field]: merged };
}
