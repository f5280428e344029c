// Timers: every durable deadline of an execution is a typed timer task (Temporal's timer queue task types),
// armed on the virtual clock by one function. The deadlines are derived from the records, so the same
// derivation arms a new run on start and every running execution on restore from a persistent store.
import { ActivityRecord, ExecutionRecord, RUNNING, TimerRecord } from '../state';
import { dispatchActivity } from './activities';
import { activityTimedOut } from './activity-timeouts';
import { timeOutWorkflow } from './close';
import { HistoryContext, keyOf, mutate } from './context';
import { appendEvent } from './history-builder';
import {
  dispatchWorkflowTask,
  scheduleWorkflowTask,
  stickyTimedOut,
  workflowTaskTimedOut,
} from './workflow-task';

export type ActivityTimeoutType =
  | 'TIMEOUT_TYPE_SCHEDULE_TO_START'
  | 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE'
  | 'TIMEOUT_TYPE_START_TO_CLOSE'
  | 'TIMEOUT_TYPE_HEARTBEAT';

/** One durable deadline of an execution and what its firing does. */
export type TimerTask =
  | { type: 'WorkflowRunTimeout' }
  | { type: 'WorkflowExecutionTimeout' }
  /** The start delay (Temporal's workflow backoff timer): the first workflow task is scheduled when it fires. */
  | { type: 'WorkflowBackoffTimer' }
  /** A sticky task not picked up in time (schedule-to-start), or a started task not completed in time. */
  | { type: 'WorkflowTaskTimeout'; timeoutType: 'SCHEDULE_TO_START' | 'START_TO_CLOSE'; seq: number }
  | { type: 'UserTimer'; timerId: string; startedEventId: number }
  /** `attempt` 0: whatever the attempt (schedule-to-close spans all attempts). */
  | { type: 'ActivityTimeout'; scheduledEventId: number; timeoutType: ActivityTimeoutType; attempt: number }
  | { type: 'ActivityRetryTimer'; scheduledEventId: number };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What names a timer task, to cancel it: the task without what only its firing needs. */
export type TimerTaskId = DistributiveOmit<TimerTask, 'seq' | 'startedEventId' | 'attempt'>;

const ACTIVITY_TIMEOUT_SUFFIX: Record<ActivityTimeoutType, string> = {
  TIMEOUT_TYPE_SCHEDULE_TO_START: 's2s',
  TIMEOUT_TYPE_SCHEDULE_TO_CLOSE: 's2c',
  TIMEOUT_TYPE_START_TO_CLOSE: 's2cl',
  TIMEOUT_TYPE_HEARTBEAT: 'hb',
};

/** The task's name within its execution: arming a task again replaces the pending one of that name. */
function timerTaskName(task: TimerTaskId): string {
  switch (task.type) {
    case 'WorkflowRunTimeout':
      return 'runTimeout';
    case 'WorkflowExecutionTimeout':
      return 'executionTimeout';
    case 'WorkflowBackoffTimer':
      return 'startDelay';
    case 'WorkflowTaskTimeout':
      return task.timeoutType === 'SCHEDULE_TO_START' ? 'stickyTimeout' : 'workflowTaskTimeout';
    case 'UserTimer':
      return `timer:${task.timerId}`;
    case 'ActivityTimeout':
      return `act:${task.scheduledEventId}:${ACTIVITY_TIMEOUT_SUFFIX[task.timeoutType]}`;
    case 'ActivityRetryTimer':
      return `act:${task.scheduledEventId}:retry`;
  }
}

/** Runs a fired task (the execution is still running and the task still pending: see armTimerTask). */
function fireTimerTask(shard: HistoryContext, exec: ExecutionRecord, task: TimerTask): void {
  switch (task.type) {
    case 'WorkflowRunTimeout':
      return timeOutWorkflow(shard, exec, true);
    case 'WorkflowExecutionTimeout':
      return timeOutWorkflow(shard, exec, false);
    case 'WorkflowBackoffTimer':
      return scheduleWorkflowTask(shard, exec);
    case 'WorkflowTaskTimeout':
      return task.timeoutType === 'SCHEDULE_TO_START'
        ? stickyTimedOut(shard, exec, task.seq)
        : workflowTaskTimedOut(shard, exec, task.seq);
    case 'UserTimer':
      return fireTimer(shard, exec, task.timerId, task.startedEventId);
    case 'ActivityTimeout':
      return activityTimedOut(shard, exec, task.scheduledEventId, task.attempt, task.timeoutType);
    case 'ActivityRetryTimer': {
      const current = exec.activities[String(task.scheduledEventId)];
      if (current && current.retryAt > 0 && exec.status === RUNNING) dispatchActivity(shard, exec, current);
      return;
    }
  }
}

/** The one way a deadline is armed: the clock runs the task at `at` unless it is cancelled or replaced. */
export function armTimerTask(
  shard: HistoryContext,
  exec: ExecutionRecord,
  at: number,
  task: TimerTask,
): void {
  const key = keyOf(exec);
  const timerKey = `${key}\u0000${timerTaskName(task)}`;
  shard.timers.get(timerKey)?.cancel();
  const handle = shard.clock.schedule(at, () => {
    shard.timers.delete(timerKey);
    shard.timersByExec.get(key)?.delete(timerKey);
    const current = shard.executions.get(key);
    if (!current || shard.closed) return;
    mutate(shard, current, () => fireTimerTask(shard, current, task));
  });
  shard.timers.set(timerKey, handle);
  let set = shard.timersByExec.get(key);
  if (!set) shard.timersByExec.set(key, (set = new Set()));
  set.add(timerKey);
}

export function cancelTimerTask(shard: HistoryContext, exec: ExecutionRecord, task: TimerTaskId): void {
  const key = keyOf(exec);
  const timerKey = `${key}\u0000${timerTaskName(task)}`;
  shard.timers.get(timerKey)?.cancel();
  shard.timers.delete(timerKey);
  shard.timersByExec.get(key)?.delete(timerKey);
}

export function cancelAllTimers(shard: HistoryContext, exec: ExecutionRecord): void {
  const key = keyOf(exec);
  for (const timerKey of shard.timersByExec.get(key) ?? []) {
    shard.timers.get(timerKey)?.cancel();
    shard.timers.delete(timerKey);
  }
  shard.timersByExec.delete(key);
}

/**
 * The durable deadlines a running execution's record holds (Temporal's task refresher), in arming order:
 * its run and execution timeouts, its start delay, its user timers, its started workflow task's timeout,
 * and per activity its schedule-to-close, its retry backoff or its started attempt's start-to-close and
 * heartbeat. Deadlines of queued tasks (sticky and activity schedule-to-start) are armed when they are
 * queued. A new run holds only the first three.
 */
export function durableTimerTasks(
  exec: ExecutionRecord,
  now: number,
): Array<{ at: number; task: TimerTask }> {
  const tasks: Array<{ at: number; task: TimerTask }> = [];
  if (exec.runTimeoutMs > 0)
    tasks.push({ at: exec.startTime + exec.runTimeoutMs, task: { type: 'WorkflowRunTimeout' } });
  if (
    exec.executionExpiration > 0 &&
    (exec.runTimeoutMs === 0 || exec.executionExpiration < exec.startTime + exec.runTimeoutMs)
  )
    tasks.push({ at: exec.executionExpiration, task: { type: 'WorkflowExecutionTimeout' } });
  if (!exec.workflowTask && exec.firstWorkflowTaskAt > now)
    tasks.push({ at: exec.firstWorkflowTaskAt, task: { type: 'WorkflowBackoffTimer' } });
  for (const timer of Object.values(exec.timers)) tasks.push(userTimerTask(timer));
  const wft = exec.workflowTask;
  if (wft && wft.startedEventId > 0) {
    const task: TimerTask = { type: 'WorkflowTaskTimeout', timeoutType: 'START_TO_CLOSE', seq: wft.seq };
    tasks.push({ at: wft.startedTime + wft.timeoutMs, task });
  }
  for (const activity of Object.values(exec.activities)) {
    const sid = activity.scheduledEventId;
    if (activity.scheduleToCloseMs > 0) {
      tasks.push({
        at: activity.firstScheduledTime + activity.scheduleToCloseMs,
        task: {
          type: 'ActivityTimeout',
          scheduledEventId: sid,
          timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE',
          attempt: 0,
        },
      });
    }
    if (activity.retryAt > 0)
      tasks.push({ at: activity.retryAt, task: { type: 'ActivityRetryTimer', scheduledEventId: sid } });
    else if (activity.startedTime > 0) tasks.push(...activityRunTimerTasks(activity));
  }
  return tasks;
}

/** Arms every durable deadline of an execution: on start (a new run) and on restore (a saved one). */
export function armDurableTimers(shard: HistoryContext, exec: ExecutionRecord): void {
  for (const { at, task } of durableTimerTasks(exec, shard.clock.now())) armTimerTask(shard, exec, at, task);
}

/** On restore: arms the record's deadlines and puts its queued workflow task and activities back in matching. */
export function rearm(shard: HistoryContext, exec: ExecutionRecord): void {
  armDurableTimers(shard, exec);
  const wft = exec.workflowTask;
  if (wft && wft.startedEventId === 0) dispatchWorkflowTask(shard, exec);
  else if (wft) shard.busy.add(`w${keyOf(exec)}`);
  for (const activity of Object.values(exec.activities)) {
    if (activity.retryAt > 0) continue;
    if (activity.startedTime === 0) dispatchActivity(shard, exec, activity, activity.scheduledTime);
    else shard.busy.add(`a${keyOf(exec)}\u0000${activity.scheduledEventId}`);
  }
}

export function armUserTimer(shard: HistoryContext, exec: ExecutionRecord, timer: TimerRecord): void {
  const { at, task } = userTimerTask(timer);
  armTimerTask(shard, exec, at, task);
}

export function userTimerTask(timer: TimerRecord): { at: number; task: TimerTask } {
  return {
    at: timer.fireAt,
    task: { type: 'UserTimer', timerId: timer.timerId, startedEventId: timer.startedEventId },
  };
}

/** A started activity attempt's start-to-close and heartbeat deadlines. */
export function activityRunTimerTasks(activity: ActivityRecord): Array<{ at: number; task: TimerTask }> {
  const tasks: Array<{ at: number; task: TimerTask }> = [];
  const scheduledEventId = activity.scheduledEventId;
  const attempt = activity.attempt;
  if (activity.startToCloseMs > 0) {
    tasks.push({
      at: activity.startedTime + activity.startToCloseMs,
      task: {
        type: 'ActivityTimeout',
        scheduledEventId,
        timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE',
        attempt,
      },
    });
  }
  if (activity.heartbeatMs > 0) tasks.push(heartbeatTimerTask(activity));
  return tasks;
}

export function heartbeatTimerTask(activity: ActivityRecord): { at: number; task: TimerTask } {
  return {
    at: activity.lastHeartbeatTime + activity.heartbeatMs,
    task: {
      type: 'ActivityTimeout',
      scheduledEventId: activity.scheduledEventId,
      timeoutType: 'TIMEOUT_TYPE_HEARTBEAT',
      attempt: activity.attempt,
    },
  };
}

export function fireTimer(
  shard: HistoryContext,
  exec: ExecutionRecord,
  timerId: string,
  startedEventId: number,
): void {
  const timer = exec.timers[timerId];
  if (!timer || timer.startedEventId !== startedEventId || exec.status !== RUNNING) return;
  delete exec.timers[timerId];
  appendEvent(shard, exec, 'EVENT_TYPE_TIMER_FIRED', { timerId, startedEventId });
  scheduleWorkflowTask(shard, exec);
}
