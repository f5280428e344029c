import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { operations, paths } from '../../../api/schema';

export type ComplaintFilters = NonNullable<operations['ComplaintsController_list']['parameters']['query']>;
export type ComplaintDetail = Schemas['ComplaintDetailDto'];
export type ComplaintAction = ComplaintDetail['allowedActions'][number];

// The complaints resource: lists by their filters, one complaint by its number.
export const complaintKeys = {
  lists: () => ['complaints', 'list'] as const,
  list: (filters: ComplaintFilters) => ['complaints', 'list', filters] as const,
  detail: (number: string) => ['complaints', 'detail', number] as const,
};

export function useComplaints(filters: ComplaintFilters) {
  return useQuery({
    queryKey: complaintKeys.list(filters),
    queryFn: async () => unwrap(await api.GET('/api/complaints', { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });
}

export function useComplaint(number: string) {
  return useQuery({
    queryKey: complaintKeys.detail(number),
    queryFn: async () => unwrap(await api.GET('/api/complaints/{number}', { params: { path: { number } } })),
  });
}

/** Each action's body, as the API documents it. */
export type ComplaintActionBodies = {
  [A in ComplaintAction]: NonNullable<
    paths[`/api/complaints/{number}/actions/${A}`]['post']['requestBody']
  >['content']['application/json'];
};

export type ComplaintActionCall = {
  [A in ComplaintAction]: { action: A; body: ComplaintActionBodies[A] };
}[ComplaintAction];

/** One action on a complaint (POST /api/complaints/{number}/actions/{action}) with its form's body. */
export function useComplaintAction(number: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, body }: ComplaintActionCall) => {
      // One generic call for seven typed paths: the body's type is checked by ComplaintActionBodies above.
      const post = api.POST as unknown as (
        path: string,
        init: { params: { path: { number: string } }; body: unknown },
      ) => Promise<{ data?: Schemas['ComplaintDto']; error?: unknown; response: Response }>;
      return unwrap(
        await post(`/api/complaints/{number}/actions/${action}`, { params: { path: { number } }, body }),
      );
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: complaintKeys.detail(number) });
      await client.invalidateQueries({ queryKey: complaintKeys.lists() });
    },
  });
}
