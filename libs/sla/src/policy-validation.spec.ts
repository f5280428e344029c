import { calendarIdsOf, DEFAULT_POLICY, validatePolicy, type PolicyRule } from './index';

const known = { knownCalendarIds: ['default', 'branch-gz'] };
const rules = (): PolicyRule[] => JSON.parse(JSON.stringify(DEFAULT_POLICY.rules));
const problemsOf = (edit: (r: PolicyRule[]) => void) => {
  const r = rules();
  edit(r);
  return validatePolicy(r, known);
};

describe('validatePolicy', () => {
  it('accepts the default policy', () => {
    expect(validatePolicy(DEFAULT_POLICY.rules, known)).toEqual([]);
  });

  it('refuses a budget of zero or below, naming the field', () => {
    expect(problemsOf((r) => (r[0].commitments[1].budget.amount = 0))).toEqual([
      { path: 'rules[0].commitments[1].budget.amount', message: expect.stringMatching(/greater than 0/) },
    ]);
    expect(problemsOf((r) => (r[0].commitments[0].budget.amount = -5))[0].path).toBe(
      'rules[0].commitments[0].budget.amount',
    );
  });

  it('refuses a warning point at or after the deadline', () => {
    expect(problemsOf((r) => (r[0].commitments[0].ladder[0].fraction = 1.2))).toEqual([
      {
        path: 'rules[0].commitments[0].ladder[0].fraction',
        message: expect.stringMatching(/within \(0, 1\]/),
      },
    ]);
    expect(problemsOf((r) => (r[0].commitments[0].ladder[0].fraction = 1))).toEqual([
      {
        path: 'rules[0].commitments[0].ladder[0].fraction',
        message: expect.stringMatching(/before the deadline/),
      },
    ]);
  });

  it('refuses an unknown role, action, clock, unit or calendar', () => {
    const problems = problemsOf((r) => {
      const c = r[0].commitments[0] as unknown as Record<string, unknown>;
      (c.ladder as Record<string, unknown>[])[1].target = 'ceo';
      (c.ladder as Record<string, unknown>[])[2].action = 'shout';
      c.clock = 'lunar';
      (c.budget as Record<string, unknown>).unit = 'weeks';
      c.calendarId = 'mars';
    });
    expect(problems.map((p) => p.path)).toEqual([
      'rules[0].commitments[0].budget.unit',
      'rules[0].commitments[0].clock',
      'rules[0].commitments[0].calendarId',
      'rules[0].commitments[0].ladder[1].target',
      'rules[0].commitments[0].ladder[2].action',
    ]);
    expect(problems.find((p) => p.path.endsWith('target'))!.message).toMatch(/unknown role "ceo"/);
    expect(problems.find((p) => p.path.endsWith('calendarId'))!.message).toMatch(/no calendar 'mars'/);
  });

  it('refuses duplicate step ids, duplicate kinds in a rule and two rules matching the same cases', () => {
    const problems = problemsOf((r) => {
      r[0].commitments[0].ladder[2].id = 'warn';
      r[0].commitments[1].kind = 'first_contact';
      r[2].match = { caseKind: 'service_request' };
      r[2].commitments[0].kind = 'resolution'; // a kind a service request has (inquiry_answer is not)
    });
    expect(problems.map((p) => p.path)).toEqual([
      'rules[0].commitments[0].ladder[2].id',
      'rules[0].commitments[1].kind',
      'rules[2].match',
    ]);
  });

  it('allows one catch-all rule ({} matches every case) but not two', () => {
    expect(problemsOf((r) => r.push({ match: {}, commitments: [] }))).toEqual([]);
    expect(
      problemsOf((r) => r.push({ match: {}, commitments: [] }, { match: {}, commitments: [] })).map(
        (p) => p.path,
      ),
    ).toEqual(['rules[4].match']);
  });

  it('refuses a breach step that is not at the deadline, and unknown match fields', () => {
    const problems = problemsOf((r) => {
      r[0].commitments[0].ladder[1].fraction = 0.9;
      (r[1].match as Record<string, unknown>).colour = 'red';
    });
    expect(problems.map((p) => p.path)).toEqual([
      'rules[0].commitments[0].ladder[1].fraction',
      'rules[1].match.colour',
    ]);
  });

  it('refuses a kind the catalogue does not know, listing the known kinds', () => {
    const problems = problemsOf((r) => (r[0].commitments[2].kind = 'site_arrival'));
    expect(problems).toEqual([
      {
        path: 'rules[0].commitments[2].kind',
        message: expect.stringMatching(
          /'site_arrival' is not a commitment kind.*'first_contact'.*'complaint_callback'/,
        ),
      },
    ]);
  });

  it('refuses a kind on a case kind it does not apply to, and one timed by the sampling settings', () => {
    const problems = problemsOf((r) => {
      r[2].commitments[0].kind = 'customer_test';
      r[0].commitments[1].kind = 'complaint_answer';
      r.push({ match: { caseKind: 'callback' }, commitments: [{ ...r[0].commitments[0] }] });
      r[0].commitments[6].kind = 'callback_level3';
    });
    expect(problems).toEqual([
      {
        path: 'rules[0].commitments[1].kind',
        message: "'complaint_answer' applies to 'complaint' only, not to 'service_request'",
      },
      {
        path: 'rules[0].commitments[6].kind',
        message: "'callback_level3' is timed by the sampling settings, not by a policy",
      },
      {
        path: 'rules[2].commitments[0].kind',
        message: "'customer_test' applies to 'service_request' only, not to 'inquiry'",
      },
      {
        path: 'rules[3].commitments[0].kind',
        message: expect.stringMatching(
          /'first_contact' applies to 'service_request' only, and 'callback' is not a case kind/,
        ),
      },
    ]);
  });

  it('lets a rule for every case kind define any kind the catalogue knows', () => {
    expect(
      problemsOf((r) =>
        r.push({
          match: { tier: 'gold' },
          commitments: [{ ...r[0].commitments[0], kind: 'complaint_answer' }],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses something that is not a list of rules', () => {
    expect(validatePolicy({}, known)).toEqual([{ path: 'rules', message: 'must be a list of rules' }]);
    expect(validatePolicy([], known)[0].path).toBe('rules');
  });

  it('lists the calendars a policy uses', () => {
    expect(calendarIdsOf(DEFAULT_POLICY.rules)).toEqual(['default']);
  });
});
