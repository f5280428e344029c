// TanStack Query keys, one family per API resource, so that a later live push (server-sent events) can
// invalidate or patch exactly what changed: e.g. a case event invalidates queryKeys.cases.detail(number)
// and queryKeys.cases.lists().
export const queryKeys = {
  me: ['users', 'me'] as const,
  branches: ['branches'] as const,
  routing: (category: string, branch?: string) => ['cases', 'routing', category, branch ?? null] as const,
  cases: {
    all: ['cases'] as const,
    lists: () => ['cases', 'list'] as const,
    list: (filters: Record<string, unknown>) => ['cases', 'list', filters] as const,
    detail: (number: string) => ['cases', 'detail', number] as const,
  },
  inbox: {
    all: ['inbox'] as const,
    list: (filters: Record<string, unknown>) => ['inbox', 'list', filters] as const,
  },
  escalations: {
    all: ['escalations'] as const,
    list: (filters: Record<string, unknown>) => ['escalations', 'list', filters] as const,
  },
  callbacks: {
    all: ['callbacks'] as const,
    list: (filters: Record<string, unknown>) => ['callbacks', 'list', filters] as const,
  },
  samples: {
    all: ['samples'] as const,
    list: (filters: Record<string, unknown>) => ['samples', 'list', filters] as const,
    detail: (month: string) => ['samples', 'detail', month] as const,
  },
};
