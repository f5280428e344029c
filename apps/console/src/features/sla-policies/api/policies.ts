import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';
import type { PolicyRule } from '../lib/rules';

export type PolicySummary = Schemas['PolicySummaryDto'];
export type PolicyDetail = Schemas['PolicyDetailDto'];
export type PolicyVersion = Schemas['PolicyVersionDto'];
export type Rollout = Schemas['RolloutDto'];
export type PreviewBody = Schemas['PreviewDto'];
export type PreviewResult = Schemas['PreviewResultDto'];

/** The API types a rule as an open object; the console reads it as the policy library writes it. */
export const rulesOf = (v: { rules: unknown[] }) => v.rules as unknown as PolicyRule[];

export const policyKeys = {
  all: ['sla-policies'] as const,
  detail: (id: string) => ['sla-policies', 'detail', id] as const,
  versions: (id: string) => ['sla-policies', 'detail', id, 'versions'] as const,
  version: (id: string, version: number) => ['sla-policies', 'detail', id, 'versions', version] as const,
  job: (id: string) => ['sla-policies', 'jobs', id] as const,
};

export function usePolicies() {
  return useQuery({
    queryKey: policyKeys.all,
    queryFn: async () => unwrap(await api.GET('/api/sla-policies')),
  });
}

export function usePolicy(id: string) {
  return useQuery({
    queryKey: policyKeys.detail(id),
    queryFn: async () => unwrap(await api.GET('/api/sla-policies/{id}', { params: { path: { id } } })),
  });
}

export function usePolicyVersions(id: string) {
  return useQuery({
    queryKey: policyKeys.versions(id),
    queryFn: async () =>
      unwrap(await api.GET('/api/sla-policies/{id}/versions', { params: { path: { id } } })),
  });
}

export function usePolicyVersion(id: string, version: number | undefined) {
  return useQuery({
    queryKey: policyKeys.version(id, version ?? 0),
    enabled: version !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/sla-policies/{id}/versions/{version}', {
          params: { path: { id, version: version! } },
        }),
      ),
  });
}

export function useCreateDraft(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { rules: PolicyRule[]; note?: string }) =>
      unwrap(
        await api.POST('/api/sla-policies/{id}/versions', {
          params: { path: { id } },
          body: { rules: body.rules as unknown as Record<string, never>[], note: body.note },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

export function usePublish(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['PublishDto']) =>
      unwrap(await api.POST('/api/sla-policies/{id}/publish', { params: { path: { id } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: policyKeys.all }),
  });
}

/** What a case received at a time would be promised under the current version and under unsaved rules. */
export function usePreview() {
  return useMutation({
    mutationFn: async (body: PreviewBody) => unwrap(await api.POST('/api/sla-policies/preview', { body })),
  });
}

/** A rollout's progress, polled each second until it is done. */
export function useRollout(jobId: string | undefined) {
  return useQuery({
    queryKey: policyKeys.job(jobId ?? ''),
    enabled: jobId !== undefined,
    queryFn: async () =>
      unwrap(await api.GET('/api/sla-policies/jobs/{id}', { params: { path: { id: jobId! } } })),
    refetchInterval: (query) => (query.state.data?.status === 'done' ? false : 1000),
  });
}

export type Impact = Schemas['ImpactResultDto'];

/** How the open cases' deadlines would move if the rules were published to them (nothing is stored). */
export function useImpact(id: string) {
  return useMutation({
    mutationFn: async (rules: PolicyRule[]) =>
      unwrap(
        await api.POST('/api/sla-policies/{id}/impact', {
          params: { path: { id } },
          body: { rules: rules as unknown as Record<string, never>[] },
        }),
      ),
  });
}
