import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';

export type Sample = Schemas['SampleDto'];
const OPEN: readonly string[] = ['pending', 'open', 'retry_scheduled'];
export type DrawBody = Schemas['DrawSampleDto'];

/** The month-end samples drawn so far, newest month first (GET /api/samples). */
export function useSamples(page: number) {
  return useQuery({
    queryKey: queryKeys.samples.list({ page }),
    queryFn: async () => unwrap(await api.GET('/api/samples', { params: { query: { page, pageSize: 12 } } })),
    placeholderData: keepPreviousData,
  });
}

/** A drawn sample's audit record with its chosen cases and their callbacks (GET /api/samples/{month}). */
export function useSample(month: string) {
  return useQuery({
    queryKey: queryKeys.samples.detail(month),
    queryFn: async () => unwrap(await api.GET('/api/samples/{month}', { params: { path: { month } } })),
    // Its callbacks start one by one after the draw: watch the progress while some are still to start.
    refetchInterval: (query) =>
      query.state.data?.cases?.some((c) => !c.callback || OPEN.includes(c.callback.state)) ? 5000 : false,
  });
}

/** What a draw of the month would choose, storing nothing (POST /api/samples/{month}/preview). */
export function usePreviewSample() {
  return useMutation({
    mutationFn: async ({ month, ratio }: { month: string; ratio?: number }) =>
      unwrap(
        await api.POST('/api/samples/{month}/preview', {
          params: { path: { month } },
          body: ratio === undefined ? {} : { ratio },
        }),
      ),
  });
}

/** Draws the month by hand (admin; POST /api/samples/{month}/draw): its level-3 callbacks start. */
export function useDrawSample() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ month, body }: { month: string; body: DrawBody }) =>
      unwrap(await api.POST('/api/samples/{month}/draw', { params: { path: { month } }, body })),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.samples.all });
      await client.invalidateQueries({ queryKey: queryKeys.callbacks.all });
    },
  });
}
