import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

// The handover resource: today's list, and who of this shift picked each entry up.
const handoverKey = ['handover'] as const;

/** Today's shift handover list (GET /api/handover): what the previous working day left open. */
export function useHandover() {
  return useQuery({
    queryKey: handoverKey,
    queryFn: async () => unwrap(await api.GET('/api/handover')),
  });
}

/** Mark an entry picked up by the caller (POST /api/handover/{number}/pick-up). */
export function usePickUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (number: string) =>
      unwrap(await api.POST('/api/handover/{number}/pick-up', { params: { path: { number } }, body: {} })),
    onSettled: () => client.invalidateQueries({ queryKey: handoverKey }),
  });
}
