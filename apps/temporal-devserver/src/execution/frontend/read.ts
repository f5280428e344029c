// Reads (Temporal's api/getworkflowexecutionhistory, api/describeworkflow, DescribeTaskQueue, ShutdownWorker):
// history pages and long polls, describe, task queue pollers.
import { ServiceError, invalidArgument } from '../../errors';
import { DEFAULT_TASK_DISPATCH_RPS } from '../../matching';
import { decodeToken, durFromMs, encodeToken, num, tsFromMs } from '../../util';
import { ExecutionView, NORMAL, Req, execKey, queueKey } from '../common';
import { HistoryContext, findExecution, keyOf, mutate, waitForChange } from '../history/context';
import { stickyTimedOut } from '../history/workflow-task';
import { RUNNING } from '../state';
import { HistoryPageToken } from '../tokens';
import { lookupNamespace } from './namespaces';
import { requireString } from './validation';

export async function getWorkflowExecutionHistory(
  shard: HistoryContext,
  req: Req,
  signal: AbortSignal,
): Promise<Req> {
  const ns = lookupNamespace(shard, req.namespace).name;
  let exec = findExecution(shard, ns, req.execution);
  const token = req.nextPageToken?.length ? decodeToken<HistoryPageToken>(req.nextPageToken) : null;
  if (req.nextPageToken?.length && (!token || typeof token.next !== 'number'))
    throw invalidArgument('Invalid NextPageToken.');
  if (token?.runId && token.runId !== exec.runId) {
    const other = shard.executions.get(execKey(ns, exec.workflowId, token.runId));
    if (!other) throw invalidArgument('Invalid NextPageToken.');
    exec = other;
  }
  const key = keyOf(exec);
  const pageSize = Math.min(num(req.maximumPageSize) || shard.pageSize, shard.pageSize);
  const deadline = Date.now() + shard.waitTimeoutMs;
  const closeOnly = req.historyEventFilterType === 'HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT';

  for (;;) {
    if (closeOnly) {
      if (exec.status !== RUNNING)
        return {
          history: { events: [exec.history[exec.closeEventId - 1]] },
          nextPageToken: Buffer.alloc(0),
          archived: false,
        };
      if (!req.waitNewEvent)
        return { history: { events: [] }, nextPageToken: Buffer.alloc(0), archived: false };
    } else {
      const from = token?.next ?? 1;
      let view = exec.history;
      let upTo = exec.nextEventId - 1;
      if (token?.upTo) {
        upTo = token.upTo;
        const wft = exec.workflowTask;
        if (upTo > exec.nextEventId - 1 && wft && wft.seq === token.seq)
          view = exec.history.concat(wft.pendingEvents);
      }
      if (from <= upTo || !req.waitNewEvent || exec.status !== RUNNING) {
        const events = view.slice(from - 1, Math.min(upTo, from - 1 + pageSize));
        const last = events.length ? events[events.length - 1].eventId : from - 1;
        const more = last < upTo || (req.waitNewEvent && exec.status === RUNNING && !token?.upTo);
        return {
          history: { events },
          nextPageToken: more
            ? encodeToken({ ...token, runId: exec.runId, next: last + 1 } satisfies HistoryPageToken)
            : Buffer.alloc(0),
          archived: false,
        };
      }
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0 || signal.aborted || shard.closed) {
      return {
        history: { events: [] },
        nextPageToken: encodeToken({
          runId: exec.runId,
          next: token?.next ?? exec.nextEventId,
        } satisfies HistoryPageToken),
        archived: false,
      };
    }
    await waitForChange(shard, key, shard.historyWaiters, remaining, signal);
  }
}

export function describeWorkflowExecution(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
  const exec = findExecution(shard, ns, req.execution);
  const wft = exec.workflowTask;
  return {
    executionConfig: {
      taskQueue: { name: exec.taskQueue, kind: NORMAL },
      workflowExecutionTimeout: durFromMs(exec.executionTimeoutMs),
      workflowRunTimeout: durFromMs(exec.runTimeoutMs),
      defaultWorkflowTaskTimeout: durFromMs(exec.taskTimeoutMs),
    },
    workflowExecutionInfo: executionInfo(shard, exec),
    pendingActivities: Object.values(exec.activities).map((a) => ({
      activityId: a.activityId,
      activityType: { name: a.activityType },
      state: a.cancelRequested
        ? 'PENDING_ACTIVITY_STATE_CANCEL_REQUESTED'
        : a.startedTime > 0
          ? 'PENDING_ACTIVITY_STATE_STARTED'
          : 'PENDING_ACTIVITY_STATE_SCHEDULED',
      heartbeatDetails: a.heartbeatDetails,
      lastHeartbeatTime: a.lastHeartbeatTime ? tsFromMs(a.lastHeartbeatTime) : null,
      lastStartedTime: a.startedTime ? tsFromMs(a.startedTime) : null,
      attempt: a.attempt,
      maximumAttempts: a.retryPolicy.maximumAttempts,
      scheduledTime: tsFromMs(a.scheduledTime),
      expirationTime: a.scheduleToCloseMs ? tsFromMs(a.firstScheduledTime + a.scheduleToCloseMs) : null,
      lastFailure: a.lastFailure,
      lastWorkerIdentity: a.startedIdentity,
      nextAttemptScheduleTime: a.retryAt ? tsFromMs(a.retryAt) : null,
    })),
    pendingChildren: Object.values(exec.children).map((c) => ({
      workflowId: c.workflowId,
      runId: c.runId,
      workflowTypeName: c.workflowType,
      initiatedId: c.initiatedEventId,
      parentClosePolicy: c.parentClosePolicy,
    })),
    pendingWorkflowTask: wft
      ? {
          state:
            wft.startedEventId > 0
              ? 'PENDING_WORKFLOW_TASK_STATE_STARTED'
              : 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
          scheduledTime: tsFromMs(wft.scheduledTime),
          originalScheduledTime: tsFromMs(wft.scheduledTime),
          startedTime: wft.startedTime ? tsFromMs(wft.startedTime) : null,
          attempt: wft.attempt,
        }
      : null,
  };
}

export function executionInfo(shard: HistoryContext, exec: ExecutionView): Req {
  return {
    execution: { workflowId: exec.workflowId, runId: exec.runId },
    type: { name: exec.workflowType },
    startTime: tsFromMs(exec.startTime),
    closeTime: exec.closeTime ? tsFromMs(exec.closeTime) : null,
    status: exec.status,
    historyLength: exec.nextEventId - 1,
    parentNamespaceId: exec.parent ? (shard.namespaces.get(exec.parent.namespace)?.id ?? '') : '',
    parentExecution: exec.parent ? { workflowId: exec.parent.workflowId, runId: exec.parent.runId } : null,
    executionTime: tsFromMs(exec.executionTime),
    memo: exec.memo ?? { fields: {} },
    searchAttributes: exec.searchAttributes ?? { indexedFields: {} },
    taskQueue: exec.taskQueue,
    stateTransitionCount: exec.stateTransitionCount,
    historySizeBytes: exec.historySizeBytes,
    rootExecution: exec.root,
    firstRunId: exec.firstRunId,
    executionDuration: exec.closeTime ? durFromMs(exec.closeTime - exec.executionTime) : null,
  };
}

/**
 * Temporal's (legacy-mode) DescribeTaskQueue: the pollers seen on this queue and type within the poller
 * history TTL, with `taskQueueStatus`/`stats` when asked. A sticky queue is a queue of its own (describe it
 * by its name); its pollers do not count for the normal queue. A queue nobody polled answers no pollers.
 */
export function describeTaskQueue(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
  const name = requireString(req.taskQueue?.name, 'TaskQueue');
  if (req.apiMode === 'DESCRIBE_TASK_QUEUE_MODE_ENHANCED')
    throw new ServiceError(12, 'DescribeTaskQueue in enhanced mode (worker versioning) is not supported');
  const type: string = req.taskQueueType || 'TASK_QUEUE_TYPE_WORKFLOW';
  const queues =
    type === 'TASK_QUEUE_TYPE_WORKFLOW'
      ? shard.workflowQueues
      : type === 'TASK_QUEUE_TYPE_ACTIVITY'
        ? shard.activityQueues
        : null; // Nexus: no pollers here
  const key = queueKey(ns, name);
  const pollers = (queues?.pollers(key) ?? []).map((p) => ({
    identity: p.identity,
    lastAccessTime: tsFromMs(p.lastAccessTime),
    ratePerSecond: p.ratePerSecond,
    workerVersionCapabilities: null,
    deploymentOptions: null,
  }));
  const status = queues?.status(key) ?? { backlog: 0, oldestAddedAt: 0, added: 0, dispatched: 0 };
  return {
    pollers,
    taskQueueStatus: req.includeTaskQueueStatus
      ? {
          backlogCountHint: status.backlog,
          readLevel: status.added,
          ackLevel: status.dispatched,
          ratePerSecond: DEFAULT_TASK_DISPATCH_RPS,
          taskIdBlock: null,
        }
      : null,
    stats: req.reportStats
      ? {
          approximateBacklogCount: status.backlog,
          approximateBacklogAge: durFromMs(status.oldestAddedAt ? Date.now() - status.oldestAddedAt : 0),
          tasksAddRate: 0,
          tasksDispatchRate: 0,
        }
      : null,
  };
}

export function shutdownWorker(shard: HistoryContext, req: Req): Req {
  const ns = lookupNamespace(shard, req.namespace).name;
  if (req.stickyTaskQueue) {
    const key = queueKey(ns, req.stickyTaskQueue);
    shard.deadStickyQueues.add(key);
    // Tasks waiting on the dead sticky queue go to their normal queues right away.
    for (const task of shard.workflowQueues.drain(key)) {
      if (task.kind !== 'wft') continue;
      const exec = shard.executions.get(task.key);
      const wft = exec?.workflowTask;
      if (!exec || !wft || wft.seq !== task.seq || wft.startedEventId > 0) continue;
      mutate(shard, exec, () => stickyTimedOut(shard, exec, wft.seq));
    }
    shard.workflowQueues.forget(key);
  }
  return {};
}
