import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { CalendarData } from '../lib/year';

export type Calendar = Schemas['CalendarDto'];
export type CalendarBody = Schemas['CalendarBodyDto'];

/** The API types a calendar's days as open objects; the console reads them as the calendar library writes them. */
export const daysOf = (c: Calendar) => c as unknown as CalendarData;

export const calendarKeys = {
  all: ['calendars'] as const,
  detail: (id: string) => ['calendars', 'detail', id] as const,
};

export function useCalendars() {
  return useQuery({
    queryKey: calendarKeys.all,
    queryFn: async () => unwrap(await api.GET('/api/calendars')),
  });
}

export function useCalendar(id: string) {
  return useQuery({
    queryKey: calendarKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/calendars/{id}', { params: { path: { id } } })),
  });
}

export function useUpdateCalendar(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CalendarBody) =>
      unwrap(await api.PUT('/api/calendars/{id}', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}

/** POST /api/calendars/{id}/holidays/import with the file as multipart `file`. */
export function useImportHolidays(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) =>
      unwrap(
        await api.POST('/api/calendars/{id}/holidays/import', {
          params: { path: { id } },
          body: { file: file as unknown as string },
          bodySerializer: (body) => {
            const form = new FormData();
            form.append('file', body.file as unknown as Blob);
            return form;
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: calendarKeys.all }),
  });
}

/** The policies whose version in force names the calendar in a commitment. */
export function usePoliciesUsing(calendarId: string) {
  return useQuery({
    queryKey: ['sla-policies', 'using-calendar', calendarId],
    queryFn: async () => {
      const policies = unwrap(await api.GET('/api/sla-policies'));
      const details = await Promise.all(
        policies.map(async (p) =>
          unwrap(await api.GET('/api/sla-policies/{id}', { params: { path: { id: p.id } } })),
        ),
      );
      return details.filter((p) =>
        (p.current.rules as unknown as { commitments: { calendarId: string }[] }[]).some((rule) =>
          rule.commitments.some((c) => c.calendarId === calendarId),
        ),
      );
    },
  });
}
