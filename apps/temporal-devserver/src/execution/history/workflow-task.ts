// The workflow task state machine (Temporal's workflow/workflow_task_state_machine.go): schedule (normal or
// sticky), poll, start, fail, time out.
import { randomUUID } from 'node:crypto';
import { invalidArgument, notFound } from '../../errors';
import { packAny } from '../../proto';
import { decodeToken, durFromMs, encodeToken, tsFromMs } from '../../util';
import { NORMAL, Req, STICKY, STICKY_POLLER_WINDOW_MS, queueKey } from '../common';
import { makeEvent } from '../events';
import { lookupNamespace } from '../frontend/namespaces';
import { requireString } from '../frontend/validation';
import { ExecutionRecord, RUNNING, TaskQueueRef, WorkflowTaskRecord } from '../state';
import { HistoryPageToken, WorkflowTaskToken } from '../tokens';
import { HistoryContext, keyOf, mutate } from './context';
import { appendEvent, flushBuffered } from './history-builder';
import { execQueries, requeueQueries, startQueryTask } from './queries';
import { armTimerTask, cancelTimerTask } from './timers';

export function stickyAlive(shard: HistoryContext, exec: ExecutionRecord): boolean {
  if (!exec.sticky) return false;
  const key = queueKey(exec.namespace, exec.sticky.queue.name);
  if (shard.deadStickyQueues.has(key)) return false;
  return shard.workflowQueues.hasRecentPoller(key, STICKY_POLLER_WINDOW_MS);
}

export function scheduleWorkflowTask(
  shard: HistoryContext,
  exec: ExecutionRecord,
  speculative = false,
): void {
  if (exec.status !== RUNNING || exec.workflowTask) return;
  if (exec.firstWorkflowTaskAt > shard.clock.now()) return;
  const attempt = exec.nextWorkflowTaskAttempt;
  if (!stickyAlive(shard, exec)) exec.sticky = null;
  const queue: TaskQueueRef = exec.sticky ? exec.sticky.queue : { name: exec.taskQueue, kind: NORMAL };
  const wft: WorkflowTaskRecord = {
    seq: ++exec.workflowTaskSeq,
    attempt,
    persisted: attempt === 1 && !speculative,
    speculative: speculative && attempt === 1,
    scheduledEventId: 0,
    startedEventId: 0,
    scheduledTime: shard.clock.now(),
    startedTime: 0,
    queue,
    timeoutMs: exec.taskTimeoutMs,
    pendingEvents: [],
    identity: '',
  };
  if (wft.persisted) {
    wft.scheduledEventId = appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', {
      taskQueue: queue,
      startToCloseTimeout: durFromMs(wft.timeoutMs),
      attempt,
    }).eventId;
  }
  exec.workflowTask = wft;
  dispatchWorkflowTask(shard, exec);
}

export function dispatchWorkflowTask(shard: HistoryContext, exec: ExecutionRecord): void {
  const wft = exec.workflowTask;
  if (!wft) return;
  const key = keyOf(exec);
  shard.busy.add(`w${key}`);
  shard.workflowQueues.add(queueKey(exec.namespace, wft.queue.name), { kind: 'wft', key, seq: wft.seq });
  if (wft.queue.kind === STICKY && exec.sticky) {
    armTimerTask(shard, exec, shard.clock.now() + exec.sticky.scheduleToStartMs, {
      type: 'WorkflowTaskTimeout',
      timeoutType: 'SCHEDULE_TO_START',
      seq: wft.seq,
    });
  }
}

/** The sticky worker did not pick the task up in time: time the task out and send it to the normal queue. */
export function stickyTimedOut(shard: HistoryContext, exec: ExecutionRecord, seq: number): void {
  const wft = exec.workflowTask;
  if (!wft || wft.seq !== seq || wft.startedEventId > 0 || exec.status !== RUNNING) return;
  exec.sticky = null;
  if (wft.persisted) {
    appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT', {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: 0,
      timeoutType: 'TIMEOUT_TYPE_SCHEDULE_TO_START',
    });
  }
  exec.workflowTask = null;
  shard.busy.delete(`w${keyOf(exec)}`);
  scheduleWorkflowTask(shard, exec, wft.speculative);
}

export async function pollWorkflowTaskQueue(
  shard: HistoryContext,
  req: Req,
  signal: AbortSignal,
): Promise<Req> {
  const ns = lookupNamespace(shard, req.namespace).name;
  const name = requireString(req.taskQueue?.name, 'TaskQueue');
  const key = queueKey(ns, name);
  if (req.taskQueue?.kind === STICKY) shard.deadStickyQueues.delete(key);
  const identity: string = req.identity ?? '';
  shard.workflowQueues.recordPoller(key, identity);
  try {
    return await pollWorkflowTask(shard, key, identity, signal);
  } finally {
    // As Temporal: the end of a poll counts as an access too, unless the poller went away.
    if (!signal.aborted) shard.workflowQueues.recordPoller(key, identity);
  }
}

export async function pollWorkflowTask(
  shard: HistoryContext,
  key: string,
  identity: string,
  signal: AbortSignal,
): Promise<Req> {
  for (;;) {
    if (signal.aborted || shard.closed) return {};
    const handle = shard.workflowQueues.poll(key);
    const onAbort = (): void => handle.cancel();
    signal.addEventListener('abort', onAbort);
    const task = await handle.promise;
    signal.removeEventListener('abort', onAbort);
    if (!task) return {};
    if (signal.aborted) {
      // The poller left between matching and now: give the task to someone else.
      shard.workflowQueues.giveBack(key, task);
      return {};
    }
    const response =
      task.kind === 'wft' ? startWorkflowTask(shard, task, identity) : startQueryTask(shard, task.queryId);
    if (response) return response;
  }
}

export function startWorkflowTask(
  shard: HistoryContext,
  task: { key: string; seq: number },
  identity: string,
): Req | null {
  const exec = shard.executions.get(task.key);
  const wft = exec?.workflowTask;
  if (!exec || !wft || exec.status !== RUNNING || wft.seq !== task.seq || wft.startedEventId > 0) return null;
  return mutate(shard, exec, () => {
    const now = shard.clock.now();
    cancelTimerTask(shard, exec, { type: 'WorkflowTaskTimeout', timeoutType: 'SCHEDULE_TO_START' });
    wft.startedTime = now;
    wft.identity = identity;
    const startedAttrs = {
      scheduledEventId: 0,
      identity,
      requestId: randomUUID(),
      suggestContinueAsNew: false,
      historySizeBytes: 0,
    };
    if (wft.persisted) {
      startedAttrs.scheduledEventId = wft.scheduledEventId;
      wft.startedEventId = appendEvent(shard, exec, 'EVENT_TYPE_WORKFLOW_TASK_STARTED', startedAttrs).eventId;
    } else {
      // Not written to history until the task completes, but the worker sees them.
      const scheduled = makeEvent('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', wft.scheduledTime, {
        taskQueue: wft.queue,
        startToCloseTimeout: durFromMs(wft.timeoutMs),
        attempt: wft.attempt,
      });
      scheduled.eventId = exec.nextEventId;
      startedAttrs.scheduledEventId = scheduled.eventId;
      const started = makeEvent('EVENT_TYPE_WORKFLOW_TASK_STARTED', now, startedAttrs);
      started.eventId = exec.nextEventId + 1;
      wft.pendingEvents = [scheduled, started];
      wft.scheduledEventId = scheduled.eventId;
      wft.startedEventId = started.eventId;
    }
    armTimerTask(shard, exec, now + wft.timeoutMs, {
      type: 'WorkflowTaskTimeout',
      timeoutType: 'START_TO_CLOSE',
      seq: wft.seq,
    });

    const sticky = wft.queue.kind === STICKY;
    const firstEventId = sticky ? exec.lastCompletedStartedEventId + 1 : 1;
    const all = exec.history.length >= firstEventId ? exec.history.slice(firstEventId - 1) : [];
    const events = all.concat(wft.pendingEvents);
    let nextPageToken: Buffer = Buffer.alloc(0);
    let page = events;
    if (events.length > shard.pageSize) {
      page = events.slice(0, shard.pageSize);
      nextPageToken = encodeToken({
        runId: exec.runId,
        next: page[page.length - 1].eventId + 1,
        upTo: wft.startedEventId,
        seq: wft.seq,
      } satisfies HistoryPageToken);
    }

    const queries: Record<string, Req> = {};
    for (const q of execQueries(shard, task.key)) {
      if (q.state === 'attached') {
        q.state = 'inTask';
        q.taskSeq = wft.seq;
        queries[q.id] = q.query;
      }
    }
    const messages: Req[] = [];
    for (const update of Object.values(exec.updates)) {
      if (update.state === 'admitted' || update.state === 'sent') {
        update.state = 'sent';
        messages.push({
          id: `${update.updateId}/request`,
          protocolInstanceId: update.updateId,
          eventId: wft.startedEventId - 1,
          sequencingId: 'eventId',
          body: packAny('temporal.api.update.v1.Request', update.request),
        });
      }
    }
    const token: WorkflowTaskToken = { k: 'w', key: task.key, seq: wft.seq };
    return {
      taskToken: encodeToken(token),
      workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
      workflowType: { name: exec.workflowType },
      previousStartedEventId: exec.lastCompletedStartedEventId,
      startedEventId: wft.startedEventId,
      attempt: wft.attempt,
      backlogCountHint: 0,
      history: { events: page },
      nextPageToken,
      workflowExecutionTaskQueue: { name: exec.taskQueue, kind: NORMAL },
      scheduledTime: tsFromMs(wft.scheduledTime),
      startedTime: tsFromMs(now),
      queries,
      messages,
    };
  });
}

export function workflowTaskFromToken(
  shard: HistoryContext,
  token: Buffer,
): { exec: ExecutionRecord; wft: WorkflowTaskRecord } {
  const t = decodeToken<WorkflowTaskToken>(token);
  if (!t || t.k !== 'w' || typeof t.key !== 'string')
    throw invalidArgument('Error deserializing task token.');
  const exec = shard.executions.get(t.key);
  const wft = exec?.workflowTask;
  if (!exec || exec.status !== RUNNING || !wft || wft.seq !== t.seq || wft.startedEventId === 0) {
    if (process.env.TEMPORAL_DEVSERVER_TRACE) {
      console.error(
        `[engine] stale workflow task ${t.key.split('\u0000').join('/')} seq ${t.seq}: status ${exec?.status} current seq ${wft?.seq} started ${wft?.startedEventId}`,
      );
    }
    throw notFound('Workflow task not found.');
  }
  return { exec, wft };
}

/** Ends the running workflow task without completing it (failure or timeout). */
export function endWorkflowTaskUnsuccessfully(
  shard: HistoryContext,
  exec: ExecutionRecord,
  wft: WorkflowTaskRecord,
  eventType: 'EVENT_TYPE_WORKFLOW_TASK_FAILED' | 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
  attributes: Req,
  reschedule: boolean,
): void {
  cancelTimerTask(shard, exec, { type: 'WorkflowTaskTimeout', timeoutType: 'START_TO_CLOSE' });
  shard.busy.delete(`w${keyOf(exec)}`);
  exec.workflowTask = null;
  const hadBuffered = exec.buffered.length > 0;
  // The first failure is recorded; later attempts stay transient until one succeeds (as Temporal does).
  if (wft.persisted || wft.speculative || !reschedule) {
    if (!wft.persisted) {
      for (const e of wft.pendingEvents) exec.history.push(e);
      exec.nextEventId = wft.startedEventId + 1;
    }
    appendEvent(shard, exec, eventType, {
      scheduledEventId: wft.scheduledEventId,
      startedEventId: wft.startedEventId,
      ...attributes,
    });
  }
  flushBuffered(shard, exec);
  exec.sticky = null;
  exec.nextWorkflowTaskAttempt = hadBuffered ? 1 : wft.attempt + 1;
  for (const u of Object.values(exec.updates)) if (u.state === 'sent') u.state = 'admitted';
  requeueQueries(shard, exec, wft.seq);
  if (reschedule && exec.status === RUNNING) scheduleWorkflowTask(shard, exec);
}

export function workflowTaskTimedOut(shard: HistoryContext, exec: ExecutionRecord, seq: number): void {
  const wft = exec.workflowTask;
  if (!wft || wft.seq !== seq || wft.startedEventId === 0 || exec.status !== RUNNING) return;
  endWorkflowTaskUnsuccessfully(
    shard,
    exec,
    wft,
    'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
    { timeoutType: 'TIMEOUT_TYPE_START_TO_CLOSE' },
    true,
  );
}

export function respondWorkflowTaskFailed(shard: HistoryContext, req: Req): Req {
  const { exec, wft } = workflowTaskFromToken(shard, req.taskToken);
  mutate(shard, exec, () => {
    endWorkflowTaskUnsuccessfully(
      shard,
      exec,
      wft,
      'EVENT_TYPE_WORKFLOW_TASK_FAILED',
      {
        cause: req.cause || 'WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED',
        failure: req.failure ?? null,
        identity: req.identity ?? '',
        binaryChecksum: req.binaryChecksum ?? '',
      },
      true,
    );
  });
  return {};
}
