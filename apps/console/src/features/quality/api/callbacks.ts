import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { operations } from '../../../api/schema';
import { queryKeys } from '../../../api/query-keys';

export type Callback = Schemas['CallbackDto'];
export type CallbackFilters = NonNullable<operations['CallbacksController_list']['parameters']['query']>;
export type AttemptBody = Schemas['RecordAttemptDto'];

/** The callback queue (GET /api/callbacks), soonest due first. */
export function useCallbacks(filters: CallbackFilters) {
  return useQuery({
    queryKey: queryKeys.callbacks.list(filters),
    queryFn: async () => unwrap(await api.GET('/api/callbacks', { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * One call to the customer (POST /api/callbacks/{id}/attempts). The form's own Idempotency-Key makes a
 * double click or a retry record one attempt, never two.
 */
export function useRecordAttempt(id: string, idempotencyKey: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: AttemptBody) =>
      unwrap(
        await api.POST('/api/callbacks/{id}/attempts', {
          params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
          body,
        }),
      ),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.callbacks.all });
      await client.invalidateQueries({ queryKey: queryKeys.samples.all });
      await client.invalidateQueries({ queryKey: queryKeys.cases.all });
    },
  });
}
