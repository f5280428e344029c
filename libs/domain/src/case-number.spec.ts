import { formatCaseNumber, parseCaseNumber } from './case-number';
import { caseWorkflowId } from './workflow-ids';

describe('case numbers', () => {
  it('reads as date, operator number and daily serial, e.g. 20261122-07-0003', () => {
    expect(formatCaseNumber({ date: '2026-11-22', operatorNo: 7, serial: 3 })).toBe('20261122-07-0003');
  });

  it('round-trips through parse', () => {
    const parts = { date: '2026-01-05', operatorNo: 123, serial: 45678 };
    expect(parseCaseNumber(formatCaseNumber(parts))).toEqual(parts);
  });

  it('does not mistake a phone number or a bad date for a case number', () => {
    expect(parseCaseNumber('13800138000')).toBeUndefined();
    expect(parseCaseNumber('20261322-07-0003')).toBeUndefined();
  });

  it('refuses parts that cannot be read aloud unambiguously', () => {
    expect(() => formatCaseNumber({ date: '2026/11/22', operatorNo: 7, serial: 3 })).toThrow(/YYYY-MM-DD/);
    expect(() => formatCaseNumber({ date: '2026-11-22', operatorNo: 7, serial: 0 })).toThrow(/serial/);
  });

  it('names the workflow after the case', () => {
    expect(caseWorkflowId('20261122-07-0003')).toBe('case-20261122-07-0003');
  });
});
