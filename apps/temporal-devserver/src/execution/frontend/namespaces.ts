// Namespaces (Temporal's frontend namespace handler): register, describe, list, look up; typed search attributes.
import { randomUUID } from 'node:crypto';
import { alreadyExists, invalidArgument, namespaceNotFound } from '../../errors';
import { decodeToken, durFromMs, encodeToken, msFromDur, num } from '../../util';
import { Req, SCHEDULER_SEARCH_ATTRIBUTES, SHORT_TYPE } from '../common';
import { HistoryContext } from '../history/context';
import { NamespaceRecord } from '../state';
import { requireString } from './validation';

/** The namespaces, for a store to save. */
export function namespaceRecords(shard: HistoryContext): NamespaceRecord[] {
  return [...shard.namespaces.values()];
}

export function ensureNamespace(shard: HistoryContext, name: string): NamespaceRecord {
  let ns = shard.namespaces.get(name);
  if (!ns) {
    ns = {
      name,
      id: randomUUID(),
      description: '',
      ownerEmail: '',
      retentionMs: 24 * 3600_000,
      data: {},
      registeredAt: shard.clock.now(),
    };
    shard.namespaces.set(name, ns);
  }
  return ns;
}

export function lookupNamespace(shard: HistoryContext, name: unknown): NamespaceRecord {
  if (typeof name !== 'string' || name === '') throw invalidArgument('Namespace is not set on request.');
  const ns = shard.namespaces.get(name);
  if (!ns) throw namespaceNotFound(name);
  return ns;
}

/**
 * Checks search attributes against the registered ones and stamps each payload with its type, as the
 * real server does (typed readers in the SDK rely on `metadata.type`).
 */
export function typedSearchAttributes(
  shard: HistoryContext,
  sa: Req | null | undefined,
  strict: boolean,
): Req | null {
  const fields = sa?.indexedFields as Record<string, Req> | undefined;
  if (!fields) return sa ?? null;
  const out: Record<string, Req> = {};
  for (const [name, payload] of Object.entries(fields)) {
    const type = shard.searchAttributeTypes.get(name) ?? SCHEDULER_SEARCH_ATTRIBUTES[name];
    if (!type) {
      if (strict) throw invalidArgument(`search attribute ${name} is not defined`);
      out[name] = payload;
      continue;
    }
    const metadata = { ...(payload?.metadata ?? {}) };
    if (!metadata.type?.length) metadata.type = Buffer.from(SHORT_TYPE[type] ?? 'Keyword');
    out[name] = { ...payload, metadata };
  }
  return { indexedFields: out };
}

export function registerNamespace(shard: HistoryContext, req: Req): Req {
  const name = requireString(req.namespace, 'Namespace');
  // As Temporal Server: a local namespace needs a retention of at least 1 s (zero would read as
  // "forever"), and the request is validated before the name is looked up.
  const retentionMs = req.workflowExecutionRetentionPeriod
    ? msFromDur(req.workflowExecutionRetentionPeriod)
    : 0;
  if (!(retentionMs >= 1000)) throw invalidArgument('A valid retention period is not set on request.');
  if (shard.namespaces.has(name)) throw alreadyExists(`Namespace "${name}" already exists`);
  const ns = ensureNamespace(shard, name);
  ns.description = req.description ?? '';
  ns.ownerEmail = req.ownerEmail ?? '';
  ns.data = req.data ?? {};
  ns.retentionMs = retentionMs;
  return {};
}

export function describeNamespace(shard: HistoryContext, req: Req): Req {
  let ns: NamespaceRecord | undefined;
  if (req.namespace) ns = lookupNamespace(shard, req.namespace);
  else if (req.id) ns = [...shard.namespaces.values()].find((n) => n.id === req.id);
  else throw invalidArgument('Namespace is not set on request.');
  if (!ns) throw namespaceNotFound(req.id);
  return namespaceDescription(shard, ns);
}

export function listNamespaces(shard: HistoryContext, req: Req): Req {
  const all = [...shard.namespaces.values()];
  const pageSize = num(req.pageSize) || 100;
  const start = Number(decodeToken<number>(req.nextPageToken) ?? 0);
  const page = all.slice(start, start + pageSize);
  return {
    namespaces: page.map((n) => namespaceDescription(shard, n)),
    nextPageToken:
      start + pageSize < all.length ? encodeToken((start + pageSize) as unknown as object) : Buffer.alloc(0),
  };
}

export function namespaceDescription(shard: HistoryContext, ns: NamespaceRecord): Req {
  return {
    namespaceInfo: {
      name: ns.name,
      state: 'NAMESPACE_STATE_REGISTERED',
      description: ns.description,
      ownerEmail: ns.ownerEmail,
      data: ns.data,
      id: ns.id,
      capabilities: { eagerWorkflowStart: false, syncUpdate: true, asyncUpdate: true },
      supportsSchedules: false,
    },
    config: {
      workflowExecutionRetentionTtl: durFromMs(ns.retentionMs),
      historyArchivalState: 'ARCHIVAL_STATE_DISABLED',
      visibilityArchivalState: 'ARCHIVAL_STATE_DISABLED',
    },
    replicationConfig: {
      activeClusterName: 'active',
      clusters: [{ clusterName: 'active' }],
      state: 'REPLICATION_STATE_NORMAL',
    },
    failoverVersion: 0,
    isGlobalNamespace: false,
  };
}
