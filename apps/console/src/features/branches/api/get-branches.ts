import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { browserTimeZone } from '../../../lib/time';

export function useBranches() {
  return useQuery({
    queryKey: queryKeys.branches,
    queryFn: async () => unwrap(await api.GET('/api/branches')),
    staleTime: 5 * 60_000,
  });
}

/** The time zone of a branch's calendar; the browser's until the branches are known. */
export function useBranchZone(branchId: string | null | undefined): string {
  const branches = useBranches();
  return branches.data?.find((b) => b.id === branchId)?.timeZone ?? browserTimeZone();
}
