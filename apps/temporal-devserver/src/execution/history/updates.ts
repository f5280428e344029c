// Workflow updates (Temporal's workflow/update/registry.go and api/updateworkflow): the update's stages, waiting
// for a stage, and the protocol messages a workflow task answers with.
import { invalidArgument, notFound } from '../../errors';
import { unpackAny } from '../../proto';
import { Req } from '../common';
import { lookupNamespace } from '../frontend/namespaces';
import { requireString } from '../frontend/validation';
import { ExecutionRecord, RUNNING, UpdateRecord } from '../state';
import { HistoryContext, findExecution, keyOf, mutate, waitForChange } from './context';
import { appendEvent } from './history-builder';
import { scheduleWorkflowTask } from './workflow-task';

export function handleMessage(
  shard: HistoryContext,
  exec: ExecutionRecord,
  message: Req,
  completedEventId: number,
): void {
  const unpacked = unpackAny<Req>(message.body);
  if (!unpacked) return;
  const updateId: string = message.protocolInstanceId;
  const update = exec.updates[updateId];
  if (!update) return;
  switch (unpacked.typeName) {
    case 'temporal.api.update.v1.Acceptance': {
      const accepted = appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED', {
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
      notifyUpdates(shard, exec);
      delete exec.updates[updateId];
      break;
    case 'temporal.api.update.v1.Response':
      appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED', {
        meta: unpacked.value.meta,
        acceptedEventId: update.acceptedEventId,
        outcome: unpacked.value.outcome,
      });
      update.state = 'completed';
      update.outcome = unpacked.value.outcome;
      break;
  }
  void completedEventId;
  notifyUpdates(shard, exec);
}

export function notifyUpdates(shard: HistoryContext, exec: ExecutionRecord): void {
  const key = keyOf(exec);
  const waiters = shard.updateWaiters.get(key);
  if (waiters) {
    shard.updateWaiters.delete(key);
    for (const w of waiters) w();
  }
}

const STAGE_RANK: Record<string, number> = {
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED: 0,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: 1,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED: 2,
  UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED: 3,
};

export function stageOf(shard: HistoryContext, update: UpdateRecord): string {
  if (update.state === 'completed') return 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED';
  if (update.state === 'accepted') return 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED';
  return 'UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED';
}

export async function updateWorkflowExecution(
  shard: HistoryContext,
  req: Req,
  signal: AbortSignal,
): Promise<Req> {
  const ns = lookupNamespace(shard, req.namespace).name;
  const exec = findExecution(shard, ns, req.workflowExecution);
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
    mutate(shard, exec, () => {
      if (!exec.workflowTask) scheduleWorkflowTask(shard, exec, true);
    });
  }
  const wanted = Math.max(STAGE_RANK[req.waitPolicy?.lifecycleStage] ?? 2, 2);
  return waitForUpdate(shard, exec, update, wanted, signal);
}

export async function waitForUpdate(
  shard: HistoryContext,
  exec: ExecutionRecord,
  update: UpdateRecord,
  wanted: number,
  signal: AbortSignal,
): Promise<Req> {
  const key = keyOf(exec);
  const deadline = Date.now() + shard.waitTimeoutMs;
  for (;;) {
    const stage = stageOf(shard, update);
    if (STAGE_RANK[stage] >= wanted || update.state === 'completed') {
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
    await waitForChange(shard, key, shard.updateWaiters, remaining, signal);
  }
}

export async function pollWorkflowExecutionUpdate(
  shard: HistoryContext,
  req: Req,
  signal: AbortSignal,
): Promise<Req> {
  const ns = lookupNamespace(shard, req.namespace).name;
  const ref = req.updateRef;
  if (!ref) throw invalidArgument('UpdateRef is not set on request.');
  const exec = findExecution(shard, ns, ref.workflowExecution);
  const updateId = requireString(ref.updateId, 'UpdateId');
  const update = exec.updates[updateId];
  if (!update) throw notFound(`update ${updateId} not found`);
  const wanted = STAGE_RANK[req.waitPolicy?.lifecycleStage] || 3;
  const result = await waitForUpdate(shard, exec, update, wanted, signal);
  return { outcome: result.outcome, stage: result.stage, updateRef: result.updateRef };
}
