import { isPhoneNumber, normalisePhone } from './phone';

describe('normalisePhone', () => {
  it.each([
    ['+86 138-0013-8000', '+8613800138000'],
    [' 021 5555 0101 ', '02155550101'],
    ['13800138000', '13800138000'],
  ])('stores "%s" as "%s"', (typed, stored) => {
    expect(normalisePhone(typed)).toBe(stored);
  });

  it('leaves anything with other characters alone, for the check to refuse', () => {
    expect(normalisePhone('138 0013 8000 ext 5')).toBe('138 0013 8000 ext 5');
    expect(normalisePhone(13800138000)).toBe(13800138000);
  });
});

describe('the phone rule every writer and sender checks', () => {
  it.each(['13800138000', '+8613800138000', '5550101', '1'.repeat(20)])('accepts "%s"', (phone) => {
    expect(isPhoneNumber(phone)).toBe(true);
  });

  it.each(['12345', '123456', '1'.repeat(21), '++8613800138000', '138 0013 8000', '(erased)', ''])(
    'refuses "%s": 7–20 digits with an optional leading + only',
    (phone) => {
      expect(isPhoneNumber(phone)).toBe(false);
    },
  );
});
