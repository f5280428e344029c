// The signed-in user (GET /api/users/me): null when not signed in. Sign-in sets the session cookie; this
// code never holds a token.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap, type Schemas } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';

export type Me = Schemas['UserDto'];
export type Role = Me['roles'][number];

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async (): Promise<Me | null> => {
      try {
        return unwrap(await api.GET('/api/users/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['LoginDto']) => unwrap(await api.POST('/api/auth/login', { body })),
    onSuccess: async () => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'users' });
      await client.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/auth/logout')),
    onSettled: () => {
      client.clear();
      client.setQueryData(queryKeys.me, null);
    },
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['ChangePasswordDto']) =>
      unwrap(await api.POST('/api/users/me/password', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.me }),
  });
}

export function useSaveLanguage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (language: Me['language']) =>
      unwrap(await api.PATCH('/api/users/me', { body: { language } })),
    // The switch shows at once: a refetch of "me" answered before the save lands must not switch it back.
    onMutate: async (language) => {
      await client.cancelQueries({ queryKey: queryKeys.me });
      client.setQueryData<Me | null>(queryKeys.me, (me) => (me ? { ...me, language } : me));
    },
    onSuccess: (me) => client.setQueryData(queryKeys.me, me),
  });
}
