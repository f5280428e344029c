// Activity deadlines (Temporal's activity timer tasks): arming an attempt's timeouts and retry backoff, and what a
// timeout does.
import { ActivityRecord, ExecutionRecord, Failure, RUNNING } from '../state';
import { closeActivity, retryActivity } from './activities';
import { HistoryContext } from './context';
import {
  ActivityTimeoutType,
  activityRunTimerTasks,
  armTimerTask,
  cancelTimerTask,
  heartbeatTimerTask,
} from './timers';

/** A started attempt's start-to-close and heartbeat deadlines. */
export function armActivityRunTimers(
  shard: HistoryContext,
  exec: ExecutionRecord,
  activity: ActivityRecord,
): void {
  for (const { at, task } of activityRunTimerTasks(activity)) armTimerTask(shard, exec, at, task);
}

/** Moves the heartbeat deadline on from the last heartbeat. */
export function armHeartbeatTimer(
  shard: HistoryContext,
  exec: ExecutionRecord,
  activity: ActivityRecord,
): void {
  if (activity.heartbeatMs <= 0) return;
  const { at, task } = heartbeatTimerTask(activity);
  armTimerTask(shard, exec, at, task);
}

/** Cancels an activity's attempt deadlines and retry backoff; `all` cancels its schedule-to-close too. */
export function clearActivityTimers(
  shard: HistoryContext,
  exec: ExecutionRecord,
  sid: number,
  all: boolean,
): void {
  const timeouts: ActivityTimeoutType[] = [
    'TIMEOUT_TYPE_SCHEDULE_TO_START',
    'TIMEOUT_TYPE_START_TO_CLOSE',
    'TIMEOUT_TYPE_HEARTBEAT',
  ];
  for (const timeoutType of timeouts)
    cancelTimerTask(shard, exec, { type: 'ActivityTimeout', scheduledEventId: sid, timeoutType });
  cancelTimerTask(shard, exec, { type: 'ActivityRetryTimer', scheduledEventId: sid });
  if (all)
    cancelTimerTask(shard, exec, {
      type: 'ActivityTimeout',
      scheduledEventId: sid,
      timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE',
    });
}

export function armActivityRetry(
  shard: HistoryContext,
  exec: ExecutionRecord,
  activity: ActivityRecord,
): void {
  armTimerTask(shard, exec, activity.retryAt, {
    type: 'ActivityRetryTimer',
    scheduledEventId: activity.scheduledEventId,
  });
}

export function activityTimedOut(
  shard: HistoryContext,
  exec: ExecutionRecord,
  sid: number,
  attempt: number,
  timeoutType: ActivityTimeoutType,
): void {
  const activity = exec.activities[String(sid)];
  if (!activity || exec.status !== RUNNING) return;
  if (attempt !== 0 && activity.attempt !== attempt) return;
  if (timeoutType === 'TIMEOUT_TYPE_SCHEDULE_TO_START' && activity.startedTime > 0) return;
  if (
    (timeoutType === 'TIMEOUT_TYPE_START_TO_CLOSE' || timeoutType === 'TIMEOUT_TYPE_HEARTBEAT') &&
    activity.startedTime === 0
  )
    return;
  const name = {
    TIMEOUT_TYPE_SCHEDULE_TO_START: 'ScheduleToStart',
    TIMEOUT_TYPE_SCHEDULE_TO_CLOSE: 'ScheduleToClose',
    TIMEOUT_TYPE_START_TO_CLOSE: 'StartToClose',
    TIMEOUT_TYPE_HEARTBEAT: 'Heartbeat',
  }[timeoutType];
  const failure: Failure = {
    message: `activity ${name} timeout`,
    source: 'Server',
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: activity.heartbeatDetails },
  };
  let retryState = 'RETRY_STATE_TIMEOUT';
  if (timeoutType === 'TIMEOUT_TYPE_START_TO_CLOSE' || timeoutType === 'TIMEOUT_TYPE_HEARTBEAT') {
    const state = retryActivity(shard, exec, activity, failure, 0);
    if (state === null) return;
    retryState = state;
  } else if (timeoutType === 'TIMEOUT_TYPE_SCHEDULE_TO_START') {
    retryState = 'RETRY_STATE_NON_RETRYABLE_FAILURE';
  }
  if (activity.lastFailure && timeoutType === 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE')
    failure.cause = activity.lastFailure;
  closeActivity(shard, exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT', { failure, retryState });
}
