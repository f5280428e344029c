import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';

export type BoardView = Schemas['BoardViewDto'];

// The board-views resource: one person's own saved views.
const boardViewsKey = ['board-views'] as const;

/** One's own saved board views (GET /api/board-views). */
export function useBoardViews() {
  return useQuery({
    queryKey: boardViewsKey,
    queryFn: async () => unwrap(await api.GET('/api/board-views')),
    staleTime: 60_000,
  });
}

/** Save the board's filters under a name (POST /api/board-views). */
export function useSaveBoardView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['CreateBoardViewDto']) =>
      unwrap(await api.POST('/api/board-views', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: boardViewsKey }),
  });
}

/** Delete one of one's own views (DELETE /api/board-views/{id}). */
export function useDeleteBoardView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/board-views/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: boardViewsKey }),
  });
}
