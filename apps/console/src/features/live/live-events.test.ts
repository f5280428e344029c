import { describe, expect, it } from 'vitest';
import { invalidationsFor } from './live-events';

describe('what a live change makes stale', () => {
  it('refetches the board lists and the case page of a changed case (and the handover list)', () => {
    expect(
      invalidationsFor({ kind: 'commitment', ref: 'N1', caseNumber: 'N1', complaintNumber: null }),
    ).toEqual([['cases', 'list'], ['cases', 'detail', 'N1'], ['handover']]);
  });

  it('refetches the escalations and the case of an escalation, and only the inbox for a message', () => {
    expect(
      invalidationsFor({ kind: 'escalation', ref: 'e-1', caseNumber: 'N2', complaintNumber: null }),
    ).toEqual([['cases', 'list'], ['cases', 'detail', 'N2'], ['handover'], ['escalations']]);
    expect(invalidationsFor({ kind: 'inbox', ref: 'm-1', caseNumber: null, complaintNumber: null })).toEqual([
      ['inbox'],
    ]);
  });

  it('refetches complaints for a complaint change', () => {
    expect(
      invalidationsFor({ kind: 'complaint', ref: 'C1', caseNumber: null, complaintNumber: 'C1' }),
    ).toEqual([['complaints']]);
  });
});
