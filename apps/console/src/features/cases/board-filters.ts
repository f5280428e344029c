// The board's filters as they live in the address (so a view can be shared and the back button works), and
// the views: built-in presets of those filters, and a person's own saved ones (GET /api/board-views), each
// nothing but a query string. Pure, so Vitest checks it.
import type { CaseFilters } from './api/cases';

export const OPEN_STATES = [
  'new',
  'assigned',
  'contacted',
  'scheduled',
  'in_progress',
  'awaiting_customer',
  'forwarded',
  'reopened',
] as const;
export const KINDS = ['service_request', 'inquiry'] as const;
export const CATEGORIES = ['technical', 'service', 'sales', 'other'] as const;
export const SORTS = ['receivedAt', 'nextDueAt', 'updatedAt'] as const;
/** "Due soon" on the board: the next deadline within the coming hour. */
export const DUE_SOON_MINUTES = 60;

/** The keys a view keeps: every filter and the order, not the page (as POST /api/board-views keeps them). */
const VIEW_KEYS = [
  'state',
  'kind',
  'category',
  'branch',
  'assignee',
  'breached',
  'dueWithin',
  'q',
  'sort',
  'order',
  'pageSize',
];

export const BUILT_IN_VIEWS = [
  { id: 'all', query: '' },
  { id: 'mine', query: 'assignee=me' },
  { id: 'team', query: 'assignee=team' },
  { id: 'breached', query: 'breached=true' },
  { id: 'dueSoon', query: `dueWithin=${DUE_SOON_MINUTES}` },
] as const;
export type BuiltInView = (typeof BUILT_IN_VIEWS)[number]['id'];

/** A query string reduced to what a view keeps, in a fixed order: two equal views give the same text. */
export function viewQuery(query: string | URLSearchParams): string {
  const params = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const key of [...new Set(params.keys())].filter((k) => VIEW_KEYS.includes(k)).sort()) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  return kept.toString();
}

/** The id of the first view (built-in, then one's own) whose filters are exactly the address's. */
export function activeView(
  params: URLSearchParams,
  own: readonly { id: string; query: string }[] = [],
): string | undefined {
  const current = viewQuery(params);
  return [...BUILT_IN_VIEWS, ...own].find((view) => viewQuery(view.query) === current)?.id;
}

/** What GET /api/cases is asked, from the address; the board shows open cases unless states are chosen. */
export function filtersFrom(params: URLSearchParams): CaseFilters {
  const state = params.get('state')?.split(',').filter(Boolean) as CaseFilters['state'];
  const sort = params.get('sort') as CaseFilters['sort'];
  const dueWithin = Number(params.get('dueWithin'));
  return {
    state: state?.length ? state : [...OPEN_STATES],
    kind: (params.get('kind') as CaseFilters['kind']) ?? undefined,
    category: (params.get('category') as CaseFilters['category']) ?? undefined,
    branch: params.get('branch') ?? undefined,
    assignee: params.get('assignee') ?? undefined,
    breached: params.get('breached') === 'true' ? true : undefined,
    dueWithin: Number.isInteger(dueWithin) && dueWithin > 0 ? dueWithin : undefined,
    q: params.get('q') ?? undefined,
    sort: sort && SORTS.includes(sort) ? sort : 'nextDueAt',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
}

/** What the board's pager needs from a page of GET /api/cases. */
export interface BoardPager {
  /** The total the pager counts pages by. */
  pagerTotal: number;
  /** Capped: the API stopped counting (show "10,000+"). */
  capped: boolean;
}

/**
 * The pager for a page of the list. A capped total is a floor, not the end: while the API says another page
 * follows (`nextCursor`), the pager offers the page after this one, however deep.
 */
export function boardPager(
  list: { total: number; totalCapped: boolean; nextCursor: string | null } | undefined,
  page: number,
  pageSize: number,
): BoardPager {
  if (!list) return { pagerTotal: 0, capped: false };
  if (!list.totalCapped) return { pagerTotal: list.total, capped: false };
  const throughNext = page * pageSize + (list.nextCursor ? 1 : 0);
  return { pagerTotal: Math.max(list.total, throughNext), capped: true };
}
