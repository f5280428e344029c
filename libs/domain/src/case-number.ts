// Case numbers are read aloud on the phone: date + operator number + that day's serial, e.g.
// `20261122-07-0003`. Unique by construction once the serial is allocated per (date, operator).

export interface CaseNumberParts {
  /** Local business date, `YYYY-MM-DD`. */
  date: string;
  operatorNo: number;
  serial: number;
}

const PATTERN = /^(\d{4})(\d{2})(\d{2})-(\d{2,4})-(\d{4,6})$/;

export function formatCaseNumber({ date, operatorNo, serial }: CaseNumberParts): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Case date must be YYYY-MM-DD, got "${date}"`);
  if (!Number.isInteger(operatorNo) || operatorNo < 0 || operatorNo > 9999) {
    throw new RangeError(`Operator number must be 0–9999, got ${operatorNo}`);
  }
  if (!Number.isInteger(serial) || serial < 1 || serial > 999999) {
    throw new RangeError(`Daily serial must be 1–999999, got ${serial}`);
  }
  return `${date.replace(/-/g, '')}-${String(operatorNo).padStart(2, '0')}-${String(serial).padStart(4, '0')}`;
}

/** Parses a case number; undefined when it is not one (e.g. a search term that is a phone number). */
export function parseCaseNumber(value: string): CaseNumberParts | undefined {
  const m = PATTERN.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, op, serial] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { date: `${y}-${mo}-${d}`, operatorNo: Number(op), serial: Number(serial) };
}
