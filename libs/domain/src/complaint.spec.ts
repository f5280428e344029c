import {
  allowedComplaintActions,
  complaintIntakeErrors,
  COMPLAINT_NUMBER_PATTERN,
  COMPLAINT_STATES,
  formatComplaintNumber,
  isComplaintEnded,
  nextComplaintState,
} from './complaint';

describe('the complaint procedure', () => {
  it('walks a round: forwarded → acknowledged → in handling → result delivered → awaiting the callback', () => {
    expect(nextComplaintState('acknowledge')).toBe('acknowledged');
    expect(nextComplaintState('contact')).toBe('in_handling');
    expect(nextComplaintState('deliver-result')).toBe('result_delivered');
    expect(nextComplaintState('report')).toBe('awaiting_callback');
    expect(nextComplaintState('close')).toBe('closed');
    // A promise is a step within the state; the callback's answer decides where it goes.
    expect(nextComplaintState('promise-answer')).toBeUndefined();
    expect(nextComplaintState('record-callback')).toBeUndefined();
  });

  it('allows a clear answer to be promised once per round, after acknowledging', () => {
    expect(allowedComplaintActions('forwarded')).toEqual(['acknowledge']);
    expect(allowedComplaintActions('acknowledged')).toEqual(['promise-answer', 'contact']);
    expect(allowedComplaintActions('in_handling', { answerPromised: true })).toEqual(['deliver-result']);
    expect(allowedComplaintActions('gm_review')).toEqual(['close']);
  });

  it('ends when archived or closed, and allows nothing then', () => {
    for (const state of COMPLAINT_STATES) {
      const ended = state === 'archived' || state === 'closed';
      expect(isComplaintEnded(state)).toBe(ended);
      if (ended) expect(allowedComplaintActions(state)).toEqual([]);
      else expect(allowedComplaintActions(state).length).toBeGreaterThan(0);
    }
  });

  it('numbers complaints by date and serial, distinct from case numbers', () => {
    expect(formatComplaintNumber('2026-11-22', 3)).toBe('C20261122-0003');
    expect(COMPLAINT_NUMBER_PATTERN.test('C20261122-0003')).toBe(true);
    expect(COMPLAINT_NUMBER_PATTERN.test('20261122-07-0003')).toBe(false);
    expect(() => formatComplaintNumber('22/11/2026', 1)).toThrow(RangeError);
    expect(() => formatComplaintNumber('2026-11-22', 0)).toThrow(RangeError);
  });

  it('names what an intake lacks, whoever starts the complaint', () => {
    const intake = {
      source: 'callback',
      category: 'service',
      complexity: 'simple',
      customer: { name: 'Han Mei', phone: '+8613900139000', tier: 'standard' },
      description: 'Extremely dissatisfied',
      receivedAt: '2026-11-22T09:30:00Z',
      raisedBy: { userId: 'u1', username: 'qa1' },
    } as const;
    expect(complaintIntakeErrors(intake)).toEqual({});
    expect(
      Object.keys(
        complaintIntakeErrors({
          ...intake,
          source: 'pigeon' as never,
          customer: { ...intake.customer, phone: '' },
          receivedAt: 'yesterday',
        }),
      ),
    ).toEqual(['source', 'customer.phone', 'receivedAt']);
    expect(complaintIntakeErrors(undefined)).toEqual({ intake: 'is required' });
  });
});
