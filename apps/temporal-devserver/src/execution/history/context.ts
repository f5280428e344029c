// The history context (Temporal's shard context): the records, current runs, task queues, timers and waiters,
// and the lookups and change notification every layer goes through.
import { Clock, TimerHandle } from '../../clock';
import { ServiceError, invalidArgument, notFound } from '../../errors';
import { TaskQueues } from '../../matching';
import {
  ActivityQueueTask,
  DEFAULT_CUSTOM_SEARCH_ATTRIBUTES,
  EngineOptions,
  ExecutionView,
  PendingQuery,
  Req,
  TouchingMap,
  WorkflowQueueTask,
  execKey,
  idKey,
} from '../common';
import { requireString } from '../frontend/validation';
import { ExecutionRecord } from '../state';
import { NamespaceRecord } from '../state';

/**
 * The history service's state for every execution this server holds (Temporal's shard context): the
 * records, the current run of each workflow id, the task queues they feed, the clock's timers derived from
 * them, and who waits on what. Every layer works on it through plain functions that take it first.
 */
export class HistoryContext {
  readonly clock: Clock;
  readonly namespaces = new Map<string, NamespaceRecord>();
  readonly executions: Map<string, ExecutionRecord>;
  /** workflow id -> latest run id. */
  readonly currentRuns = new Map<string, string>();
  readonly workflowQueues: TaskQueues<WorkflowQueueTask>;
  readonly activityQueues: TaskQueues<ActivityQueueTask>;
  readonly timers = new Map<string, TimerHandle>();
  readonly timersByExec = new Map<string, Set<string>>();
  readonly historyWaiters = new Map<string, Set<() => void>>();
  readonly updateWaiters = new Map<string, Set<() => void>>();
  readonly queries = new Map<string, PendingQuery>();
  readonly queriesByExec = new Map<string, Set<string>>();
  /** Workflow and activity tasks queued or running: time skipping waits while any exist. */
  readonly busy = new Set<string>();
  readonly deadStickyQueues = new Set<string>();
  readonly waitTimeoutMs: number;
  readonly pageSize: number;
  closed = false;
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
  }
}

export function shutdown(shard: HistoryContext): void {
  shard.closed = true;
  shard.workflowQueues.close();
  shard.activityQueues.close();
  for (const t of shard.timers.values()) t.cancel();
  for (const set of [...shard.historyWaiters.values(), ...shard.updateWaiters.values()])
    for (const w of set) w();
  for (const q of shard.queries.values()) q.reject(new ServiceError(14, 'server is shutting down'));
  shard.clock.stop();
}

/** An execution by id and optional run id (empty: the latest run). */
export function findExecution(
  shard: HistoryContext,
  ns: string,
  execution: Req | null | undefined,
): ExecutionRecord {
  if (!execution) throw invalidArgument('Execution is not set on request.');
  const workflowId = requireString(execution.workflowId, 'WorkflowId');
  const runId: string = execution.runId || shard.currentRuns.get(idKey(ns, workflowId)) || '';
  const exec = runId ? shard.executions.get(execKey(ns, workflowId, runId)) : undefined;
  if (!exec) {
    if (execution.runId && !/^[0-9a-f-]{36}$/i.test(execution.runId)) throw invalidArgument('Invalid RunId.');
    throw notFound(`workflow not found for ID: ${workflowId}`);
  }
  return exec;
}

/** The key of an execution in the executions map. */
export function keyOf(exec: ExecutionRecord): string {
  return execKey(exec.namespace, exec.workflowId, exec.runId);
}

export function allExecutions(shard: HistoryContext): IterableIterator<ExecutionView> {
  return shard.executions.values();
}

/** Runs a state change and then wakes whoever waits on this execution. */
export function mutate<T>(shard: HistoryContext, exec: ExecutionRecord, change: () => T): T {
  try {
    return change();
  } finally {
    notifyChange(shard, exec);
  }
}

export function notifyChange(shard: HistoryContext, exec: ExecutionRecord): void {
  const waiters = shard.historyWaiters.get(keyOf(exec));
  if (waiters) {
    shard.historyWaiters.delete(keyOf(exec));
    for (const w of waiters) w();
  }
  shard.clock.requestSkipCheck();
}

export function waitForChange(
  shard: HistoryContext,
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

/** The latest run of the chain that `firstRunId` began, if it is still the workflow id's current chain. */
export function chainOf(
  shard: HistoryContext,
  ns: string,
  workflowId: string,
  firstRunId: string,
): ExecutionView | undefined {
  const runId = shard.currentRuns.get(idKey(ns, workflowId));
  const exec = runId ? Map.prototype.get.call(shard.executions, execKey(ns, workflowId, runId)) : undefined;
  return exec && (exec as ExecutionRecord).firstRunId === firstRunId ? (exec as ExecutionRecord) : undefined;
}

export function currentRunOf(
  shard: HistoryContext,
  ns: string,
  workflowId: string,
): ExecutionRecord | undefined {
  const runId = shard.currentRuns.get(idKey(ns, workflowId));
  return runId ? shard.executions.get(execKey(ns, workflowId, runId)) : undefined;
}
