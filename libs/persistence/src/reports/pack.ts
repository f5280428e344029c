// The monthly report pack management receives by e-mail: the month's complaint rate per department and
// commitment compliance (with the breaches), and at a quarter's end the quarter's as well, in one workbook.
import { breachesReport, complianceReport } from './compliance';
import { complaintRateReport } from './complaint-rate';
import { type RenderedReport, toWorkbook } from './render';
import { complaintRateSheets, complianceSheets } from './sheets';
import type { Queryable, ReportWindow } from './window';

const monthStart = (year: number, month0: number) => new Date(Date.UTC(year, month0, 1)).toISOString().slice(0, 10);
const lastDay = (to: string) => new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The quarter a month closes (`2026-Q4` for `2026-12`), or null. */
export function quarterEndedBy(month: string): string | null {
  const [year, m] = month.split('-').map(Number);
  return m % 3 === 0 ? `${year}-Q${m / 3}` : null;
}

interface PackPeriod {
  label: string;
  previousLabel: string;
  window: ReportWindow;
  previous: ReportWindow;
}

function periods(month: string, timeZone: string): PackPeriod[] {
  const [year, m] = month.split('-').map(Number);
  const at = (from: string, to: string): ReportWindow => ({ from, to, timeZone });
  const list: PackPeriod[] = [
    {
      label: month,
      previousLabel: monthStart(year, m - 2).slice(0, 7),
      window: at(monthStart(year, m - 1), monthStart(year, m)),
      previous: at(monthStart(year, m - 2), monthStart(year, m - 1)),
    },
  ];
  const quarter = quarterEndedBy(month);
  if (quarter) {
    const q = m / 3;
    list.push({
      label: quarter,
      previousLabel: q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`,
      window: at(monthStart(year, m - 3), monthStart(year, m)),
      previous: at(monthStart(year, m - 6), monthStart(year, m - 3)),
    });
  }
  return list;
}

export interface ReportPack {
  workbook: Buffer;
  /** The periods in it: the month, and the quarter when the month ends one. */
  periods: string[];
}

/** Builds the pack's workbook for a month (`YYYY-MM`), cut in the given (the default calendar's) zone. */
export async function buildReportPack(
  db: Queryable,
  { month, timeZone }: { month: string; timeZone: string },
): Promise<ReportPack> {
  const reports: RenderedReport[] = [];
  for (const p of periods(month, timeZone)) {
    const meta = {
      period: { kind: p.label.includes('Q') ? 'quarter' : 'month', label: p.label, from: p.window.from, to: lastDay(p.window.to), timeZone },
      filters: { branch: null, department: null },
    };
    const rate = await complaintRateReport(db, p.window, p.previous);
    reports.push({ report: 'complaint-rate', title: 'Complaint rate per department', ...meta, sheets: complaintRateSheets(rate, p.previousLabel) });
    const [rows, breaches] = [await complianceReport(db, p.window), await breachesReport(db, p.window)];
    reports.push({ report: 'compliance', title: 'Commitment compliance', ...meta, sheets: complianceSheets(rows, breaches) });
  }
  return { workbook: await toWorkbook(reports), periods: reports.filter((_, i) => i % 2 === 0).map((r) => r.period.label) };
}
