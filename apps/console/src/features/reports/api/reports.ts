import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../../api/client';

/** The reports drawn by the console, with the body each answers (declared in the API's OpenAPI document). */
export interface ReportBodies {
  'complaint-rate': Schemas['ComplaintRateReportDto'];
  compliance: Schemas['ComplianceReportDto'];
  callbacks: Schemas['CallbacksReportDto'];
  hotline: Schemas['HotlineReportDto'];
}
export type ReportName = keyof ReportBodies;
export type Period = { month: string } | { quarter: string };

export const reportKeys = {
  all: ['reports'] as const,
  report: (name: ReportName, period: Period) => ['reports', name, period] as const,
};

/** GET /api/reports/{report} for a month or a quarter. */
export function useReport<N extends ReportName>(name: N, period: Period) {
  return useQuery({
    queryKey: reportKeys.report(name, period),
    queryFn: async () =>
      // The path answers every report: its body for this name is the DTO named above.
      unwrap(
        await api.GET('/api/reports/{report}', { params: { path: { report: name }, query: period } }),
      ) as unknown as ReportBodies[N],
    placeholderData: keepPreviousData,
  });
}

/** The same report as a file: `.csv` or `.xlsx` (the API names the file). */
export function downloadUrl(name: ReportName, format: 'csv' | 'xlsx', period: Period): string {
  return `/api/reports/${name}.${format}?${new URLSearchParams(period).toString()}`;
}
