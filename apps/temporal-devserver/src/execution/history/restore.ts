// Restore from a persistent store (Temporal's task refresher after a shard moves): the records are the truth.
import { num } from '../../util';
import { RestoredState, idKey } from '../common';
import { continueTaskIdsAfter } from '../events';
import { RUNNING } from '../state';
import { HistoryContext, keyOf } from './context';
import { rearm } from './timers';

/**
 * Loads records saved by a persistent store and re-derives what lives only in memory: the clock's timers
 * (a deadline already past fires at once, in due order, as the clock fires every due entry by time), the
 * task-queue entries of scheduled workflow tasks and activities, and the current run of each workflow id.
 * A workflow task or activity that was started when the server went down stays started: its worker may
 * still answer with its task token, and otherwise its start-to-close (or heartbeat) timeout, a durable
 * deadline, ends the attempt and the retry rules apply — Temporal's behaviour after a host restart.
 */
export function restore(shard: HistoryContext, state: RestoredState): void {
  for (const ns of state.namespaces) shard.namespaces.set(ns.name, ns);
  let maxTaskId = 0;
  for (const exec of state.executions) {
    Map.prototype.set.call(shard.executions, keyOf(exec), exec);
    shard.currentRuns.set(idKey(exec.namespace, exec.workflowId), exec.runId);
    const last = exec.history[exec.history.length - 1];
    if (last) maxTaskId = Math.max(maxTaskId, num(last.taskId));
    for (const e of exec.buffered) maxTaskId = Math.max(maxTaskId, num(e.taskId));
  }
  continueTaskIdsAfter(maxTaskId);
  for (const exec of state.executions) if (exec.status === RUNNING) rearm(shard, exec);
}
