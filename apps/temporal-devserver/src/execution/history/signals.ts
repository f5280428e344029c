// Signals, cancellation requests and termination (Temporal's api/signalworkflow, requestcancelworkflow,
// terminateworkflow).
import { notFound } from '../../errors';
import { Req } from '../common';
import { lookupNamespace } from '../frontend/namespaces';
import { requireString } from '../frontend/validation';
import { ExecutionRecord, Payloads, RUNNING } from '../state';
import { closeWorkflow } from './close';
import { HistoryContext, findExecution, mutate } from './context';
import { appendEvent } from './history-builder';
import { endWorkflowTaskUnsuccessfully, scheduleWorkflowTask } from './workflow-task';

export function signalWorkflowExecution(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
  requireString(req.signalName, 'SignalName');
  const exec = findExecution(shard, ns, req.workflowExecution);
  if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
  mutate(shard, exec, () => addSignal(shard, exec, req));
  return {};
}

export function addSignal(
  shard: HistoryContext,
  exec: ExecutionRecord,
  req: Req,
  external?: { initiatedEventId: number; execution: Req },
): void {
  if (req.requestId) {
    if (exec.signalRequestIds.includes(req.requestId)) return;
    exec.signalRequestIds.push(req.requestId);
  }
  appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED', {
    signalName: req.signalName,
    input: req.input ?? null,
    identity: req.identity ?? '',
    header: req.header ?? null,
    externalInitiatedEventId: external?.initiatedEventId ?? 0,
    externalWorkflowExecution: external?.execution ?? null,
  });
  scheduleWorkflowTask(shard, exec);
}

export function requestCancelWorkflowExecution(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
  const exec = findExecution(shard, ns, req.workflowExecution);
  if (req.firstExecutionRunId && exec.firstRunId !== req.firstExecutionRunId)
    throw notFound('workflow execution not found');
  if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
  mutate(shard, exec, () =>
    requestCancel(shard, exec, req.identity ?? '', req.reason ?? '', req.requestId ?? '', null),
  );
  return {};
}

export function requestCancel(
  shard: HistoryContext,
  exec: ExecutionRecord,
  identity: string,
  cause: string,
  requestId: string,
  external: { initiatedEventId: number; execution: Req } | null,
): void {
  if (exec.cancelRequested) return;
  exec.cancelRequested = true;
  appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED', {
    cause,
    externalInitiatedEventId: external?.initiatedEventId ?? 0,
    externalWorkflowExecution: external?.execution ?? null,
    identity,
  });
  void requestId;
  scheduleWorkflowTask(shard, exec);
}

export function terminateWorkflowExecution(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
  const exec = findExecution(shard, ns, req.workflowExecution);
  if (req.firstExecutionRunId && exec.firstRunId !== req.firstExecutionRunId)
    throw notFound('workflow execution not found');
  if (exec.status !== RUNNING) throw notFound('workflow execution already completed');
  mutate(shard, exec, () =>
    terminateExecution(shard, exec, req.reason ?? '', req.details ?? null, req.identity ?? ''),
  );
  return {};
}

export function terminateExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  reason: string,
  details: Payloads,
  identity: string,
): void {
  forceCloseWorkflowTask(shard, exec);
  closeWorkflow(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', { reason, details, identity });
}

/** A running workflow task is failed before the run is closed from outside (terminate, timeout). */
export function forceCloseWorkflowTask(shard: HistoryContext, exec: ExecutionRecord): void {
  const wft = exec.workflowTask;
  if (wft && wft.startedEventId > 0) {
    endWorkflowTaskUnsuccessfully(
      shard,
      exec,
      wft,
      'EVENT_TYPE_WORKFLOW_TASK_FAILED',
      { cause: 'WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND', failure: null, identity: '' },
      false,
    );
  }
}
