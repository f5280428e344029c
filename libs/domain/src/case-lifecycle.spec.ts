import { allowedActions, isActionAllowed, nextState } from './case-lifecycle';

describe('case lifecycle', () => {
  it('a new case can be assigned, forwarded, contacted, answered on the call or cancelled', () => {
    expect(allowedActions('service_request', 'new')).toEqual(
      expect.arrayContaining(['assign', 'forward', 'contact', 'resolve', 'cancel', 'add-note']),
    );
  });

  it('closed and cancelled cases accept no action', () => {
    expect(allowedActions('service_request', 'closed')).toEqual([]);
    expect(allowedActions('inquiry', 'cancelled')).toEqual([]);
  });

  it('inquiries are answered, never visited or tested', () => {
    expect(isActionAllowed('inquiry', 'assigned', 'schedule')).toBe(false);
    expect(isActionAllowed('service_request', 'assigned', 'schedule')).toBe(true);
  });

  it('a resolved case can only be reopened or annotated', () => {
    expect(allowedActions('service_request', 'resolved')).toEqual(['add-note', 'reopen']);
  });

  it('moves through the service procedure', () => {
    expect(nextState('new', 'assign')).toBe('assigned');
    expect(nextState('assigned', 'contact')).toBe('contacted');
    expect(nextState('contacted', 'schedule')).toBe('scheduled');
    expect(nextState('scheduled', 'start')).toBe('in_progress');
    expect(nextState('in_progress', 'request-customer-test')).toBe('awaiting_customer');
    expect(nextState('in_progress', 'resolve')).toBe('resolved');
    expect(nextState('forwarded', 'return-result')).toBe('in_progress');
    expect(nextState('scheduled', 'contact')).toBeUndefined();
  });
});
