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

export type Template = Schemas['NotificationTemplateDto'];
export type TemplateBody = Schemas['UpdateNotificationTemplateDto'];

/** Every message type's template in both languages (GET /api/notification-templates). */
export function useTemplates() {
  return useQuery({
    queryKey: [...notificationKeys.all, 'templates'] as const,
    queryFn: async () => unwrap(await api.GET('/api/notification-templates')),
  });
}

/** Replaces a template's words (PUT /api/notification-templates/{type}/{language}); audited by the API. */
export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      type,
      language,
      body,
    }: {
      type: string;
      language: 'zh-CN' | 'en';
      body: TemplateBody;
    }) =>
      unwrap(
        await api.PUT('/api/notification-templates/{type}/{language}', {
          params: { path: { type, language } },
          body,
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: [...notificationKeys.all, 'templates'] }),
  });
}

/** A template as it would read: each {{placeholder}} shown as ⟨placeholder⟩ (the values come when it is sent). */
export function preview(text: string): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, '⟨$1⟩');
}

export type Webhook = Schemas['WebhookDto'];
export type WebhookBody = Schemas['CreateWebhookDto'];
const webhookKeys = {
  all: ['webhooks'] as const,
  deliveries: (id: string, page: number) => ['webhooks', id, 'deliveries', page] as const,
};

/** The webhook subscriptions (GET /api/webhooks). */
export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.all,
    queryFn: async () => unwrap(await api.GET('/api/webhooks')),
  });
}

/** One subscription's delivery log, newest first (GET /api/webhooks/{id}/deliveries). */
export function useDeliveries(id: string, page: number) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id, page),
    queryFn: async () =>
      unwrap(
        await api.GET('/api/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { page, pageSize: 10 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Subscribes a URL to event types (POST /api/webhooks). */
export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: WebhookBody) => unwrap(await api.POST('/api/webhooks', { body })),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

/** Ends a subscription (DELETE /api/webhooks/{id}). */
export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/webhooks/{id}', { params: { path: { id } } })),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}
