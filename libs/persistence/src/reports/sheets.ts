// How each report's rows read as a spreadsheet: one definition, used by the API's downloads and by the
// monthly pack's workbook, so the two never disagree on a column.
import type { ComplaintRateRow } from './complaint-rate';
import type { CallbacksReport } from './callbacks';
import type { BreachRow, ComplianceRow } from './compliance';
import type { HotlineReport } from './hotline';
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

export function callbacksSheets(report: CallbacksReport): Sheet[] {
  return [
    {
      name: 'Coverage',
      columns: [
        col('level'),
        col('servedCustomers', 'served customers (by phone)'),
        col('calledCustomers', 'called back'),
        col('coverage'),
      ],
      rows: report.levels as unknown as Record<string, unknown>[],
    },
    {
      name: 'Sample and results',
      columns: [col('figure'), col('value')],
      rows: [
        ['month-end sample months', report.sample.months],
        ['sample population', report.sample.population],
        ['sample size', report.sample.size],
        ['sample ratio', report.sample.ratio],
        ['sample completed', report.sample.completed],
        ['sample completion', report.sample.completion],
        ['sample reached', report.sample.reached],
        ['callbacks recorded', report.calls],
        ['callbacks reached', report.reached],
        ['reached rate', report.reachedRate],
        ...report.satisfaction.map((s) => [`satisfaction ${s.score}`, s.callbacks]),
        ['reopened by callback', report.reopenedByCallback],
        ['raised as complaints', report.raisedAsComplaints],
      ].map(([figure, value]) => ({ figure, value })),
    },
  ];
}

export function hotlineSheets(report: HotlineReport): Sheet[] {
  const counts = (title: string, rows: { key: string; cases: number }[]): Sheet => ({
    name: title,
    columns: [col('key', title.toLowerCase()), col('cases')],
    rows,
  });
  return [
    {
      name: 'Summary',
      columns: [col('figure'), col('value')],
      rows: [
        { figure: 'cases', value: report.cases },
        { figure: 'solved on the call', value: report.solvedOnCall },
        { figure: 'forwarded', value: report.forwarded },
      ],
    },
    counts('Channel', report.byChannel),
    counts('Kind', report.byKind),
    counts('Category', report.byCategory),
    counts('Forwarded to', report.forwardedTo),
    {
      name: 'Operators',
      columns: [
        col('operatorNo', 'operator no'),
        col('operator'),
        col('cases'),
        col('solvedOnCall', 'solved on the call'),
        col('forwarded'),
      ],
      rows: report.byOperator as unknown as Record<string, unknown>[],
    },
    { name: 'Hour of day', columns: [col('hour'), col('cases')], rows: report.byHour },
  ];
}
