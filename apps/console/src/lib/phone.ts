/** A phone number as an operator reads it back: digits in groups (`138 0013 8000`, `+86 138 0013 8000`). */
export function readBackPhone(phone: string): string {
  const plus = phone.trim().startsWith('+');
  const digits = phone.replace(/\D/g, '');
  if (digits === '') return '';
  if (plus && digits.startsWith('86') && digits.length === 13) {
    return `+86 ${groups(digits.slice(2))}`;
  }
  return (plus ? '+' : '') + groups(digits);
}

function groups(digits: string): string {
  // Chinese mobile numbers read 3-4-4; anything else in fours from the end.
  if (digits.length === 11) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  const out: string[] = [];
  for (let end = digits.length; end > 0; end -= 4) out.unshift(digits.slice(Math.max(0, end - 4), end));
  return out.join(' ');
}
