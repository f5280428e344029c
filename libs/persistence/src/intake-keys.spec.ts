import { DomainErrorCode } from '@caseflow/domain';
import { assertSameRequest, requestHash } from './intake-keys';

describe('requestHash (what an Idempotency-Key remembers of its request)', () => {
  it('is the same for the same body whatever the order of its fields, at every depth', () => {
    expect(requestHash({ a: 1, b: { c: 'x', d: [1, { e: true, f: null }] } })).toBe(
      requestHash({ b: { d: [1, { f: null, e: true }], c: 'x' }, a: 1 }),
    );
  });

  it('leaves out members that are undefined, as JSON would', () => {
    expect(requestHash({ a: 1, b: undefined })).toBe(requestHash({ a: 1 }));
  });

  it('differs when a value, a nesting or the order of a list differs', () => {
    const base = requestHash({ a: 1, b: [1, 2] });
    expect(requestHash({ a: 2, b: [1, 2] })).not.toBe(base);
    expect(requestHash({ a: 1, b: [2, 1] })).not.toBe(base);
    expect(requestHash({ a: '1', b: [1, 2] })).not.toBe(base);
    expect(requestHash({ a: { 1: 1 }, b: [1, 2] })).not.toBe(base);
  });
});

describe('assertSameRequest', () => {
  it('refuses another request under a key with a 422 naming the Idempotency-Key', () => {
    expect(() => assertSameRequest(requestHash({ a: 1 }), requestHash({ a: 2 }))).toThrow(
      expect.objectContaining({
        code: DomainErrorCode.ValidationFailed,
        details: { errors: { 'Idempotency-Key': [expect.stringMatching(/different request/)] } },
      }),
    );
  });

  it('accepts the same request, and a key recorded before hashes were kept', () => {
    expect(() => assertSameRequest(requestHash({ a: 1 }), requestHash({ a: 1 }))).not.toThrow();
    expect(() => assertSameRequest(null, requestHash({ a: 1 }))).not.toThrow();
  });
});
