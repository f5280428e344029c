// Workflow retries (Temporal's workflow/retry.go): a failed or timed-out run that its retry policy allows is
// followed by a new run of the same chain, which startNextRun also starts for continue-as-new.
import { randomUUID } from 'node:crypto';
import { durFromMs, msFromDur, newRunId, num, tsFromMs } from '../../util';
import { NORMAL, Req } from '../common';
import { ExecutionRecord, Failure, Payloads } from '../state';
import { closeWorkflow } from './close';
import { HistoryContext, notifyChange } from './context';
import { appendEvent } from './history-builder';
import { newExecution, startRun } from './start';

/**
 * The delay before the next attempt of a failed or timed-out run under its retry policy, or the retry state
 * that explains why there is none.
 */
export function workflowRetry(
  shard: HistoryContext,
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
  if (exec.executionExpiration > 0 && shard.clock.now() + delayMs >= exec.executionExpiration) {
    return { retryState: 'RETRY_STATE_TIMEOUT' };
  }
  return { delayMs };
}

/** Closes a run as failed or timed out, starting the next attempt when its retry policy allows. */
export function failOrRetry(
  shard: HistoryContext,
  exec: ExecutionRecord,
  eventType: string,
  attributes: Req,
  failure: Failure | null,
): void {
  const retry = workflowRetry(shard, exec, failure);
  if ('retryState' in retry) {
    closeWorkflow(shard, exec, eventType, {
      ...attributes,
      retryState: retry.retryState,
      newExecutionRunId: '',
    });
    return;
  }
  const runId = newRunId();
  closeWorkflow(shard, exec, eventType, {
    ...attributes,
    retryState: 'RETRY_STATE_IN_PROGRESS',
    newExecutionRunId: runId,
  });
  startNextRun(shard, exec, {
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
export function startNextRun(
  shard: HistoryContext,
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
  const now = shard.clock.now();
  let runTimeoutMs = n.runTimeoutMs;
  if (exec.executionExpiration > 0) {
    const remaining = Math.max(1, exec.executionExpiration - now);
    runTimeoutMs = runTimeoutMs ? Math.min(runTimeoutMs, remaining) : remaining;
  }
  const next = newExecution(shard, {
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
  appendEvent(shard, next, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', {
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
  startRun(shard, next);
  notifyChange(shard, next);
}
