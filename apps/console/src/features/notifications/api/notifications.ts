import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { operations } from '../../../api/schema';

export type Notification = Schemas['NotificationDto'];
export type OutboxFilters = NonNullable<operations['NotificationsController_list']['parameters']['query']>;

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (filters: OutboxFilters) => ['notifications', 'list', filters] as const,
  channels: ['notifications', 'channels'] as const,
};

/** The outbox, newest first (GET /api/notifications). */
export function useOutbox(filters: OutboxFilters) {
  return useQuery({
    queryKey: notificationKeys.list(filters),
    queryFn: async () => unwrap(await api.GET('/api/notifications', { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });
}

/** Which channels are configured (GET /api/notifications/channels). */
export function useChannels() {
  return useQuery({
    queryKey: notificationKeys.channels,
    queryFn: async () => unwrap(await api.GET('/api/notifications/channels')),
    staleTime: 60_000,
  });
}

/** Re-queues a failed or undeliverable message (POST /api/notifications/{id}/retry). */
export function useRetry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/notifications/{id}/retry', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
