// Child workflows and requests to other executions (Temporal's transfer queue: start child, signal and cancel
// external), and their answers recorded in the initiator's history.
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../errors';
import { CommandContext, NORMAL, Req, execKey } from '../common';
import { lookupNamespace } from '../frontend/namespaces';
import { ExecutionRecord, ExternalRequestRecord, RUNNING } from '../state';
import { HistoryContext, currentRunOf, mutate, notifyChange } from './context';
import { appendEvent } from './history-builder';
import { addSignal, requestCancel } from './signals';
import { startExecution } from './start';
import { scheduleWorkflowTask } from './workflow-task';

export function initiateChild(
  shard: HistoryContext,
  exec: ExecutionRecord,
  a: Req,
  completedId: number,
  meta: Req | null,
  ctx: CommandContext,
): void {
  const ns = a.namespace || exec.namespace;
  const initiated = appendEvent(
    shard,
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
  ctx.after.push(() => startChild(shard, exec, a, record.initiatedEventId, completedId));
}

export function startChild(
  shard: HistoryContext,
  parent: ExecutionRecord,
  a: Req,
  initiatedEventId: number,
  completedId: number,
): void {
  if (parent.status !== RUNNING) return;
  const record = parent.children[String(initiatedEventId)];
  if (!record) return;
  const ns = record.namespace;
  try {
    lookupNamespace(shard, ns);
    const { exec: child } = startExecution(
      shard,
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
    const started = appendEvent(shard, parent, 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED', {
      namespace: ns,
      initiatedEventId,
      workflowExecution: { workflowId: child.workflowId, runId: child.runId },
      workflowType: { name: child.workflowType },
      header: a.header ?? null,
    });
    if (started.eventId > 0) record.startedEventId = started.eventId;
    notifyChange(shard, child);
  } catch (err) {
    if (!(err instanceof ServiceError)) throw err;
    delete parent.children[String(initiatedEventId)];
    appendEvent(shard, parent, 'EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED', {
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
  scheduleWorkflowTask(shard, parent);
}

export function deliverExternal(
  shard: HistoryContext,
  source: ExecutionRecord,
  request: ExternalRequestRecord,
): void {
  if (source.status !== RUNNING || !source.externalRequests[String(request.initiatedEventId)]) return;
  delete source.externalRequests[String(request.initiatedEventId)];
  const target = request.runId
    ? shard.executions.get(execKey(request.namespace, request.workflowId, request.runId))
    : currentRunOf(shard, request.namespace, request.workflowId);
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
    mutate(shard, target, () => {
      if (request.kind === 'signal') {
        addSignal(
          shard,
          target,
          { signalName: request.signalName, input: request.input, header: request.header, identity: '' },
          sourceRef,
        );
      } else {
        requestCancel(shard, target, '', '', '', sourceRef);
      }
    });
  }
  if (request.kind === 'signal') {
    if (ok) {
      appendEvent(shard, source, 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED', {
        initiatedEventId: request.initiatedEventId,
        namespace: request.namespace,
        workflowExecution: execution,
        control: request.control,
      });
    } else {
      appendEvent(shard, source, 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED', {
        cause: 'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
        namespace: request.namespace,
        workflowExecution: execution,
        initiatedEventId: request.initiatedEventId,
        control: request.control,
      });
    }
  } else if (ok) {
    appendEvent(shard, source, 'EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED', {
      initiatedEventId: request.initiatedEventId,
      namespace: request.namespace,
      workflowExecution: execution,
    });
  } else {
    appendEvent(shard, source, 'EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED', {
      cause: 'CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
      namespace: request.namespace,
      workflowExecution: execution,
      initiatedEventId: request.initiatedEventId,
      control: request.control,
    });
  }
  scheduleWorkflowTask(shard, source);
}
