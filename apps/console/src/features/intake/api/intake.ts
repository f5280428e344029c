import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { customerKeys } from '../../customers/api/customers';

export type CreateCase = Schemas['CreateCaseDto'];
export type Category = CreateCase['category'];

/** Where a category's cases go by default (GET /api/cases/routing). */
export function useRouting(category: Category | undefined, branch: string | undefined) {
  return useQuery({
    queryKey: queryKeys.routing(category ?? '', branch),
    enabled: category !== undefined,
    queryFn: async () =>
      unwrap(await api.GET('/api/cases/routing', { params: { query: { category: category!, branch } } })),
  });
}

/**
 * Logs a case. The form's own Idempotency-Key makes a double click or a retry answer with the case the
 * first attempt made, never a second one.
 */
export function useCreateCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, key }: { body: CreateCase; key: string }) =>
      unwrap(await api.POST('/api/cases', { body, params: { header: { 'Idempotency-Key': key } } })),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.cases.lists() }),
        // The caller's customer record may be new: the next lookup of that phone must find it.
        client.invalidateQueries({ queryKey: customerKeys.all }),
      ]),
  });
}

export function useCreateComplaint() {
  return useMutation({
    mutationFn: async ({ body, key }: { body: Schemas['CreateComplaintDto']; key: string }) =>
      unwrap(await api.POST('/api/complaints', { body, params: { header: { 'Idempotency-Key': key } } })),
  });
}
