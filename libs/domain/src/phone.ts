// A phone number as Caseflow stores and dials it: digits with an optional leading +, 7 to 20 of them (a
// Chinese landline without its area code has 7; E.164 allows 15, extensions and prefixes take the rest).
// Intake, customers, staff, evaluations, the outbox's SMS recipients and a test message all check this one
// rule, so a number one of them accepts is never refused by another.

export const PHONE_PATTERN = /^\+?\d{7,20}$/;

/** "+86 138-0013-8000" → "+8613800138000"; anything with other characters is left for the check to refuse. */
export function normalisePhone(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return /^\+?[\d\s-]+$/.test(trimmed) ? trimmed.replace(/[\s-]/g, '') : trimmed;
}

/** Whether `value` is a stored (normalised) phone number. */
export const isPhoneNumber = (value: string): boolean => PHONE_PATTERN.test(value);
