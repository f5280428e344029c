import { describe, expect, it } from 'vitest';
import { diffRules, fieldName, ruleRows, warningPoint, type PolicyRule } from './rules';

const ladder = [
  { id: 'warn', fraction: 0.75, action: 'remind', target: 'assignee', waitForWorkingHours: true },
  { id: 'breach', fraction: 1, action: 'breach', target: 'supervisor', waitForWorkingHours: false },
  {
    id: 'escalate',
    fraction: 1,
    delay: { amount: 2, unit: 'hours' },
    action: 'escalate',
    target: 'manager',
    waitForWorkingHours: true,
  },
];

const v1: PolicyRule[] = [
  {
    match: { caseKind: 'service_request' },
    commitments: [
      {
        kind: 'first_contact',
        budget: { amount: 60, unit: 'minutes' },
        clock: 'calendar',
        calendarId: 'default',
        ladder,
      },
      {
        kind: 'forwarding',
        budget: { amount: 2, unit: 'hours' },
        clock: 'working',
        calendarId: 'default',
        ladder,
      },
    ],
  },
  {
    match: { caseKind: 'inquiry' },
    commitments: [
      {
        kind: 'inquiry_answer',
        budget: { amount: 2, unit: 'days' },
        clock: 'working',
        calendarId: 'default',
        ladder,
      },
    ],
  },
];

describe('a policy as a table', () => {
  it('has one row per rule and commitment, keyed by the match and the commitment kind', () => {
    expect(ruleRows(v1).map((r) => [r.key, r.ruleIndex, r.commitmentIndex])).toEqual([
      ['caseKind=service_request/first_contact', 0, 0],
      ['caseKind=service_request/forwarding', 0, 1],
      ['caseKind=inquiry/inquiry_answer', 1, 0],
    ]);
  });

  it('reads the warning point from the first step before the deadline', () => {
    expect(warningPoint(ladder)).toBe(0.75);
    expect(warningPoint(ladder.slice(1))).toBeUndefined();
  });
});

describe('two versions side by side', () => {
  it('marks exactly the changed aspects, and rows only one side has', () => {
    const v2: PolicyRule[] = [
      {
        ...v1[0]!,
        commitments: [
          { ...v1[0]!.commitments[0]!, budget: { amount: 90, unit: 'minutes' } },
          v1[0]!.commitments[1]!,
        ],
      },
      {
        match: { caseKind: 'service_request', tier: 'gold' },
        commitments: [{ ...v1[0]!.commitments[0]!, budget: { amount: 30, unit: 'minutes' } }],
      },
    ];
    const rows = diffRules(v1, v2);
    expect(rows.map((r) => [r.key, r.changed])).toEqual([
      ['caseKind=service_request/first_contact', ['budget']],
      ['caseKind=service_request/forwarding', []],
      ['caseKind=inquiry/inquiry_answer', ['budget', 'clock', 'calendarId', 'warning', 'ladder']],
      [
        'caseKind=service_request&tier=gold/first_contact',
        ['budget', 'clock', 'calendarId', 'warning', 'ladder'],
      ],
    ]);
    expect(rows[0]!.left!.budget).toEqual({ amount: 60, unit: 'minutes' });
    expect(rows[0]!.right!.budget).toEqual({ amount: 90, unit: 'minutes' });
    expect(rows[2]!.right).toBeUndefined();
    expect(rows[3]!.left).toBeUndefined();
  });
});

describe('field paths', () => {
  it('turns the API’s path of a bad field into the form’s name of it', () => {
    expect(fieldName('rules[0].commitments[1].budget.amount')).toEqual([
      'rules',
      0,
      'commitments',
      1,
      'budget',
      'amount',
    ]);
    expect(fieldName('reason')).toEqual(['reason']);
  });
});
