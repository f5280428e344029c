// Activities (Temporal's recordactivitytaskstarted / respondactivitytask* APIs and workflow/activity.go): scheduling,
// dispatch to matching, polls, start, completion, failure, cancellation, heartbeats and the retry rules.
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound } from '../../errors';
import { decodeToken, durFromMs, encodeToken, msFromDur, num, tsFromMs } from '../../util';
import { ActivityQueueTask, NORMAL, Req, queueKey } from '../common';
import { attrs } from '../events';
import { lookupNamespace } from '../frontend/namespaces';
import { requireString } from '../frontend/validation';
import { ActivityRecord, ExecutionRecord, Failure, RUNNING, RetryPolicyRecord } from '../state';
import { ActivityTaskToken } from '../tokens';
import {
  armActivityRetry,
  armActivityRunTimers,
  armHeartbeatTimer,
  clearActivityTimers,
} from './activity-timeouts';
import { HistoryContext, findExecution, keyOf, mutate } from './context';
import { appendEvent } from './history-builder';
import { armTimerTask, cancelTimerTask } from './timers';
import { scheduleWorkflowTask } from './workflow-task';

export function scheduleActivity(
  shard: HistoryContext,
  exec: ExecutionRecord,
  a: Req,
  completedId: number,
  meta: Req | null,
  dispatch = true,
): ActivityRecord {
  // Timeout normalisation as in Temporal's command validation.
  const runTimeout = exec.runTimeoutMs;
  let s2c = msFromDur(a.scheduleToCloseTimeout);
  let s2s = msFromDur(a.scheduleToStartTimeout);
  let s2cl = msFromDur(a.startToCloseTimeout);
  let hb = msFromDur(a.heartbeatTimeout);
  if (s2c > 0) {
    s2s = s2s > 0 ? Math.min(s2s, s2c) : s2c;
    s2cl = s2cl > 0 ? Math.min(s2cl, s2c) : s2c;
  } else {
    s2c = runTimeout;
    if (s2s === 0) s2s = runTimeout;
  }
  if (runTimeout > 0) {
    s2c = Math.min(s2c, runTimeout);
    s2s = Math.min(s2s, runTimeout);
    s2cl = Math.min(s2cl, runTimeout);
  }
  if (hb > s2cl && s2cl > 0) hb = s2cl;
  const rp = a.retryPolicy ?? {};
  const initial = msFromDur(rp.initialInterval) || 1000;
  const retryPolicy: RetryPolicyRecord = {
    initialIntervalMs: initial,
    backoffCoefficient: rp.backoffCoefficient || 2,
    maximumIntervalMs: msFromDur(rp.maximumInterval) || 100 * initial,
    maximumAttempts: rp.maximumAttempts || 0,
    nonRetryableErrorTypes: rp.nonRetryableErrorTypes ?? [],
  };
  const taskQueue = a.taskQueue?.name || exec.taskQueue;
  const scheduled = appendEvent(
    shard,
    exec,
    'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    {
      activityId: a.activityId,
      activityType: a.activityType,
      taskQueue: { name: taskQueue, kind: NORMAL },
      header: a.header ?? null,
      input: a.input ?? null,
      scheduleToCloseTimeout: durFromMs(s2c),
      scheduleToStartTimeout: durFromMs(s2s),
      startToCloseTimeout: durFromMs(s2cl),
      heartbeatTimeout: durFromMs(hb),
      workflowTaskCompletedEventId: completedId,
      retryPolicy: {
        initialInterval: durFromMs(retryPolicy.initialIntervalMs),
        backoffCoefficient: retryPolicy.backoffCoefficient,
        maximumInterval: durFromMs(retryPolicy.maximumIntervalMs),
        maximumAttempts: retryPolicy.maximumAttempts,
        nonRetryableErrorTypes: retryPolicy.nonRetryableErrorTypes,
      },
      useWorkflowBuildId: !!a.useWorkflowBuildId,
      priority: a.priority ?? null,
    },
    meta,
  );
  const now = shard.clock.now();
  const activity: ActivityRecord = {
    activityId: a.activityId,
    activityType: a.activityType.name,
    scheduledEventId: scheduled.eventId,
    taskQueue,
    input: a.input ?? null,
    header: a.header ?? null,
    scheduleToCloseMs: s2c,
    scheduleToStartMs: s2s,
    startToCloseMs: s2cl,
    heartbeatMs: hb,
    retryPolicy,
    attempt: 1,
    firstScheduledTime: now,
    scheduledTime: now,
    startedTime: 0,
    startedIdentity: '',
    startedRequestId: '',
    lastHeartbeatTime: 0,
    heartbeatDetails: null,
    lastFailure: null,
    cancelRequested: false,
    retryAt: 0,
    priority: a.priority ?? null,
  };
  exec.activities[String(activity.scheduledEventId)] = activity;
  if (s2c > 0) {
    armTimerTask(shard, exec, now + s2c, {
      type: 'ActivityTimeout',
      scheduledEventId: activity.scheduledEventId,
      timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_CLOSE',
      attempt: 0,
    });
  }
  if (dispatch) dispatchActivity(shard, exec, activity);
  return activity;
}

/** Queues an attempt; `scheduledTime` is given when re-queuing a saved attempt after a restart. */
export function dispatchActivity(
  shard: HistoryContext,
  exec: ExecutionRecord,
  activity: ActivityRecord,
  scheduledTime = shard.clock.now(),
): void {
  const key = keyOf(exec);
  activity.retryAt = 0;
  activity.scheduledTime = scheduledTime;
  shard.busy.add(`a${key}\u0000${activity.scheduledEventId}`);
  shard.activityQueues.add(queueKey(exec.namespace, activity.taskQueue), {
    key,
    scheduledEventId: activity.scheduledEventId,
    attempt: activity.attempt,
  });
  if (
    (activity.scheduleToStartMs > 0 && activity.scheduleToStartMs < activity.scheduleToCloseMs) ||
    (activity.scheduleToStartMs > 0 && activity.scheduleToCloseMs === 0)
  ) {
    armTimerTask(shard, exec, activity.scheduledTime + activity.scheduleToStartMs, {
      type: 'ActivityTimeout',
      scheduledEventId: activity.scheduledEventId,
      timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_START',
      attempt: activity.attempt,
    });
  }
}

export async function pollActivityTaskQueue(
  shard: HistoryContext,
  req: Req,
  signal: AbortSignal,
): Promise<Req> {
  const ns = lookupNamespace(shard, req.namespace).name;
  const name = requireString(req.taskQueue?.name, 'TaskQueue');
  const key = queueKey(ns, name);
  const identity: string = req.identity ?? '';
  const rps = req.taskQueueMetadata?.maxTasksPerSecond?.value;
  const ratePerSecond = typeof rps === 'number' && rps > 0 ? rps : undefined;
  shard.activityQueues.recordPoller(key, identity, ratePerSecond);
  try {
    return await pollActivityTask(shard, key, identity, signal);
  } finally {
    if (!signal.aborted) shard.activityQueues.recordPoller(key, identity, ratePerSecond);
  }
}

export async function pollActivityTask(
  shard: HistoryContext,
  key: string,
  identity: string,
  signal: AbortSignal,
): Promise<Req> {
  for (;;) {
    if (signal.aborted || shard.closed) return {};
    const handle = shard.activityQueues.poll(key);
    const onAbort = (): void => handle.cancel();
    signal.addEventListener('abort', onAbort);
    const task = await handle.promise;
    signal.removeEventListener('abort', onAbort);
    if (!task) return {};
    if (signal.aborted) {
      shard.activityQueues.giveBack(key, task);
      return {};
    }
    const response = startActivity(shard, task, identity);
    if (response) return response;
  }
}

export function startActivity(shard: HistoryContext, task: ActivityQueueTask, identity: string): Req | null {
  const exec = shard.executions.get(task.key);
  const activity = exec?.activities[String(task.scheduledEventId)];
  if (
    !exec ||
    !activity ||
    exec.status !== RUNNING ||
    activity.attempt !== task.attempt ||
    activity.startedTime > 0 ||
    activity.retryAt > 0
  ) {
    return null;
  }
  return mutate(shard, exec, () => beginActivity(shard, exec, activity, task.key, identity));
}

/** Marks the activity attempt started by `identity` and builds its task (poll response or eager task). */
export function beginActivity(
  shard: HistoryContext,
  exec: ExecutionRecord,
  activity: ActivityRecord,
  key: string,
  identity: string,
): Req {
  const now = shard.clock.now();
  activity.startedTime = now;
  activity.startedIdentity = identity;
  activity.startedRequestId = randomUUID();
  activity.lastHeartbeatTime = now;
  cancelTimerTask(shard, exec, {
    type: 'ActivityTimeout',
    scheduledEventId: activity.scheduledEventId,
    timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_START',
  });
  armActivityRunTimers(shard, exec, activity);
  const token: ActivityTaskToken = {
    k: 'a',
    key,
    sid: activity.scheduledEventId,
    att: activity.attempt,
  };
  return {
    taskToken: encodeToken(token),
    workflowNamespace: exec.namespace,
    workflowType: { name: exec.workflowType },
    workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
    activityType: { name: activity.activityType },
    activityId: activity.activityId,
    header: activity.header,
    input: activity.input,
    heartbeatDetails: activity.heartbeatDetails,
    scheduledTime: tsFromMs(activity.firstScheduledTime),
    currentAttemptScheduledTime: tsFromMs(activity.scheduledTime),
    startedTime: tsFromMs(now),
    attempt: activity.attempt,
    scheduleToCloseTimeout: durFromMs(activity.scheduleToCloseMs),
    startToCloseTimeout: durFromMs(activity.startToCloseMs),
    heartbeatTimeout: durFromMs(activity.heartbeatMs),
    retryPolicy: {
      initialInterval: durFromMs(activity.retryPolicy.initialIntervalMs),
      backoffCoefficient: activity.retryPolicy.backoffCoefficient,
      maximumInterval: durFromMs(activity.retryPolicy.maximumIntervalMs),
      maximumAttempts: activity.retryPolicy.maximumAttempts,
      nonRetryableErrorTypes: activity.retryPolicy.nonRetryableErrorTypes,
    },
    priority: activity.priority,
  };
}

/** Writes the (lazily recorded) started event and the closing event, then wakes the workflow. */
export function closeActivity(
  shard: HistoryContext,
  exec: ExecutionRecord,
  activity: ActivityRecord,
  eventType: string,
  attributes: Req,
): void {
  const sid = activity.scheduledEventId;
  let startedEventId = 0;
  if (activity.startedTime > 0) {
    const started = appendEvent(shard, exec, 'EVENT_TYPE_ACTIVITY_TASK_STARTED', {
      scheduledEventId: sid,
      identity: activity.startedIdentity,
      requestId: activity.startedRequestId,
      attempt: activity.attempt,
      lastFailure: activity.lastFailure,
    });
    startedEventId = started.eventId > 0 ? started.eventId : -1;
  }
  appendEvent(shard, exec, eventType, { ...attributes, scheduledEventId: sid, startedEventId });
  delete exec.activities[String(sid)];
  clearActivityTimers(shard, exec, sid, true);
  shard.busy.delete(`a${keyOf(exec)}\u0000${sid}`);
  scheduleWorkflowTask(shard, exec);
}

/** Decides between another attempt and failing; returns false when the activity is closed. */
export function retryActivity(
  shard: HistoryContext,
  exec: ExecutionRecord,
  activity: ActivityRecord,
  failure: Failure,
  nextRetryDelayMs: number,
): string | null {
  const p = activity.retryPolicy;
  const info = failure.applicationFailureInfo;
  if (info?.nonRetryable || (info?.type && p.nonRetryableErrorTypes.includes(info.type)))
    return 'RETRY_STATE_NON_RETRYABLE_FAILURE';
  if (p.maximumAttempts > 0 && activity.attempt >= p.maximumAttempts)
    return 'RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED';
  let delay = nextRetryDelayMs;
  if (!delay) {
    delay = p.initialIntervalMs * Math.pow(p.backoffCoefficient, activity.attempt - 1);
    if (p.maximumIntervalMs > 0) delay = Math.min(delay, p.maximumIntervalMs);
  }
  const now = shard.clock.now();
  if (
    activity.scheduleToCloseMs > 0 &&
    now + delay >= activity.firstScheduledTime + activity.scheduleToCloseMs
  )
    return 'RETRY_STATE_TIMEOUT';
  const sid = activity.scheduledEventId;
  clearActivityTimers(shard, exec, sid, false);
  shard.busy.delete(`a${keyOf(exec)}\u0000${sid}`);
  activity.attempt++;
  activity.lastFailure = failure;
  activity.startedTime = 0;
  activity.startedIdentity = '';
  activity.retryAt = now + delay;
  armActivityRetry(shard, exec, activity);
  return null;
}

export function activityFromToken(
  shard: HistoryContext,
  token: Buffer,
): { exec: ExecutionRecord; activity: ActivityRecord } {
  const t = decodeToken<ActivityTaskToken>(token);
  if (!t || t.k !== 'a' || typeof t.key !== 'string')
    throw invalidArgument('Error deserializing task token.');
  const exec = shard.executions.get(t.key);
  const activity = exec?.activities[String(t.sid)];
  if (
    !exec ||
    exec.status !== RUNNING ||
    !activity ||
    activity.attempt !== t.att ||
    activity.startedTime === 0
  ) {
    throw notFound('Activity task not found.');
  }
  return { exec, activity };
}

export function activityById(
  shard: HistoryContext,
  req: Req,
): { exec: ExecutionRecord; activity: ActivityRecord } {
  const ns = lookupNamespace(shard, req.namespace).name;
  requireString(req.activityId, 'ActivityId');
  const exec = findExecution(shard, ns, { workflowId: req.workflowId, runId: req.runId });
  const activity = Object.values(exec.activities).find((a) => a.activityId === req.activityId);
  if (exec.status !== RUNNING || !activity || activity.startedTime === 0)
    throw notFound('Activity task not found.');
  return { exec, activity };
}

export function respondActivityTaskCompleted(shard: HistoryContext, req: Req, byId = false): Req {
  const { exec, activity } = byId ? activityById(shard, req) : activityFromToken(shard, req.taskToken);
  mutate(shard, exec, () =>
    closeActivity(shard, exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED', {
      result: req.result ?? null,
      identity: req.identity ?? '',
    }),
  );
  return {};
}

export function respondActivityTaskFailed(shard: HistoryContext, req: Req, byId = false): Req {
  const { exec, activity } = byId ? activityById(shard, req) : activityFromToken(shard, req.taskToken);
  const failure: Failure = req.failure ?? { message: 'activity failed' };
  mutate(shard, exec, () => {
    if (req.lastHeartbeatDetails?.payloads?.length) activity.heartbeatDetails = req.lastHeartbeatDetails;
    const nextDelay = msFromDur(failure.applicationFailureInfo?.nextRetryDelay);
    const state = retryActivity(shard, exec, activity, failure, nextDelay);
    if (state !== null) {
      closeActivity(shard, exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_FAILED', {
        failure,
        retryState: state,
        identity: req.identity ?? '',
      });
    }
  });
  return { failures: [] };
}

export function respondActivityTaskCanceled(shard: HistoryContext, req: Req, byId = false): Req {
  const { exec, activity } = byId ? activityById(shard, req) : activityFromToken(shard, req.taskToken);
  mutate(shard, exec, () =>
    closeActivity(shard, exec, activity, 'EVENT_TYPE_ACTIVITY_TASK_CANCELED', {
      details: req.details ?? null,
      latestCancelRequestedEventId: latestCancelRequested(shard, exec, activity.scheduledEventId),
      identity: req.identity ?? '',
    }),
  );
  return {};
}

export function latestCancelRequested(shard: HistoryContext, exec: ExecutionRecord, sid: number): number {
  for (let i = exec.history.length - 1; i >= 0; i--) {
    const e = exec.history[i];
    if (e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED' && num(attrs(e).scheduledEventId) === sid)
      return e.eventId;
  }
  return 0;
}

export function recordActivityTaskHeartbeat(shard: HistoryContext, req: Req, byId = false): Req {
  const { exec, activity } = byId ? activityById(shard, req) : activityFromToken(shard, req.taskToken);
  mutate(shard, exec, () => {
    if (req.details) activity.heartbeatDetails = req.details;
    activity.lastHeartbeatTime = shard.clock.now();
    armHeartbeatTimer(shard, exec, activity);
  });
  return { cancelRequested: activity.cancelRequested, activityPaused: false, activityReset: false };
}
