// ListWorkflowExecutions / CountWorkflowExecutions over the engine's executions, filtered with the
// visibility query language (query.ts).
import { invalidArgument } from '../errors';
import type { ExecutionView } from '../execution/engine';
import { decodeToken, encodeToken, num } from '../util';
import {
  VisibilityQueryError,
  compareForVisibilityOrder,
  matchesVisibilityQuery,
  parseVisibilityQuery,
  type VisibilityQuery,
} from './query';
import {
  WORKFLOW_EXECUTION_STATUS_NAMES,
  type VisibilityRecord,
  type WorkflowExecutionStatusName,
} from './record';

const STATUS_NAME: Record<string, WorkflowExecutionStatusName> = Object.fromEntries(
  WORKFLOW_EXECUTION_STATUS_NAMES.map((name) => [
    `WORKFLOW_EXECUTION_STATUS_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
    name,
  ]),
);

function decodeSearchAttribute(payload: { metadata?: Record<string, Buffer>; data?: Buffer }): unknown {
  const type = payload.metadata?.type?.toString();
  let value: unknown;
  try {
    value = JSON.parse(payload.data?.toString() ?? 'null');
  } catch {
    return undefined;
  }
  if (type === 'Datetime' && typeof value === 'string') return new Date(value);
  if (type === 'Datetime' && Array.isArray(value)) return value.map((v) => new Date(String(v)));
  // Single values of non-list types may arrive as one-element arrays (older SDK encoding).
  if (Array.isArray(value) && type !== 'KeywordList' && value.length === 1) return value[0];
  return value;
}

export function toVisibilityRecord(exec: ExecutionView): VisibilityRecord {
  const searchAttributes: Record<string, unknown> = {};
  const fields = (exec.searchAttributes?.indexedFields ?? {}) as Record<
    string,
    { metadata?: Record<string, Buffer>; data?: Buffer }
  >;
  for (const [name, payload] of Object.entries(fields)) {
    const v = decodeSearchAttribute(payload);
    if (v !== undefined && v !== null) searchAttributes[name] = v;
  }
  return {
    namespace: exec.namespace,
    workflowId: exec.workflowId,
    runId: exec.runId,
    workflowType: exec.workflowType,
    taskQueue: exec.taskQueue,
    status: STATUS_NAME[exec.status],
    startTime: new Date(exec.startTime),
    executionTime: new Date(exec.executionTime),
    closeTime: exec.closeTime ? new Date(exec.closeTime) : undefined,
    historyLength: exec.nextEventId - 1,
    searchAttributes,
  };
}

function parse(query: string | undefined): VisibilityQuery {
  try {
    return parseVisibilityQuery(query ?? '');
  } catch (err) {
    if (err instanceof VisibilityQueryError) throw invalidArgument(`invalid query: ${err.message}`);
    throw err;
  }
}

function matching(
  executions: Iterable<ExecutionView>,
  namespace: string,
  q: VisibilityQuery,
): ExecutionView[] {
  const out: ExecutionView[] = [];
  for (const exec of executions) {
    if (exec.namespace !== namespace) continue;
    if (matchesVisibilityQuery(q, toVisibilityRecord(exec))) out.push(exec);
  }
  return out;
}

export function listExecutions(
  executions: Iterable<ExecutionView>,
  namespace: string,
  req: { query?: string; pageSize?: number | string; nextPageToken?: Buffer },
  info: (exec: ExecutionView) => object,
): { executions: object[]; nextPageToken: Buffer } {
  const q = parse(req.query);
  const order = compareForVisibilityOrder(q);
  const found = matching(executions, namespace, q)
    .map((exec) => ({ exec, record: toVisibilityRecord(exec) }))
    .sort((a, b) => order(a.record, b.record));
  const pageSize = num(req.pageSize) > 0 ? num(req.pageSize) : 1000;
  const offset = req.nextPageToken?.length
    ? (decodeToken<{ offset: number }>(req.nextPageToken)?.offset ?? -1)
    : 0;
  if (!Number.isInteger(offset) || offset < 0) throw invalidArgument('Invalid NextPageToken.');
  const page = found.slice(offset, offset + pageSize);
  return {
    executions: page.map(({ exec }) => info(exec)),
    nextPageToken:
      offset + pageSize < found.length ? encodeToken({ offset: offset + pageSize }) : Buffer.alloc(0),
  };
}

export function countExecutions(
  executions: Iterable<ExecutionView>,
  namespace: string,
  req: { query?: string },
): { count: number; groups: object[] } {
  const q = parse(req.query);
  const found = matching(executions, namespace, q);
  if (q.groupBy.length === 0) return { count: found.length, groups: [] };
  if (q.groupBy.length !== 1 || q.groupBy[0].name !== 'ExecutionStatus') {
    throw invalidArgument('invalid query: GROUP BY is only supported for ExecutionStatus');
  }
  const counts = new Map<string, number>();
  for (const exec of found) {
    const name = STATUS_NAME[exec.status];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return {
    count: found.length,
    groups: [...counts].map(([name, count]) => ({
      groupValues: [
        {
          metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') },
          data: Buffer.from(JSON.stringify(name)),
        },
      ],
      count,
    })),
  };
}
