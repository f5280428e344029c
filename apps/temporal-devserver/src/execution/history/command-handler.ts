// Commands of a completed workflow task (Temporal's workflowTaskCompletedHandler): one handler function per
// command type.
import { msFromDur, num } from '../../util';
import { CommandContext, Req, mergeIndexed } from '../common';
import { typedSearchAttributes } from '../frontend/namespaces';
import { ExecutionRecord, ExternalRequestRecord } from '../state';
import { closeActivity, scheduleActivity } from './activities';
import { deliverExternal, initiateChild } from './children';
import { closeWorkflow, continueAsNew } from './close';
import { HistoryContext } from './context';
import { appendEvent } from './history-builder';
import { failOrRetry } from './retry';
import { armUserTimer, cancelTimerTask } from './timers';
import { handleMessage } from './updates';

type CommandHandler = (
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
) => void;

/**
 * Applies one validated command of a completed workflow task (Temporal's workflowTaskCompletedHandler: one
 * handler per command type). Commands the validator lets through but nothing handles are ignored.
 */
export function handleCommand(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  COMMAND_HANDLERS[command.commandType]?.(shard, exec, command, ctx);
}

function handleScheduleActivityTask(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const meta = command.userMetadata ?? null;
  const a = command.scheduleActivityTaskCommandAttributes;
  // Eager execution (Temporal's system.enableActivityEagerExecution, on by default): the activity goes
  // back to the worker with this task's response instead of through the queue. The SDK asks only for
  // activities on its own task queue and when it has a free slot; we check the queue all the same.
  const eager = !!a.requestEagerExecution && (a.taskQueue?.name || exec.taskQueue) === exec.taskQueue;
  const activity = scheduleActivity(shard, exec, a, completedId, meta, !eager);
  if (eager) ctx.eagerActivities.push(activity.scheduledEventId);
}

function handleRequestCancelActivityTask(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const a = command.requestCancelActivityTaskCommandAttributes;
  const sid = num(a.scheduledEventId);
  const activity = exec.activities[String(sid)];
  if (!activity) return;
  const requested = appendEvent(shard, exec, 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED', {
    scheduledEventId: sid,
    workflowTaskCompletedEventId: completedId,
  });
  if (activity.startedTime === 0) {
    closeActivity(shard, exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', {
      details: null,
      latestCancelRequestedEventId: requested.eventId,
      identity: ctx.identity,
    });
    ctx.needsNewTask = true;
  } else {
    activity.cancelRequested = true;
  }
}

function handleStartTimer(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const meta = command.userMetadata ?? null;
  const a = command.startTimerCommandAttributes;
  const ms = msFromDur(a.startToFireTimeout);
  const started = appendEvent(
    shard,
    exec,
    'EVENT_TYPE_TIMER_STARTED',
    {
      timerId: a.timerId,
      startToFireTimeout: a.startToFireTimeout,
      workflowTaskCompletedEventId: completedId,
    },
    meta,
  );
  const timer = { timerId: a.timerId, startedEventId: started.eventId, fireAt: shard.clock.now() + ms };
  exec.timers[a.timerId] = timer;
  armUserTimer(shard, exec, timer);
}

function handleCancelTimer(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const timerId: string = command.cancelTimerCommandAttributes.timerId;
  const timer = exec.timers[timerId];
  if (!timer) return;
  delete exec.timers[timerId];
  cancelTimerTask(shard, exec, { type: 'UserTimer', timerId });
  appendEvent(shard, exec, 'EVENT_TYPE_TIMER_CANCELED', {
    timerId,
    startedEventId: timer.startedEventId,
    workflowTaskCompletedEventId: completedId,
    identity: ctx.identity,
  });
}

function handleRecordMarker(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const a = command.recordMarkerCommandAttributes;
  appendEvent(shard, exec, 'EVENT_TYPE_MARKER_RECORDED', {
    markerName: a.markerName,
    details: a.details ?? {},
    workflowTaskCompletedEventId: completedId,
    header: a.header ?? null,
    failure: a.failure ?? null,
  });
}

function handleUpsertWorkflowSearchAttributes(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const sa = typedSearchAttributes(
    shard,
    command.upsertWorkflowSearchAttributesCommandAttributes.searchAttributes,
    false,
  );
  appendEvent(shard, exec, 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', {
    workflowTaskCompletedEventId: completedId,
    searchAttributes: sa,
  });
  exec.searchAttributes = mergeIndexed(exec.searchAttributes, sa, 'indexedFields');
}

function handleModifyWorkflowProperties(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const memo = command.modifyWorkflowPropertiesCommandAttributes.upsertedMemo;
  appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED', {
    workflowTaskCompletedEventId: completedId,
    upsertedMemo: memo,
  });
  exec.memo = mergeIndexed(exec.memo, memo, 'fields');
}

function handleProtocolMessage(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const id = command.protocolMessageCommandAttributes.messageId;
  const message = ctx.messagesById.get(id);
  if (message) {
    ctx.handledMessages.add(id);
    handleMessage(shard, exec, message, completedId);
  }
}

function handleCompleteWorkflowExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  closeWorkflow(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', {
    result: command.completeWorkflowExecutionCommandAttributes?.result ?? null,
    workflowTaskCompletedEventId: completedId,
    newExecutionRunId: '',
  });
}

function handleFailWorkflowExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const failure = command.failWorkflowExecutionCommandAttributes?.failure ?? null;
  failOrRetry(
    shard,
    exec,
    'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
    { failure, workflowTaskCompletedEventId: completedId },
    failure,
  );
}

function handleCancelWorkflowExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  closeWorkflow(shard, exec, 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED', {
    workflowTaskCompletedEventId: completedId,
    details: command.cancelWorkflowExecutionCommandAttributes?.details ?? null,
  });
}

function handleContinueAsNewWorkflowExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  continueAsNew(shard, exec, command.continueAsNewWorkflowExecutionCommandAttributes, completedId);
}

function handleStartChildWorkflowExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const meta = command.userMetadata ?? null;
  initiateChild(shard, exec, command.startChildWorkflowExecutionCommandAttributes, completedId, meta, ctx);
}

function handleSignalExternalWorkflowExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const a = command.signalExternalWorkflowExecutionCommandAttributes;
  const initiated = appendEvent(shard, exec, 'EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED', {
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
  ctx.after.push(() => deliverExternal(shard, exec, request));
}

function handleRequestCancelExternalWorkflowExecution(
  shard: HistoryContext,
  exec: ExecutionRecord,
  command: Req,
  ctx: CommandContext,
): void {
  const completedId = ctx.completedEventId;
  const a = command.requestCancelExternalWorkflowExecutionCommandAttributes;
  const initiated = appendEvent(
    shard,
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
  ctx.after.push(() => deliverExternal(shard, exec, request));
}

const COMMAND_HANDLERS: Record<string, CommandHandler> = {
  COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: handleScheduleActivityTask,
  COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK: handleRequestCancelActivityTask,
  COMMAND_TYPE_START_TIMER: handleStartTimer,
  COMMAND_TYPE_CANCEL_TIMER: handleCancelTimer,
  COMMAND_TYPE_RECORD_MARKER: handleRecordMarker,
  COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: handleUpsertWorkflowSearchAttributes,
  COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: handleModifyWorkflowProperties,
  COMMAND_TYPE_PROTOCOL_MESSAGE: handleProtocolMessage,
  COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION: handleCompleteWorkflowExecution,
  COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION: handleFailWorkflowExecution,
  COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION: handleCancelWorkflowExecution,
  COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION: handleContinueAsNewWorkflowExecution,
  COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: handleStartChildWorkflowExecution,
  COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: handleSignalExternalWorkflowExecution,
  COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: handleRequestCancelExternalWorkflowExecution,
};
