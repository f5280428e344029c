import { commitmentFor, type CommitmentDefinition, type PolicyVersion } from './policy';

const contact = (hours: number): CommitmentDefinition => ({
  kind: 'complaint_contact',
  budget: { amount: hours, unit: 'hours' },
  clock: 'calendar',
  calendarId: 'default',
  ladder: [],
});

describe('commitmentFor: channels', () => {
  const policy = (channel: string): PolicyVersion => ({
    policyId: 'complaints',
    version: 1,
    rules: [
      { match: { caseKind: 'complaint' }, commitments: [contact(24)] },
      { match: { caseKind: 'complaint', channel }, commitments: [contact(8)] },
    ],
  });

  it('treats hotline as the old name of phone, both ways: a phone complaint gets the rules written for hotline', () => {
    expect(
      commitmentFor(policy('hotline'), 'complaint_contact', { caseKind: 'complaint', channel: 'phone' }),
    ).toMatchObject({ budget: { amount: 8 } });
    expect(
      commitmentFor(policy('phone'), 'complaint_contact', { caseKind: 'complaint', channel: 'hotline' }),
    ).toMatchObject({ budget: { amount: 8 } });
  });

  it('matches no other channel to a phone rule', () => {
    expect(
      commitmentFor(policy('phone'), 'complaint_contact', { caseKind: 'complaint', channel: 'web' }),
    ).toMatchObject({ budget: { amount: 24 } });
  });
});
