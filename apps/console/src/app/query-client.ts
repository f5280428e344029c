import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** 4xx answers are final (shown next to their cause); a 5xx or a lost connection is retried. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 3,
      staleTime: 5_000,
    },
    mutations: { retry: false },
  },
});
