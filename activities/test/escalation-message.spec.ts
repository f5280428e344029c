import { escalationMessage, formatDuration, formatLocal } from '../escalation-message';

const base = {
  caseNumber: '20261123-07-0001',
  customerName: 'Zhang San',
  commitmentKind: 'handler_result',
  commitmentDueAt: '2026-11-25T03:00:00.000Z',
  timeZone: 'Asia/Shanghai',
} as const;

describe('escalationMessage', () => {
  it('says what was promised, by when in the local time, and how late it is', () => {
    expect(
      escalationMessage({
        ...base,
        action: 'escalate',
        firedAt: '2026-11-26T04:30:00.000Z',
        targetRole: 'manager',
        recipientLevel: 'manager',
      }),
    ).toBe(
      'Escalated: handler result for case 20261123-07-0001 (Zhang San) was due 2026-11-25 11:00 (Asia/Shanghai) and is 1 d 1 h late.',
    );
  });

  it('says why a step reached someone other than the target, or nobody', () => {
    const fired = {
      ...base,
      action: 'breach' as const,
      firedAt: base.commitmentDueAt,
      targetRole: 'supervisor',
    };
    expect(escalationMessage({ ...fired, recipientLevel: 'gm_office' })).toMatch(
      / and is 0 min late\. Sent to the GM office: no active supervisor\.$/,
    );
    expect(escalationMessage({ ...fired, recipientLevel: 'unassigned' })).toMatch(
      /Nobody in the organisation chart could take it \(supervisor and every level above are vacant\)\.$/,
    );
  });

  it('leaves the time out when the step has no commitment deadline', () => {
    expect(
      escalationMessage({
        ...base,
        commitmentDueAt: undefined,
        action: 'notify',
        template: 'chase_handler',
        firedAt: '2026-11-26T04:30:00.000Z',
        targetRole: 'hotline',
        recipientLevel: 'hotline',
      }),
    ).toBe('Chase the handler: handler result for case 20261123-07-0001 (Zhang San).');
  });
});

describe('formatDuration / formatLocal', () => {
  it.each([
    [0, '0 min'],
    [59_999, '0 min'],
    [45 * 60_000, '45 min'],
    [125 * 60_000, '2 h 5 min'],
    [27 * 3_600_000, '1 d 3 h'],
  ])('formats %i ms as "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes times in the calendar’s zone, on a 24-hour clock', () => {
    expect(formatLocal(Date.parse('2026-11-22T16:05:00Z'), 'Asia/Shanghai')).toBe(
      '2026-11-23 00:05 (Asia/Shanghai)',
    );
  });
});
