import { DEFAULT_POLICY } from './default-policy';
import { rulesOnBranchCalendar } from './policy';

describe('rulesOnBranchCalendar', () => {
  const withNamedCalendar = [
    {
      match: { caseKind: 'complaint' },
      commitments: [{ ...DEFAULT_POLICY.rules[0].commitments[0], kind: 'answer', calendarId: 'always-on' }],
    },
  ];

  it('puts every commitment on the default calendar onto the branch’s calendar', () => {
    const rules = rulesOnBranchCalendar(DEFAULT_POLICY.rules, 'gz');
    const calendars = new Set(rules.flatMap((rule) => rule.commitments.map((c) => c.calendarId)));
    expect([...calendars]).toEqual(['gz']);
    // The policy itself is left as it was: it is shared by every branch.
    expect(DEFAULT_POLICY.rules[0].commitments[0].calendarId).toBe('default');
  });

  it('keeps a commitment that names its own calendar on it', () => {
    expect(rulesOnBranchCalendar(withNamedCalendar, 'gz')[0].commitments[0].calendarId).toBe('always-on');
  });

  it('changes nothing for a branch on the default calendar, or no branch', () => {
    expect(rulesOnBranchCalendar(DEFAULT_POLICY.rules, 'default')).toBe(DEFAULT_POLICY.rules);
    expect(rulesOnBranchCalendar(DEFAULT_POLICY.rules, undefined)).toBe(DEFAULT_POLICY.rules);
  });
});
