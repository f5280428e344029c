// RespondWorkflowTaskCompleted (Temporal's api/respondworkflowtaskcompleted): validate the commands, apply them in
// one change, answer queries and messages, schedule the next task.
import { msFromDur } from '../../util';
import { CommandContext, Req, STICKY } from '../common';
import { ExecutionRecord, RUNNING, WorkflowTaskRecord } from '../state';
import { beginActivity } from './activities';
import { handleCommand } from './command-handler';
import { validateCommands } from './command-validator';
import { HistoryContext, keyOf, mutate } from './context';
import { appendEvent, flushBuffered } from './history-builder';
import { answerQueries, requeueQueries } from './queries';
import { cancelTimerTask } from './timers';
import { handleMessage, notifyUpdates } from './updates';
import { endWorkflowTaskUnsuccessfully, scheduleWorkflowTask, workflowTaskFromToken } from './workflow-task';

export function respondWorkflowTaskCompleted(shard: HistoryContext, req: Req): Req {
  const { exec, wft } = workflowTaskFromToken(shard, req.taskToken);
  return mutate(shard, exec, () => completeWorkflowTask(shard, exec, wft, req));
}

/**
 * Completes a started workflow task: refused as a whole (new events the worker has not seen before it closes
 * the workflow, or an invalid command), discarded (a speculative update task whose updates were all rejected),
 * or recorded with its commands and messages applied in order; then the eager activities start.
 */
export function completeWorkflowTask(
  shard: HistoryContext,
  exec: ExecutionRecord,
  wft: WorkflowTaskRecord,
  req: Req,
): Req {
  answerQueries(shard, exec, wft.seq, req.queryResults ?? {});
  if (refuseCompletion(shard, exec, wft, req)) {
    return { workflowTask: null, activityTasks: [], resetHistoryEventId: 0 };
  }

  cancelTimerTask(shard, exec, { type: 'WorkflowTaskTimeout', timeoutType: 'START_TO_CLOSE' });
  shard.busy.delete(`w${keyOf(exec)}`);
  if (req.stickyAttributes?.workerTaskQueue?.name) {
    exec.sticky = {
      queue: { name: req.stickyAttributes.workerTaskQueue.name, kind: STICKY, normalName: exec.taskQueue },
      scheduleToStartMs: msFromDur(req.stickyAttributes.scheduleToStartTimeout) || 10_000,
    };
  } else {
    exec.sticky = null;
  }

  if (discardSpeculativeTask(shard, exec, wft, req)) {
    // Tells the worker the task was discarded: its cached history rolls back to the last real task.
    return { workflowTask: null, activityTasks: [], resetHistoryEventId: exec.lastCompletedStartedEventId };
  }

  const ctx = recordCompletion(shard, exec, wft, req);
  return {
    workflowTask: null,
    activityTasks: startEagerActivities(shard, exec, ctx),
    resetHistoryEventId: 0,
  };
}

/** Fails the task instead of completing it when its commands cannot be applied; true if it did. */
function refuseCompletion(
  shard: HistoryContext,
  exec: ExecutionRecord,
  wft: WorkflowTaskRecord,
  req: Req,
): boolean {
  const commands: Req[] = req.commands ?? [];
  const messages: Req[] = req.messages ?? [];
  const closing = commands.find((c) =>
    [
      'COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION',
      'COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION',
      'COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION',
      'COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION',
    ].includes(c.commandType),
  );
  // New events arrived while the worker decided to close: it must see them first.
  const pendingUpdates = Object.values(exec.updates).some((u) => u.state === 'admitted');
  if (closing && (exec.buffered.length > 0 || pendingUpdates)) {
    endWorkflowTaskUnsuccessfully(
      shard,
      exec,
      wft,
      'EVENT_TYPE_WORKFLOW_TASK_FAILED',
      {
        cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND',
        failure: {
          message: 'UnhandledCommand',
          source: '',
          applicationFailureInfo: { type: 'UnhandledCommand' },
        },
        identity: req.identity ?? '',
      },
      true,
    );
    exec.nextWorkflowTaskAttempt = 1;
    if (!exec.workflowTask) scheduleWorkflowTask(shard, exec);
    return true;
  }

  const invalid = validateCommands(shard, exec, commands, messages);
  if (invalid) {
    endWorkflowTaskUnsuccessfully(
      shard,
      exec,
      wft,
      'EVENT_TYPE_WORKFLOW_TASK_FAILED',
      {
        cause: invalid.cause,
        failure: { message: invalid.message, source: '' },
        identity: req.identity ?? '',
      },
      true,
    );
    return true;
  }
  return false;
}

/** An update-only task whose updates were all rejected leaves no trace in history; true if this was one. */
function discardSpeculativeTask(
  shard: HistoryContext,
  exec: ExecutionRecord,
  wft: WorkflowTaskRecord,
  req: Req,
): boolean {
  const commands: Req[] = req.commands ?? [];
  const messages: Req[] = req.messages ?? [];
  const onlyRejections =
    commands.length === 0 &&
    messages.every((m) => (m.body?.type_url ?? '').endsWith('temporal.api.update.v1.Rejection'));
  if (
    !wft.speculative ||
    wft.persisted ||
    !onlyRejections ||
    exec.buffered.length > 0 ||
    req.forceCreateNewWorkflowTask
  )
    return false;
  exec.workflowTask = null;
  for (const m of messages) handleMessage(shard, exec, m, 0);
  requeueQueries(shard, exec, wft.seq);
  if (Object.values(exec.updates).some((u) => u.state === 'admitted'))
    scheduleWorkflowTask(shard, exec, true);
  return true;
}

/** Writes WorkflowTaskCompleted, applies the commands and messages in order, then what follows from them. */
function recordCompletion(
  shard: HistoryContext,
  exec: ExecutionRecord,
  wft: WorkflowTaskRecord,
  req: Req,
): CommandContext {
  const commands: Req[] = req.commands ?? [];
  const messages: Req[] = req.messages ?? [];
  if (!wft.persisted) {
    for (const e of wft.pendingEvents) exec.history.push(e);
    exec.nextEventId = wft.startedEventId + 1;
  }
  exec.workflowTask = null;
  const completed = appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED', {
    scheduledEventId: wft.scheduledEventId,
    startedEventId: wft.startedEventId,
    identity: req.identity ?? '',
    binaryChecksum: req.binaryChecksum ?? '',
    workerVersion: req.workerVersionStamp ?? null,
    sdkMetadata: req.sdkMetadata ?? null,
    meteringMetadata: req.meteringMetadata ?? null,
  });
  exec.lastCompletedStartedEventId = wft.startedEventId;
  exec.nextWorkflowTaskAttempt = 1;

  const ctx: CommandContext = {
    completedEventId: completed.eventId,
    needsNewTask: !!req.forceCreateNewWorkflowTask,
    after: [],
    messagesById: new Map(messages.map((m) => [m.id, m])),
    handledMessages: new Set(),
    identity: req.identity ?? '',
    eagerActivities: [],
  };
  for (const command of commands) {
    if (exec.status !== RUNNING) break;
    handleCommand(shard, exec, command, ctx);
  }
  for (const m of messages) {
    if (!ctx.handledMessages.has(m.id) && exec.status === RUNNING)
      handleMessage(shard, exec, m, completed.eventId);
  }
  const hadBuffered = flushBuffered(shard, exec);
  if (exec.status === RUNNING) {
    const pendingUpdates = Object.values(exec.updates).some((u) => u.state === 'admitted');
    if (hadBuffered || ctx.needsNewTask || pendingUpdates) scheduleWorkflowTask(shard, exec);
  }
  for (const action of ctx.after) action();
  requeueQueries(shard, exec, wft.seq);
  notifyUpdates(shard, exec);
  return ctx;
}

/**
 * As Temporal's post-command actions: activities scheduled for eager execution are skipped if the workflow
 * closed or the activity was cancelled in the same task; otherwise started now, by the worker that completed
 * the task.
 */
function startEagerActivities(shard: HistoryContext, exec: ExecutionRecord, ctx: CommandContext): Req[] {
  const activityTasks: Req[] = [];
  for (const sid of ctx.eagerActivities) {
    const activity = exec.activities[String(sid)];
    if (exec.status !== RUNNING || !activity || activity.startedTime > 0) continue;
    shard.busy.add(`a${keyOf(exec)}\u0000${sid}`);
    activityTasks.push(beginActivity(shard, exec, activity, keyOf(exec), ctx.identity));
  }
  return activityTasks;
}
