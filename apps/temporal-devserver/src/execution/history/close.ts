// Closing a run (Temporal's close and transfer tasks): run and execution timeouts, the close event, the parent's
// notification and its parent close policy, continue-as-new.
import { durFromMs, msFromDur, newRunId } from '../../util';
import { NORMAL, Req, STATUS_FOR_CLOSE_EVENT, execKey } from '../common';
import { typedSearchAttributes } from '../frontend/namespaces';
import { ExecutionRecord, HistoryEvent, RUNNING } from '../state';
import { HistoryContext, currentRunOf, keyOf, mutate } from './context';
import { appendEvent, flushBuffered } from './history-builder';
import { dispatchLegacyQuery, execQueries } from './queries';
import { failOrRetry, startNextRun } from './retry';
import { forceCloseWorkflowTask, requestCancel, terminateExecution } from './signals';
import { cancelAllTimers } from './timers';
import { notifyUpdates } from './updates';
import { scheduleWorkflowTask } from './workflow-task';

export function timeOutWorkflow(shard: HistoryContext, exec: ExecutionRecord, runTimeout: boolean): void {
  if (exec.status !== RUNNING) return;
  forceCloseWorkflowTask(shard, exec);
  if (runTimeout && exec.executionExpiration !== shard.clock.now()) {
    failOrRetry(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT', {}, null);
  } else {
    closeWorkflow(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT', {
      retryState: 'RETRY_STATE_TIMEOUT',
      newExecutionRunId: '',
    });
  }
}

export function closeWorkflow(
  shard: HistoryContext,
  exec: ExecutionRecord,
  eventType: string,
  attributes: Req,
): HistoryEvent {
  const wft = exec.workflowTask;
  if (wft) {
    shard.busy.delete(`w${keyOf(exec)}`);
    exec.workflowTask = null;
  }
  flushBuffered(shard, exec);
  const event = appendEvent(shard, exec, eventType, attributes);
  exec.status = STATUS_FOR_CLOSE_EVENT[eventType];
  exec.closeTime = shard.clock.now();
  exec.closeEventId = event.eventId;
  if (attributes.newExecutionRunId) exec.newRunId = attributes.newExecutionRunId;
  cancelAllTimers(shard, exec);
  const key = keyOf(exec);
  for (const a of Object.values(exec.activities)) shard.busy.delete(`a${key}\u0000${a.scheduledEventId}`);
  exec.activities = {};
  exec.timers = {};
  // Updates that were not completed can no longer be.
  notifyUpdates(shard, exec);
  for (const q of execQueries(shard, key)) if (q.state !== 'legacy') dispatchLegacyQuery(shard, exec, q);

  // A run followed by another (continue-as-new, retry) is not the end of the chain the parent waits for.
  if (!exec.newRunId) {
    reportToParent(shard, exec, eventType, attributes);
    applyParentClosePolicy(shard, exec);
    const listener = shard.onChainClosed;
    if (listener) queueMicrotask(() => listener(exec));
  }
  return event;
}

export function reportToParent(
  shard: HistoryContext,
  child: ExecutionRecord,
  eventType: string,
  a: Req,
): void {
  const p = child.parent;
  if (!p) return;
  const parent = shard.executions.get(execKey(p.namespace, p.workflowId, p.runId));
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
  mutate(shard, parent, () => {
    switch (eventType) {
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED':
        appendEvent(shard, parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED', {
          ...common,
          result: a.result,
        });
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED':
        appendEvent(shard, parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED', {
          ...common,
          failure: a.failure,
          retryState: a.retryState,
        });
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED':
        appendEvent(shard, parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED', {
          ...common,
          details: a.details,
        });
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT':
        appendEvent(shard, parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT', {
          ...common,
          retryState: a.retryState,
        });
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED':
        appendEvent(shard, parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED', common);
        break;
    }
    scheduleWorkflowTask(shard, parent);
  });
}

export function applyParentClosePolicy(shard: HistoryContext, parent: ExecutionRecord): void {
  for (const child of Object.values(parent.children)) {
    if (!child.runId) continue;
    const target = currentRunOf(shard, child.namespace, child.workflowId);
    if (
      !target ||
      target.status !== RUNNING ||
      target.firstRunId !==
        shard.executions.get(execKey(child.namespace, child.workflowId, child.runId))?.firstRunId
    ) {
      continue;
    }
    if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_ABANDON') continue;
    mutate(shard, target, () => {
      if (child.parentClosePolicy === 'PARENT_CLOSE_POLICY_REQUEST_CANCEL') {
        requestCancel(shard, target, '', 'by parent close policy', '', null);
      } else {
        terminateExecution(shard, target, 'by parent close policy', null, '');
      }
    });
  }
  parent.children = {};
}

export function continueAsNew(
  shard: HistoryContext,
  exec: ExecutionRecord,
  a: Req,
  completedId: number,
): void {
  const runId = newRunId();
  const taskQueue = a.taskQueue?.name || exec.taskQueue;
  const workflowType = a.workflowType?.name || exec.workflowType;
  const runTimeoutMs = msFromDur(a.workflowRunTimeout) || (exec.executionTimeoutMs ? 0 : exec.runTimeoutMs);
  const taskTimeoutMs = msFromDur(a.workflowTaskTimeout) || exec.taskTimeoutMs;
  const initiator = a.initiator || 'CONTINUE_AS_NEW_INITIATOR_WORKFLOW';
  closeWorkflow(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', {
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
  startNextRun(shard, exec, {
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
    searchAttributes: typedSearchAttributes(shard, a.searchAttributes, false) ?? exec.searchAttributes,
    retryPolicy: a.retryPolicy ?? exec.retryPolicy,
    attempt: 1,
  });
}
