import { describe, expect, it } from 'vitest';
import { readBackPhone } from './phone';

describe('reading a phone number back', () => {
  it('groups a mobile number 3-4-4, whatever spacing it was typed with', () => {
    expect(readBackPhone('13800138000')).toBe('138 0013 8000');
    expect(readBackPhone('138-0013 8000')).toBe('138 0013 8000');
    expect(readBackPhone('+8613800138000')).toBe('+86 138 0013 8000');
  });

  it('groups any other number in fours from the end, and says nothing for no digits', () => {
    expect(readBackPhone('075512345678')).toBe('0755 1234 5678');
    expect(readBackPhone('6123456')).toBe('612 3456');
    expect(readBackPhone('abc')).toBe('');
  });
});
