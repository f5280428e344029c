// Queries (Temporal's workflow/query_registry.go and api/queryworkflow): held while a workflow task runs, attached
// to the next one or sent as a legacy query task, answered from the worker's response.
import { randomUUID } from 'node:crypto';
import { ServiceError, invalidArgument, notFound } from '../../errors';
import { decodeToken, encodeToken, tsFromMs } from '../../util';
import { NORMAL, PendingQuery, Req, queueKey } from '../common';
import { lookupNamespace } from '../frontend/namespaces';
import { ExecutionRecord, RUNNING } from '../state';
import { HistoryPageToken, QueryTaskToken } from '../tokens';
import { HistoryContext, findExecution, keyOf } from './context';

export function execQueries(shard: HistoryContext, key: string): PendingQuery[] {
  const ids = shard.queriesByExec.get(key);
  if (!ids) return [];
  return [...ids].map((id) => shard.queries.get(id)).filter((q): q is PendingQuery => !!q);
}

export function queryWorkflow(shard: HistoryContext, req: Req, signal: AbortSignal): Promise<Req> {
  const ns = lookupNamespace(shard, req.namespace).name;
  const exec = findExecution(shard, ns, req.execution);
  if (!req.query?.queryType) throw invalidArgument('QueryType is not set on request.');
  const condition: string = req.queryRejectCondition;
  if (exec.status !== RUNNING) {
    if (
      condition === 'QUERY_REJECT_CONDITION_NOT_OPEN' ||
      (condition === 'QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY' &&
        exec.status !== 'WORKFLOW_EXECUTION_STATUS_COMPLETED')
    ) {
      return Promise.resolve({ queryResult: null, queryRejected: { status: exec.status } });
    }
  }
  const key = keyOf(exec);
  return new Promise<Req>((resolve, reject) => {
    const id = randomUUID();
    const cleanup = (): void => {
      shard.queries.delete(id);
      shard.queriesByExec.get(key)?.delete(id);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      reject(new ServiceError(1, 'query cancelled'));
    };
    const q: PendingQuery = {
      id,
      key,
      query: req.query,
      state: 'held',
      taskSeq: 0,
      resolve: (r) => {
        cleanup();
        resolve(r);
      },
      reject: (e) => {
        cleanup();
        reject(e);
      },
    };
    shard.queries.set(id, q);
    let set = shard.queriesByExec.get(key);
    if (!set) shard.queriesByExec.set(key, (set = new Set()));
    set.add(id);
    signal.addEventListener('abort', onAbort);
    routeQuery(shard, exec, q);
  });
}

export function routeQuery(shard: HistoryContext, exec: ExecutionRecord, q: PendingQuery): void {
  const wft = exec.workflowTask;
  if (exec.status === RUNNING && wft) {
    q.state = wft.startedEventId > 0 ? 'held' : 'attached';
    return;
  }
  if (exec.status === RUNNING && exec.lastCompletedStartedEventId === 0) {
    q.state = 'held';
    return;
  }
  dispatchLegacyQuery(shard, exec, q);
}

export function dispatchLegacyQuery(shard: HistoryContext, exec: ExecutionRecord, q: PendingQuery): void {
  q.state = 'legacy';
  shard.workflowQueues.add(queueKey(exec.namespace, exec.taskQueue), { kind: 'query', queryId: q.id });
}

/** After a workflow task ends: queries that waited for it go out now. */
export function requeueQueries(shard: HistoryContext, exec: ExecutionRecord, seq: number): void {
  for (const q of execQueries(shard, keyOf(exec))) {
    if (
      q.state === 'held' ||
      (q.state === 'inTask' && q.taskSeq === seq) ||
      (q.state === 'attached' && !exec.workflowTask)
    ) {
      routeQuery(shard, exec, q);
    }
  }
}

export function answerQueries(
  shard: HistoryContext,
  exec: ExecutionRecord,
  seq: number,
  results: Record<string, Req>,
): void {
  for (const [id, result] of Object.entries(results)) {
    const q = shard.queries.get(id);
    if (!q || q.state !== 'inTask' || q.taskSeq !== seq) continue;
    if (result.resultType === 'QUERY_RESULT_TYPE_ANSWERED')
      q.resolve({ queryResult: result.answer ?? null, queryRejected: null });
    else q.reject(invalidArgument(result.errorMessage || result.failure?.message || 'query failed'));
  }
  void exec;
}

export function startQueryTask(shard: HistoryContext, queryId: string): Req | null {
  const q = shard.queries.get(queryId);
  if (!q || q.state !== 'legacy') return null;
  const exec = shard.executions.get(q.key);
  if (!exec) return null;
  const now = shard.clock.now();
  const token: QueryTaskToken = { k: 'q', id: queryId };
  let events = exec.history;
  let nextPageToken: Buffer = Buffer.alloc(0);
  if (events.length > shard.pageSize) {
    events = events.slice(0, shard.pageSize);
    nextPageToken = encodeToken({
      runId: exec.runId,
      next: shard.pageSize + 1,
      upTo: exec.nextEventId - 1,
    } satisfies HistoryPageToken);
  }
  return {
    taskToken: encodeToken(token),
    workflowExecution: { workflowId: exec.workflowId, runId: exec.runId },
    workflowType: { name: exec.workflowType },
    previousStartedEventId: exec.lastCompletedStartedEventId,
    startedEventId: exec.lastCompletedStartedEventId,
    attempt: 1,
    backlogCountHint: 0,
    history: { events },
    nextPageToken,
    query: q.query,
    workflowExecutionTaskQueue: { name: exec.taskQueue, kind: NORMAL },
    scheduledTime: tsFromMs(now),
    startedTime: tsFromMs(now),
    queries: {},
    messages: [],
  };
}

export function respondQueryTaskCompleted(shard: HistoryContext, req: Req): Req {
  const t = decodeToken<QueryTaskToken>(req.taskToken);
  if (!t || t.k !== 'q') throw invalidArgument('Error deserializing task token.');
  const q = shard.queries.get(t.id);
  if (!q) throw notFound('query task not found, or already expired');
  if (req.completedType === 'QUERY_RESULT_TYPE_ANSWERED')
    q.resolve({ queryResult: req.queryResult ?? null, queryRejected: null });
  else q.reject(invalidArgument(req.errorMessage || req.failure?.message || 'query failed'));
  return {};
}
