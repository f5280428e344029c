// The console's one server push: an EventSource on GET /api/events (the session cookie signs it in). Each
// change invalidates the TanStack queries it touches, so the board, the case page and the inbox badge refetch
// what changed — no second copy of the data. The browser reconnects by itself and sends Last-Event-ID, so the
// API replays what changed meanwhile; when the stream cannot resume (it was closed for good, or the API says
// `reset`), every query is refetched.
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys';

/** One change as the API sends it (`event: change`; documented at GET /api/events). */
export interface LiveChange {
  kind: 'case' | 'commitment' | 'callback' | 'complaint' | 'escalation' | 'inbox';
  ref: string;
  caseNumber: string | null;
  complaintNumber: string | null;
}

/** A query-key prefix to invalidate; `all`: every query. */
export type Invalidation = QueryKey | 'all';

/** What a change makes stale. */
export function invalidationsFor(change: LiveChange): Invalidation[] {
  const keys: Invalidation[] = [];
  if (change.caseNumber) {
    keys.push(queryKeys.cases.lists(), queryKeys.cases.detail(change.caseNumber), ['handover']);
  }
  if (change.complaintNumber || change.kind === 'complaint') keys.push(['complaints']);
  if (change.kind === 'escalation') keys.push(queryKeys.escalations.all);
  if (change.kind === 'inbox') keys.push(queryKeys.inbox.all);
  return keys;
}

export type LiveStatus = 'connecting' | 'open' | 'lost';

export interface LiveOptions {
  url?: string;
  /** Changes arriving within this window are refetched together (a burst is one refetch per query). */
  batchMs?: number;
  /** How long an interrupted stream may take to reconnect before the page says it is offline. */
  graceMs?: number;
  onStatus?: (status: LiveStatus) => void;
}

/** Opens the stream and keeps it open until the returned function is called. */
export function connectLiveEvents(client: QueryClient, options: LiveOptions = {}): () => void {
  const { url = '/api/events', batchMs = 100, graceMs = 1500, onStatus = () => {} } = options;
  let source: EventSource | undefined;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;
  let flush: ReturnType<typeof setTimeout> | undefined;
  let lost = false;
  let attempts = 0;
  const pending = new Map<string, Invalidation>();

  const invalidate = (keys: Invalidation[]) => {
    for (const key of keys) pending.set(key === 'all' ? 'all' : JSON.stringify(key), key);
    flush ??= setTimeout(() => {
      flush = undefined;
      const batch = [...pending.values()];
      pending.clear();
      if (batch.includes('all')) void client.invalidateQueries();
      else for (const key of batch) void client.invalidateQueries({ queryKey: key as QueryKey });
    }, batchMs);
  };

  const setLost = () => {
    if (lost) return;
    lost = true;
    onStatus('lost');
  };

  const open = (fresh: boolean) => {
    source = new EventSource(url, { withCredentials: true });
    source.addEventListener('open', () => {
      attempts = 0;
      clearTimeout(grace);
      grace = undefined;
      // A new EventSource has no Last-Event-ID: what changed while it was closed is unknown.
      if (fresh || lost) invalidate(['all']);
      fresh = false;
      lost = false;
      onStatus('open');
    });
    source.addEventListener('change', (event) => {
      invalidate(invalidationsFor(JSON.parse((event as MessageEvent<string>).data) as LiveChange));
    });
    source.addEventListener('reset', () => invalidate(['all']));
    source.addEventListener('error', () => {
      if (stopped) return;
      // CONNECTING: the browser retries by itself (with Last-Event-ID); say "offline" only if that takes long.
      grace ??= setTimeout(setLost, graceMs);
      if (source?.readyState === EventSource.CLOSED) {
        // Closed for good (e.g. a refused or failed answer): start over, a little later each time. If the
        // session expired, asking who is signed in answers 401, which returns the app to the sign-in page.
        source.close();
        void client.invalidateQueries({ queryKey: queryKeys.me });
        clearTimeout(retry);
        retry = setTimeout(() => open(true), Math.min(1000 * 2 ** attempts++, 15_000));
      }
    });
  };

  onStatus('connecting');
  open(false);
  return () => {
    stopped = true;
    clearTimeout(retry);
    clearTimeout(grace);
    clearTimeout(flush);
    source?.close();
  };
}
