import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';

export type Customer = Schemas['CustomerRecordDto'];
export type CustomerDetail = Schemas['CustomerDetailDto'];

/** Query keys of the customers resource (GET /api/customers…). */
export const customerKeys = {
  all: ['customers'] as const,
  list: (filters: { q?: string; page?: number }) => ['customers', 'list', filters] as const,
  lookup: (phone: string) => ['customers', 'lookup', phone] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
};

/** A phone as the API stores it ("+86 138-0013-8000" → "+8613800138000"), or undefined if it is not one yet. */
export function phoneForLookup(typed: string): string | undefined {
  const trimmed = typed.trim();
  if (!/^\+?[\d\s-]+$/.test(trimmed)) return undefined;
  const phone = trimmed.replace(/[\s-]/g, '');
  return /^\+?\d{7,20}$/.test(phone) ? phone : undefined;
}

/** The customers a caller's phone belongs to (GET /api/customers/lookup); idle until the phone is one. */
export function useCustomerLookup(typed: string) {
  const phone = phoneForLookup(typed);
  return useQuery({
    queryKey: customerKeys.lookup(phone ?? ''),
    enabled: phone !== undefined,
    queryFn: async () =>
      unwrap(await api.GET('/api/customers/lookup', { params: { query: { phone: phone! } } })),
    // Always asked afresh: a caller logged a minute ago must be found on the next call.
    staleTime: 0,
  });
}

export function useCustomers(filters: { q?: string; page?: number }) {
  return useQuery({
    queryKey: customerKeys.list(filters),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/customers', {
          params: { query: { ...(filters.q ? { q: filters.q } : {}), page: filters.page ?? 1 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/customers/{id}', { params: { path: { id } } })),
  });
}
