// One report, three shapes: JSON for the console, CSV and an Excel workbook for people. The files open
// with a header row naming the report, the period and the filters, so a sheet forwarded by e-mail still
// says what it counts. Missing figures (a rate with nothing to divide by) read "—".
import ExcelJS from 'exceljs';

export interface SheetColumn {
  key: string;
  header: string;
}

export interface Sheet {
  name: string;
  columns: SheetColumn[];
  rows: Record<string, unknown>[];
}

export interface RenderedReport {
  report: string;
  title: string;
  period: { kind: string; label: string; from: string; to: string; timeZone: string };
  filters: { branch: string | null; department: string | null };
  sheets: Sheet[];
}

export const MISSING = '—';

/** The header row's cells: report, period, filters. */
export function headerCells(report: RenderedReport): string[] {
  const { period, filters } = report;
  return [
    report.title,
    `period ${period.label} (${period.from} – ${period.to}, ${period.timeZone})`,
    `branch: ${filters.branch ?? 'all'}`,
    `department: ${filters.department ?? 'all'}`,
  ];
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return MISSING;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  // A text cell a spreadsheet would run as a formula is written as text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The header row, then each sheet (its name on a line of its own when there are several). */
export function toCsv(report: RenderedReport): string {
  let out = csvLine(headerCells(report));
  for (const sheet of report.sheets) {
    out += '\r\n';
    if (report.sheets.length > 1) out += csvLine([sheet.name]);
    out += csvLine(sheet.columns.map((c) => c.header));
    for (const row of sheet.rows) out += csvLine(sheet.columns.map((c) => row[c.key]));
  }
  return out;
}

/** A workbook with one worksheet per sheet, each opening with the header row, then the column names. */
export function toXlsx(report: RenderedReport): Promise<Buffer> {
  return toWorkbook([report], false);
}

/**
 * One workbook of several reports (the monthly pack): every sheet of every report, each with its own
 * header row; with `prefix`, sheet names start with the report's period (`2026-Q4 Complaint rate`).
 */
export async function toWorkbook(reports: RenderedReport[], prefix = true): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Caseflow';
  for (const report of reports) {
    for (const sheet of report.sheets) {
      const name = prefix ? `${report.period.label} ${sheet.name}` : sheet.name;
      const ws = workbook.addWorksheet(name.slice(0, 31));
      ws.addRow(headerCells(report)).font = { bold: true };
      ws.addRow(sheet.columns.map((c) => c.header)).font = { bold: true };
      for (const row of sheet.rows) {
        ws.addRow(
          sheet.columns.map((c) => {
            const value = row[c.key];
            if (value === null || value === undefined) return MISSING;
            return Array.isArray(value) ? value.join(' ') : (value as ExcelJS.CellValue);
          }),
        );
      }
      ws.columns.forEach((column) => {
        column.width = 18;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
