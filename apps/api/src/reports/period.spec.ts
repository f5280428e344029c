import { DomainError } from '@caseflow/domain';
import { localDay, parsePeriod, type PeriodQuery } from './period';

const TODAY = '2026-12-06';

function fieldOf(query: PeriodQuery): string[] {
  try {
    parsePeriod(query, TODAY);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return Object.keys((error as DomainError).details?.errors as Record<string, string[]>);
  }
  throw new Error('accepted');
}

describe('report periods', () => {
  it('turns a month into its local days and the month before', () => {
    expect(parsePeriod({ month: '2026-01' }, TODAY)).toEqual({
      kind: 'month',
      label: '2026-01',
      from: '2026-01-01',
      to: '2026-02-01',
      last: '2026-01-31',
      previous: { label: '2025-12', from: '2025-12-01', to: '2026-01-01' },
    });
  });

  it('turns a quarter into its three months and the quarter before, across a year end', () => {
    expect(parsePeriod({ quarter: '2026-Q1' }, TODAY)).toMatchObject({
      from: '2026-01-01',
      to: '2026-04-01',
      last: '2026-03-31',
      previous: { label: '2025-Q4', from: '2025-10-01', to: '2026-01-01' },
    });
    expect(parsePeriod({ quarter: '2026-Q4' }, TODAY)).toMatchObject({ from: '2026-10-01', to: '2027-01-01' });
  });

  it('takes from and to as days both included, compared with as many days before', () => {
    expect(parsePeriod({ from: '2026-11-03', to: '2026-11-09' }, TODAY)).toEqual({
      kind: 'range',
      label: '2026-11-03..2026-11-09',
      from: '2026-11-03',
      to: '2026-11-10',
      last: '2026-11-09',
      previous: { label: '2026-10-27..2026-11-02', from: '2026-10-27', to: '2026-11-03' },
    });
  });

  it('accepts the current month, which has begun, and refuses a month in the future naming the field', () => {
    expect(parsePeriod({ month: '2026-12' }, TODAY).from).toBe('2026-12-01');
    expect(fieldOf({ month: '2027-01' })).toEqual(['month']);
    expect(fieldOf({ quarter: '2027-Q1' })).toEqual(['quarter']);
    expect(fieldOf({ from: '2026-12-07', to: '2026-12-08' })).toEqual(['from']);
  });

  it('refuses an unknown format, naming the field', () => {
    expect(fieldOf({ month: '2026-13' })).toEqual(['month']);
    expect(fieldOf({ month: 'November' })).toEqual(['month']);
    expect(fieldOf({ quarter: '2026-Q5' })).toEqual(['quarter']);
    expect(fieldOf({ from: '2026-02-30', to: '2026-03-01' })).toEqual(['from']);
    expect(fieldOf({ from: '2026-02-01', to: '03/01/2026' })).toEqual(['to']);
  });

  it('refuses from after to, no period, half a range, or two kinds of period at once', () => {
    expect(fieldOf({ from: '2026-11-10', to: '2026-11-09' })).toEqual(['from']);
    expect(fieldOf({})).toEqual(['month']);
    expect(fieldOf({ from: '2026-11-01' })).toEqual(['to']);
    expect(fieldOf({ month: '2026-11', from: '2026-11-01', to: '2026-11-02' })).toEqual(['month']);
    expect(fieldOf({ month: '2026-11', quarter: '2026-Q4' })).toEqual(['quarter']);
  });

  it("tells the local day in a zone: 23:30 UTC is already tomorrow in Shanghai", () => {
    expect(localDay('Asia/Shanghai', new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(localDay('America/New_York', new Date('2026-12-01T03:00:00Z'))).toBe('2026-11-30');
  });
});
