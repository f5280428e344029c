// The execution state: plain, serialisable records. Everything a persistent store would need to save lives
// here; the clock's timer heap and the task queues are derived from these records (see history/restore.ts).

/** A history event in the proto-loader object shape (int64 as number or string, enums as strings). */
export type HistoryEvent = Record<string, any> & { eventId: number; eventType: string; eventTime: object };

export type Payloads = { payloads: Array<Record<string, any>> } | null;
export type Failure = Record<string, any>;

export type ExecutionStatus =
  | 'WORKFLOW_EXECUTION_STATUS_RUNNING'
  | 'WORKFLOW_EXECUTION_STATUS_COMPLETED'
  | 'WORKFLOW_EXECUTION_STATUS_FAILED'
  | 'WORKFLOW_EXECUTION_STATUS_CANCELED'
  | 'WORKFLOW_EXECUTION_STATUS_TERMINATED'
  | 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW'
  | 'WORKFLOW_EXECUTION_STATUS_TIMED_OUT';

export interface TaskQueueRef {
  name: string;
  kind: 'TASK_QUEUE_KIND_NORMAL' | 'TASK_QUEUE_KIND_STICKY';
  normalName?: string;
}

export interface NamespaceRecord {
  name: string;
  id: string;
  description: string;
  ownerEmail: string;
  retentionMs: number;
  data: Record<string, string>;
  registeredAt: number;
}

export interface WorkflowTaskRecord {
  /** Per-execution sequence number; identifies the task before it has event ids. */
  seq: number;
  attempt: number;
  /** Transient (retry attempt > 1) and speculative (update-only) tasks are written to history only on completion. */
  persisted: boolean;
  speculative: boolean;
  scheduledEventId: number;
  startedEventId: number;
  scheduledTime: number;
  startedTime: number;
  queue: TaskQueueRef;
  timeoutMs: number;
  /** For tasks not yet persisted: their Scheduled/Started events, created at start. */
  pendingEvents: HistoryEvent[];
  identity: string;
}

export interface ActivityRecord {
  activityId: string;
  activityType: string;
  scheduledEventId: number;
  taskQueue: string;
  input: Payloads;
  header: Record<string, any> | null;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  startToCloseMs: number;
  heartbeatMs: number;
  retryPolicy: RetryPolicyRecord;
  attempt: number;
  /** First scheduling (for schedule-to-close) and this attempt's scheduling. */
  firstScheduledTime: number;
  scheduledTime: number;
  /** 0 while waiting in the queue or for a retry. */
  startedTime: number;
  startedIdentity: string;
  startedRequestId: string;
  lastHeartbeatTime: number;
  heartbeatDetails: Payloads;
  lastFailure: Failure | null;
  cancelRequested: boolean;
  /** A retry waits for its backoff before going back to the queue. */
  retryAt: number;
  priority: Record<string, any> | null;
}

export interface RetryPolicyRecord {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

export interface TimerRecord {
  timerId: string;
  startedEventId: number;
  fireAt: number;
}

export interface ChildRecord {
  initiatedEventId: number;
  startedEventId: number;
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  parentClosePolicy: string;
}

export interface ExternalRequestRecord {
  initiatedEventId: number;
  kind: 'signal' | 'cancel';
  namespace: string;
  workflowId: string;
  runId: string;
  childWorkflowOnly: boolean;
  signalName: string;
  input: Payloads;
  header: Record<string, any> | null;
  control: string;
}

export interface UpdateRecord {
  updateId: string;
  request: Record<string, any>;
  state: 'admitted' | 'sent' | 'accepted' | 'completed';
  acceptedEventId: number;
  outcome: Record<string, any> | null;
}

export interface ParentRef {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

export interface ExecutionRecord {
  namespace: string;
  workflowId: string;
  runId: string;
  firstRunId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatus;
  startTime: number;
  executionTime: number;
  closeTime: number;
  runTimeoutMs: number;
  executionTimeoutMs: number;
  taskTimeoutMs: number;
  /** Absolute deadline of the whole chain of runs (0: none). */
  executionExpiration: number;
  startRequestId: string;
  memo: Record<string, any> | null;
  searchAttributes: Record<string, any> | null;
  parent: ParentRef | null;
  /** Root of the parent chain. */
  root: { workflowId: string; runId: string } | null;
  history: HistoryEvent[];
  nextEventId: number;
  /** Events that arrived while a workflow task was running; written after it completes. */
  buffered: HistoryEvent[];
  workflowTask: WorkflowTaskRecord | null;
  workflowTaskSeq: number;
  /** Started event id of the last completed workflow task. */
  lastCompletedStartedEventId: number;
  /** A failed/timed-out task's attempt carries over to the next one (transient tasks). */
  nextWorkflowTaskAttempt: number;
  sticky: { queue: TaskQueueRef; scheduleToStartMs: number } | null;
  /** When the first workflow task may run (start delay). */
  firstWorkflowTaskAt: number;
  activities: Record<string, ActivityRecord>;
  timers: Record<string, TimerRecord>;
  children: Record<string, ChildRecord>;
  externalRequests: Record<string, ExternalRequestRecord>;
  updates: Record<string, UpdateRecord>;
  signalRequestIds: string[];
  cancelRequested: boolean;
  /** The close event id once closed; the run that continued this one. */
  closeEventId: number;
  newRunId: string;
  stateTransitionCount: number;
  historySizeBytes: number;
  /** The run's retry policy (proto shape) and attempt; input and header are reused by a retry. */
  retryPolicy: Record<string, any> | null;
  attempt: number;
  input: Payloads;
  header: Record<string, any> | null;
}

export const RUNNING: ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_RUNNING';
