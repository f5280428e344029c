// The supervisor's inbox: in-app messages (GET /api/inbox, with the unread count the navigation badge shows)
// and the escalations addressed to me (GET /api/escalations?mine=true). The live push invalidates both keys.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { operations } from '../../../api/schema';
import { queryKeys } from '../../../api/query-keys';

export type InboxFilters = NonNullable<operations['InboxController_list']['parameters']['query']>;
export type EscalationFilters = NonNullable<operations['EscalationsController_list']['parameters']['query']>;
export type InboxMessage = Schemas['InboxMessageDto'];
export type Escalation = Schemas['EscalationDto'];

export function useInbox(filters: InboxFilters, enabled = true) {
  return useQuery({
    queryKey: queryKeys.inbox.list(filters),
    queryFn: async () => unwrap(await api.GET('/api/inbox', { params: { query: filters } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Unread messages in my whole inbox (the badge): the count of a one-row page. */
export function useUnreadCount(enabled: boolean): number | undefined {
  return useInbox({ unread: true, pageSize: 1 }, enabled).data?.unread;
}

export function useEscalations(filters: EscalationFilters) {
  return useQuery({
    queryKey: queryKeys.escalations.list(filters),
    queryFn: async () => unwrap(await api.GET('/api/escalations', { params: { query: filters } })),
    placeholderData: keepPreviousData,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/inbox/{id}/read', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.inbox.all }),
  });
}

export function useAcknowledge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST('/api/escalations/{id}/acknowledge', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.escalations.all }),
  });
}
