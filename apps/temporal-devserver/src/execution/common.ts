// What the engine's layers share: its options, the restored state, the queue task and pending query shapes,
// constants and keys.
import { Clock } from '../clock';
import { ExecutionRecord, ExecutionStatus, NamespaceRecord, TaskQueueRef } from './state';

export type Req = Record<string, any>;

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
export class TouchingMap extends Map<string, ExecutionRecord> {
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

export const SHORT_TYPE: Record<string, string> = {
  INDEXED_VALUE_TYPE_TEXT: 'Text',
  INDEXED_VALUE_TYPE_KEYWORD: 'Keyword',
  INDEXED_VALUE_TYPE_INT: 'Int',
  INDEXED_VALUE_TYPE_DOUBLE: 'Double',
  INDEXED_VALUE_TYPE_BOOL: 'Bool',
  INDEXED_VALUE_TYPE_DATETIME: 'Datetime',
  INDEXED_VALUE_TYPE_KEYWORD_LIST: 'KeywordList',
};

export type WorkflowQueueTask =
  { kind: 'wft'; key: string; seq: number } | { kind: 'query'; queryId: string };

export interface ActivityQueueTask {
  key: string;
  scheduledEventId: number;
  attempt: number;
}

export interface PendingQuery {
  id: string;
  key: string;
  query: Req;
  /** held: waits for the running workflow task; attached: rides on the next one; inTask: sent with task seq. */
  state: 'held' | 'attached' | 'inTask' | 'legacy';
  taskSeq: number;
  resolve(result: Req): void;
  reject(err: Error): void;
}

export const WFT_DEFAULT_TIMEOUT_MS = 10_000;

export const WFT_MAX_TIMEOUT_MS = 120_000;

export const STICKY_POLLER_WINDOW_MS = 10_000;

export const NORMAL: TaskQueueRef['kind'] = 'TASK_QUEUE_KIND_NORMAL';

export const STICKY: TaskQueueRef['kind'] = 'TASK_QUEUE_KIND_STICKY';

export const STATUS_FOR_CLOSE_EVENT: Record<string, ExecutionStatus> = {
  EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: 'WORKFLOW_EXECUTION_STATUS_COMPLETED',
  EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: 'WORKFLOW_EXECUTION_STATUS_FAILED',
  EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT: 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT',
  EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED: 'WORKFLOW_EXECUTION_STATUS_CANCELED',
  EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: 'WORKFLOW_EXECUTION_STATUS_TERMINATED',
  EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW',
};

export const execKey = (ns: string, workflowId: string, runId: string): string =>
  `${ns}\u0000${workflowId}\u0000${runId}`;

export const idKey = (ns: string, workflowId: string): string => `${ns}\u0000${workflowId}`;

export const queueKey = (ns: string, name: string): string => `${ns}\u0000${name}`;

/** A snapshot handed to visibility. */
export type ExecutionView = Readonly<ExecutionRecord>;

export interface CommandContext {
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
export function mergeIndexed(current: Req | null, upsert: Req | null | undefined, field: string): Req | null {
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
