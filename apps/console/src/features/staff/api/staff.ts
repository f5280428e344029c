import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';

export type StaffMember = Schemas['StaffDetailDto'];
export type OrgUnit = Schemas['OrgUnitDto'];
export type Certificate = Schemas['CertificateDto'];
export type Penalty = Schemas['PenaltyDto'];
export type CreateStaff = Schemas['CreateStaffDto'];

export const staffKeys = {
  all: ['staff'] as const,
  units: ['organisation', 'units'] as const,
  certificates: (id: string) => ['staff', id, 'certificates'] as const,
  path: (id: string) => ['staff', id, 'escalation-path'] as const,
  penalties: ['penalties'] as const,
};

export function useStaff() {
  return useQuery({ queryKey: staffKeys.all, queryFn: async () => unwrap(await api.GET('/api/staff')) });
}

export function useUnits() {
  return useQuery({
    queryKey: staffKeys.units,
    queryFn: async () => unwrap(await api.GET('/api/organisation/units')),
  });
}

export function useCertificates(staffId: string) {
  return useQuery({
    queryKey: staffKeys.certificates(staffId),
    queryFn: async () =>
      unwrap(await api.GET('/api/staff/{id}/certificates', { params: { path: { id: staffId } } })),
  });
}

export function useEscalationPath(staffId: string) {
  return useQuery({
    queryKey: staffKeys.path(staffId),
    queryFn: async () =>
      unwrap(await api.GET('/api/organisation/escalation-path/{staffId}', { params: { path: { staffId } } })),
  });
}

export function usePenalties() {
  return useQuery({
    queryKey: staffKeys.penalties,
    queryFn: async () => unwrap(await api.GET('/api/penalties', { params: { query: { pageSize: 100 } } })),
  });
}

export function useCreateStaff() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateStaff) => unwrap(await api.POST('/api/staff', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: staffKeys.all }),
  });
}

/** Confirm or reject a proposed penalty, with the reason the API requires. */
export function useDecidePenalty() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      id,
      decision,
      reason,
    }: {
      id: string;
      decision: 'confirm' | 'reject';
      reason: string;
    }) =>
      unwrap(
        decision === 'confirm'
          ? await api.POST('/api/penalties/{id}/confirm', { params: { path: { id } }, body: { reason } })
          : await api.POST('/api/penalties/{id}/reject', { params: { path: { id } }, body: { reason } }),
      ),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: staffKeys.penalties });
      await client.invalidateQueries({ queryKey: staffKeys.all });
    },
  });
}
