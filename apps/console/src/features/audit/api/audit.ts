import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { operations } from '../../../api/schema';

export type AuditEntry = Schemas['AuditEntryDto'];
export type AuditFilters = NonNullable<operations['AuditController_list']['parameters']['query']>;

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => ['audit', 'list', filters] as const,
};

/** The audit log, newest first, filtered and paged by the API (GET /api/audit). Read only. */
export function useAuditLog(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: async () => unwrap(await api.GET('/api/audit', { params: { query: filters } })),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
