import ExcelJS from 'exceljs';
import { toCsv, toXlsx, type RenderedReport } from '.';

const report = (): RenderedReport => ({
  report: 'complaint-rate',
  title: 'Complaint rate per department',
  period: { kind: 'month', label: '2026-11', from: '2026-11-01', to: '2026-11-30', timeZone: 'Asia/Shanghai' },
  filters: { branch: 'sh', department: null },
  sheets: [
    {
      name: 'Complaint rate',
      columns: [
        { key: 'department', header: 'department' },
        { key: 'rate', header: 'rate' },
        { key: 'change', header: 'change' },
      ],
      rows: [
        { department: 'tech_support', rate: 0.4286, change: -0.0714 },
        { department: '=cmd|x', rate: null, change: null },
      ],
    },
  ],
});

describe('report files', () => {
  it('opens the CSV with the period and filters, then the columns; a missing rate reads "—"', () => {
    const lines = toCsv(report()).split('\r\n');
    expect(lines[0]).toBe(
      'Complaint rate per department,"period 2026-11 (2026-11-01 – 2026-11-30, Asia/Shanghai)",branch: sh,department: all',
    );
    expect(lines.slice(1, 5)).toEqual(['', 'department,rate,change', 'tech_support,0.4286,-0.0714', "'=cmd|x,—,—"]);
  });

  it('writes a workbook whose sheet opens with the same header row, then the columns and rows', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(report())) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Complaint rate')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('period 2026-11 (2026-11-01 – 2026-11-30, Asia/Shanghai)');
    expect(sheet.getRow(1).getCell(3).value).toBe('branch: sh');
    expect(sheet.getRow(2).values).toEqual([undefined, 'department', 'rate', 'change']);
    expect(sheet.getRow(3).values).toEqual([undefined, 'tech_support', 0.4286, -0.0714]);
    expect(sheet.getRow(4).getCell(2).value).toBe('—');
  });
});
