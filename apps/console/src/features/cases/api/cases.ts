import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { operations, paths } from '../../../api/schema';
import { queryKeys } from '../../../api/query-keys';

export type CaseFilters = NonNullable<operations['CasesController_list']['parameters']['query']>;
export type CaseDetail = Schemas['CaseDetailDto'];
export type CaseAction = CaseDetail['allowedActions'][number];

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: queryKeys.cases.list(filters),
    queryFn: async () => unwrap(await api.GET('/api/cases', { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });
}

export function useCase(number: string) {
  return useQuery({
    queryKey: queryKeys.cases.detail(number),
    queryFn: async () => unwrap(await api.GET('/api/cases/{number}', { params: { path: { number } } })),
  });
}

/** Each action's body, as the API documents it. */
export type ActionBodies = {
  [A in CaseAction]: NonNullable<
    paths[`/api/cases/{number}/actions/${A}`]['post']['requestBody']
  >['content']['application/json'];
};

export type ActionCall = { [A in CaseAction]: { action: A; body: ActionBodies[A] } }[CaseAction];

/** One action on a case (POST /api/cases/{number}/actions/{action}) with its form's body. */
export function useCaseAction(number: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, body }: ActionCall) => {
      // One generic call for twelve typed paths: the body's type is checked by ActionBodies above.
      const post = api.POST as unknown as (
        path: string,
        init: { params: { path: { number: string } }; body: unknown },
      ) => Promise<{ data?: Schemas['CaseDto']; error?: unknown; response: Response }>;
      return unwrap(
        await post(`/api/cases/{number}/actions/${action}`, { params: { path: { number } }, body }),
      );
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.cases.detail(number) });
      await client.invalidateQueries({ queryKey: queryKeys.cases.lists() });
    },
  });
}

/** Who may be given the case now, best first (GET /api/cases/{number}/assignment-suggestions). */
export function useAssigneeSuggestions(number: string, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.cases.detail(number), 'assignment-suggestions'],
    enabled,
    queryFn: async () =>
      unwrap(await api.GET('/api/cases/{number}/assignment-suggestions', { params: { path: { number } } })),
  });
}
