import {
  allowedComplaintActions,
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
});
