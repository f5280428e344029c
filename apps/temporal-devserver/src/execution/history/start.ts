// Starting executions (Temporal's api/startworkflow and api/signalwithstartworkflow): id reuse and conflict
// policies, the new run's record, its timers and first workflow task.
import { randomUUID } from 'node:crypto';
import { ServiceError, alreadyExists } from '../../errors';
import { durFromMs, newRunId, tsFromMs } from '../../util';
import { NORMAL, Req, WFT_DEFAULT_TIMEOUT_MS, WFT_MAX_TIMEOUT_MS, execKey, idKey } from '../common';
import { lookupNamespace, typedSearchAttributes } from '../frontend/namespaces';
import { duration, requireString } from '../frontend/validation';
import { ExecutionRecord, ParentRef, RUNNING } from '../state';
import { HistoryContext, keyOf, mutate } from './context';
import { appendEvent } from './history-builder';
import { addSignal, terminateExecution } from './signals';
import { armDurableTimers } from './timers';
import { scheduleWorkflowTask } from './workflow-task';

export function startWorkflowExecution(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
  const result = startExecution(shard, ns, req, null, null);
  return { runId: result.exec.runId, started: result.started };
}

export function signalWithStartWorkflowExecution(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
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
  const runId = shard.currentRuns.get(idKey(ns, workflowId));
  const current = runId ? shard.executions.get(execKey(ns, workflowId, runId)) : undefined;
  if (
    current &&
    current.status === RUNNING &&
    conflict !== 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING'
  ) {
    if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_FAIL') throwAlreadyStarted(shard, current);
    mutate(shard, current, () => addSignal(shard, current, signal));
    return { runId: current.runId, started: false };
  }
  const result = startExecution(shard, ns, { ...req, workflowIdConflictPolicy: conflict }, null, signal);
  return { runId: result.exec.runId, started: result.started };
}

export function throwAlreadyStarted(shard: HistoryContext, exec: ExecutionRecord, message?: string): never {
  throw alreadyExists(
    message ?? `Workflow execution is already running. WorkflowId: ${exec.workflowId}, RunId: ${exec.runId}.`,
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
export function startExecution(
  shard: HistoryContext,
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
  const searchAttributes = typedSearchAttributes(shard, req.searchAttributes, true);

  const currentRunId = shard.currentRuns.get(idKey(ns, workflowId));
  const current = currentRunId ? shard.executions.get(execKey(ns, workflowId, currentRunId)) : undefined;
  if (current) {
    const reuse: string = req.workflowIdReusePolicy || 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE';
    if (current.status === RUNNING) {
      if (current.startRequestId === requestId) return { exec: current, started: true };
      let conflict: string = req.workflowIdConflictPolicy || 'WORKFLOW_ID_CONFLICT_POLICY_FAIL';
      if (reuse === 'WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING')
        conflict = 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING';
      if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING') return { exec: current, started: false };
      if (conflict === 'WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING') {
        mutate(shard, current, () =>
          terminateExecution(
            shard,
            current,
            'terminated by WorkflowIdConflictPolicy TERMINATE_EXISTING',
            null,
            req.identity ?? '',
          ),
        );
      } else {
        throwAlreadyStarted(shard, current);
      }
    } else if (reuse === 'WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE') {
      throwAlreadyStarted(
        shard,
        current,
        `Workflow execution already finished and Workflow ID reuse policy does not allow duplicates. WorkflowId: ${workflowId}, RunId: ${current.runId}.`,
      );
    } else if (
      reuse === 'WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY' &&
      current.status === 'WORKFLOW_EXECUTION_STATUS_COMPLETED'
    ) {
      throwAlreadyStarted(
        shard,
        current,
        `Workflow execution already finished successfully. WorkflowId: ${workflowId}, RunId: ${current.runId}. Workflow ID reuse policy: allow duplicate workflows only if previously failed.`,
      );
    }
  }

  const now = shard.clock.now();
  const runId = newRunId();
  const exec = newExecution(shard, {
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
  appendEvent(
    shard,
    exec,
    'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
    {
      workflowType: { name: workflowType },
      parentWorkflowNamespace: parent?.namespace ?? '',
      parentWorkflowNamespaceId: parent ? (shard.namespaces.get(parent.namespace)?.id ?? '') : '',
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
  if (signal) addSignal(shard, exec, signal);
  startRun(shard, exec);
  return { exec, started: true };
}

export function newExecution(
  shard: HistoryContext,
  p: {
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
  },
): ExecutionRecord {
  const now = shard.clock.now();
  let root: ExecutionRecord['root'] = { workflowId: p.workflowId, runId: p.runId };
  if (p.parent) {
    const parentExec = shard.executions.get(execKey(p.parent.namespace, p.parent.workflowId, p.parent.runId));
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
  shard.executions.set(keyOf(exec), exec);
  shard.currentRuns.set(idKey(p.ns, p.workflowId), p.runId);
  return exec;
}

/** Arms the run's timeouts and schedules its first workflow task (after any start delay). */
export function startRun(shard: HistoryContext, exec: ExecutionRecord): void {
  armDurableTimers(shard, exec);
  if (exec.firstWorkflowTaskAt <= shard.clock.now()) scheduleWorkflowTask(shard, exec);
}
