import { REPLACEMENT_CHARACTER, storable } from './storable';

describe('storable', () => {
  it('replaces NUL and unpaired surrogates with U+FFFD at any depth, keys included, and keeps everything else', () => {
    const value = {
      name: 'Li\u0000 Lei',
      notes: ['lone \ud800 high', 'lone \udc00 low', 'pair 😀 kept', '合肥\t\r\n'],
      'key\u0000': { count: 3, ok: true, none: null },
    };
    expect(storable(value)).toEqual({
      name: `Li${REPLACEMENT_CHARACTER} Lei`,
      notes: [
        `lone ${REPLACEMENT_CHARACTER} high`,
        `lone ${REPLACEMENT_CHARACTER} low`,
        'pair 😀 kept',
        '合肥\t\r\n',
      ],
      [`key${REPLACEMENT_CHARACTER}`]: { count: 3, ok: true, none: null },
    });
  });

  it('leaves a value that is already storable equal to itself', () => {
    const value = { summary: 'Assigned to 陈工 Chen', data: { at: '2026-12-06T10:00:00Z', n: [1, 2] } };
    expect(storable(value)).toEqual(value);
  });
});
