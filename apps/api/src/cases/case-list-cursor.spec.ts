import { DomainError } from '@caseflow/domain';
import { decodeCaseListCursor, encodeCaseListCursor, type CaseListCursor } from './case-list-cursor';

const cursor: CaseListCursor = {
  sort: 'nextDueAt',
  order: 'asc',
  key: '2026-12-07T03:40:00.123456Z',
  number: '20261207-07-0003',
};

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? (error.details?.errors as Record<string, string[]>) : error;
  }
  throw new Error('not refused');
};

describe('the case list cursor', () => {
  it('reads back what it wrote, the microseconds and an empty sort value included', () => {
    expect(decodeCaseListCursor(encodeCaseListCursor(cursor), 'nextDueAt', 'asc')).toEqual(cursor);
    const undated = { ...cursor, key: null };
    expect(decodeCaseListCursor(encodeCaseListCursor(undated), 'nextDueAt', 'asc')).toEqual(undated);
  });

  it('is refused for another sort or order, naming after and the order it was made for', () => {
    const text = encodeCaseListCursor(cursor);
    expect(refusal(() => decodeCaseListCursor(text, 'nextDueAt', 'desc'))).toEqual({
      after: [expect.stringContaining('sort=nextDueAt&order=asc')],
    });
    expect(refusal(() => decodeCaseListCursor(text, 'receivedAt', 'asc'))).toHaveProperty('after');
  });

  it('refuses what the API never makes: garbage, a date that does not exist, a NUL in the number', () => {
    const made = (fields: object) => Buffer.from(JSON.stringify(fields)).toString('base64url');
    for (const text of [
      'garbage',
      made({ s: 'nextDueAt', o: 'asc', k: '2026-02-30T00:00:00.000000Z', n: '20261207-07-0003' }),
      made({ s: 'nextDueAt', o: 'asc', k: '2026-12-07 03:40:00', n: '20261207-07-0003' }),
      made({ s: 'nextDueAt', o: 'asc', k: null, n: '20261207-07\u00000003' }),
      made({ s: 'createdAt', o: 'asc', k: null, n: '20261207-07-0003' }),
      made([1, 2]),
    ]) {
      expect(refusal(() => decodeCaseListCursor(text, 'nextDueAt', 'asc'))).toEqual({
        after: ['after must be the nextCursor of a previous page of this list'],
      });
    }
  });
});
