// How each report's rows read as a spreadsheet: one definition, used by the API's downloads and by the
// monthly pack's workbook, so the two never disagree on a column.
import type { ComplaintRateRow } from './complaint-rate';
import type { BreachRow, ComplianceRow } from './compliance';
import type { Sheet } from './render';

const col = (key: string, header = key) => ({ key, header });
const asRows = <T extends object>(rows: T[]) => rows as unknown as Record<string, unknown>[];

export function complaintRateSheets(rows: ComplaintRateRow[], previousLabel: string): Sheet[] {
  return [
    {
      name: 'Complaint rate',
      columns: [
        col('department'),
        col('complaints'),
        col('repairs'),
        col('rate'),
        col('previousComplaints', `complaints ${previousLabel}`),
        col('previousRepairs', `repairs ${previousLabel}`),
        col('previousRate', `rate ${previousLabel}`),
        col('change'),
      ],
      rows: asRows(rows),
    },
  ];
}

export function complianceSheets(rows: ComplianceRow[], breaches: BreachRow[]): Sheet[] {
  return [
    {
      name: 'Compliance',
      columns: [
        col('dimension'),
        col('key'),
        col('name'),
        col('due'),
        col('metOnTime', 'met on time'),
        col('breached'),
        col('escalatedToSupervisor', 'escalated to supervisor'),
        col('escalatedToManager', 'escalated to manager'),
        col('onTimeRate', 'on-time rate'),
        col('medianMinutesToMeet', 'median minutes to meet'),
        col('p90MinutesToMeet', 'p90 minutes to meet'),
      ],
      rows: asRows(rows),
    },
    {
      name: 'Breaches',
      columns: [
        col('subject'),
        col('number'),
        col('kind'),
        col('branchId', 'branch'),
        col('engineerName', 'engineer'),
        col('dueAt', 'due at'),
        col('breachedAt', 'breached at'),
        col('metAt', 'met at'),
        col('link'),
      ],
      rows: asRows(breaches),
    },
  ];
}
