import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';

export type Branch = Schemas['BranchDto'];
export type User = Schemas['UserDto'];

const usersKey = ['users', 'list'] as const;
const allBranchesKey = [...queryKeys.branches, 'with-retired'] as const;

export function useAllBranches() {
  return useQuery({
    queryKey: allBranchesKey,
    queryFn: async () =>
      unwrap(await api.GET('/api/branches', { params: { query: { includeRetired: true } } })),
  });
}

export function useUsers() {
  return useQuery({ queryKey: usersKey, queryFn: async () => unwrap(await api.GET('/api/users')) });
}

export function useCreateBranch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['CreateBranchDto']) => unwrap(await api.POST('/api/branches', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.branches }),
  });
}

/** Retire (with a reason) or reinstate a branch. */
export function useBranchLife() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, retire, reason }: { id: string; retire: boolean; reason?: string }) =>
      unwrap(
        retire
          ? await api.POST('/api/branches/{id}/retire', {
              params: { path: { id } },
              body: { reason: reason ?? '' },
            })
          : await api.POST('/api/branches/{id}/reinstate', { params: { path: { id } } }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.branches }),
  });
}

/** Reset a password (a temporary one generated, shown once), unlock, deactivate or reactivate a user. */
export function useUserAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      id,
      action,
    }: {
      id: string;
      action: 'reset-password' | 'unlock' | 'deactivate' | 'reactivate';
    }): Promise<{ temporaryPassword?: string }> => {
      const path = { params: { path: { id } } };
      switch (action) {
        case 'reset-password':
          return unwrap(await api.POST('/api/users/{id}/reset-password', { ...path, body: {} }));
        case 'unlock':
          return (unwrap(await api.POST('/api/users/{id}/unlock', path)), {});
        case 'deactivate':
          return (unwrap(await api.POST('/api/users/{id}/deactivate', path)), {});
        case 'reactivate':
          return (unwrap(await api.POST('/api/users/{id}/reactivate', path)), {});
      }
    },
    onSettled: () => client.invalidateQueries({ queryKey: usersKey }),
  });
}
