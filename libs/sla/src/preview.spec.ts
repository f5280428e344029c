import { createCalendar, DEFAULT_CALENDAR, DEFAULT_POLICY, previewCommitments } from './index';

const calendar = createCalendar(DEFAULT_CALENDAR);
const calendars = () => calendar;

describe('previewCommitments', () => {
  it('a service request received Friday 17:30 is promised contact by 18:30 and forwarding by Monday 10:00', () => {
    const preview = previewCommitments(
      DEFAULT_POLICY,
      { caseKind: 'service_request', category: 'technical', tier: 'standard', dispatched: false },
      Date.parse('2026-11-20T17:30:00+08:00'),
      calendars,
    );
    expect(preview.filter((p) => p.startsAtIntake).map((p) => [p.kind, p.dueAt, p.warnAt])).toEqual([
      ['first_contact', '2026-11-20T10:30:00.000Z', '2026-11-20T10:15:00.000Z'],
      // The 75 % warning waits for working hours: Monday 09:00 (1 h 30 min of working time is Monday 09:30).
      ['forwarding', '2026-11-23T02:00:00.000Z', '2026-11-23T01:30:00.000Z'],
    ]);
    expect(preview.find((p) => p.kind === 'handler_result')).toMatchObject({ startsAtIntake: false });
    expect(preview[1].steps.map((s) => s.id)).toEqual(['warn', 'breach', 'escalate']);
  });

  it('the most specific rule wins: a dispatched case gets 30 minutes', () => {
    const [firstContact] = previewCommitments(
      DEFAULT_POLICY,
      { caseKind: 'service_request', dispatched: true },
      Date.parse('2026-11-23T10:00:00+08:00'),
      calendars,
    );
    expect(firstContact).toMatchObject({ kind: 'first_contact', budget: { amount: 30, unit: 'minutes' } });
    expect(firstContact.dueAt).toBe('2026-11-23T02:30:00.000Z');
  });

  it('an inquiry gets only the inquiry answer', () => {
    const preview = previewCommitments(DEFAULT_POLICY, { caseKind: 'inquiry' }, Date.now(), calendars);
    expect(preview.map((p) => p.kind)).toEqual(['inquiry_answer']);
  });
});
