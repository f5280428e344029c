import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { CaseNumberPipe } from './case-number.pipe';

describe('CaseNumberPipe', () => {
  const pipe = new CaseNumberPipe();

  it('passes a case number through', () => {
    expect(pipe.transform('20261122-07-0003')).toBe('20261122-07-0003');
  });

  it.each(['42', '2026-11-22-07-0003', '20261340-07-0003', 'case-20261122-07-0003'])(
    'answers "%s" with 404 explaining what a case number looks like',
    (value) => {
      const error = (() => {
        try {
          pipe.transform(value);
        } catch (e) {
          return e;
        }
      })() as DomainError;
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe(DomainErrorCode.NotFound);
      expect(error.message).toContain('case numbers look like 20261122-07-0003');
    },
  );
});
