import { createCalendar } from './calendar';
import {
  CalendarLookup,
  dueAt,
  markStepFired,
  meetCommitment,
  nextStep,
  pauseCommitment,
  pendingSteps,
  replanCommitment,
  resumeCommitment,
  startCommitment,
  viewCommitment,
} from './commitment';
import { DEFAULT_CALENDAR } from './default-calendar';
import { DEFAULT_POLICY, standardLadder } from './default-policy';
import { budgetMs, commitmentFor, CommitmentDefinition } from './policy';

const calendar = createCalendar(DEFAULT_CALENDAR);
const calendars: CalendarLookup = () => calendar;
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const local = (ms: number | undefined) => iso(ms === undefined ? undefined : ms + 8 * 3600_000)?.slice(0, 16);

const forwarding: CommitmentDefinition = commitmentFor(DEFAULT_POLICY, 'forwarding', {
  caseKind: 'service_request',
})!;

describe('commitment maths', () => {
  // 2026-11-20 is a Friday.
  it('a case received Friday 17:30 is due to be forwarded Monday 10:00', () => {
    const c = startCommitment(forwarding, { at: at('2026-11-20T17:30'), policyVersion: 1 });
    expect(local(dueAt(c, calendars))).toBe('2026-11-23T10:00');
  });

  it('reminds the assignee at 75 % of the budget, breaches at the deadline, escalates 2 working hours later', () => {
    const c = startCommitment(forwarding, { at: at('2026-11-20T17:30'), policyVersion: 1 });
    const steps = pendingSteps(c, calendars).map((p) => [p.step.id, local(p.at)]);
    expect(steps).toEqual([
      ['warn', '2026-11-23T09:30'],
      ['breach', '2026-11-23T10:00'],
      ['escalate', '2026-11-23T12:00'],
    ]);
  });

  it('fires each step once: a fired step is no longer pending', () => {
    let c = startCommitment(forwarding, { at: at('2026-11-20T17:30'), policyVersion: 1 });
    c = markStepFired(c, 'warn', at('2026-11-23T09:30'));
    c = markStepFired(c, 'warn', at('2026-11-23T09:31'));
    expect(c.firedSteps).toEqual(['warn']);
    expect(pendingSteps(c, calendars).map((p) => p.step.id)).toEqual(['breach', 'escalate']);
  });

  it('marks the commitment breached when the breach step fires', () => {
    let c = startCommitment(forwarding, { at: at('2026-11-20T17:30'), policyVersion: 1 });
    c = markStepFired(c, 'breach', at('2026-11-23T10:00'));
    expect(iso(c.breachedAt)).toBe(new Date(at('2026-11-23T10:00')).toISOString());
    expect(viewCommitment(c, at('2026-11-23T10:00'), calendars).breached).toBe(true);
  });

  it('does not count time while paused (waiting for the customer) and resumes with the remaining budget', () => {
    // Monday 09:00 start, 2 working hours; paused 10:00–15:00 after one hour used.
    let c = startCommitment(forwarding, { at: at('2026-11-23T09:00'), policyVersion: 1 });
    c = pauseCommitment(c, at('2026-11-23T10:00'));
    expect(pendingSteps(c, calendars)).toEqual([]);
    expect(viewCommitment(c, at('2026-11-23T12:00'), calendars).remainingMs).toBe(3600_000);
    c = resumeCommitment(c, at('2026-11-23T15:00'));
    expect(local(dueAt(c, calendars))).toBe('2026-11-23T16:00');
  });

  it('a met commitment fires nothing more; met after its deadline it counts as breached', () => {
    let onTime = startCommitment(forwarding, { at: at('2026-11-23T09:00'), policyVersion: 1 });
    onTime = meetCommitment(onTime, at('2026-11-23T10:00'), calendars);
    expect(pendingSteps(onTime, calendars)).toEqual([]);
    expect(onTime.breachedAt).toBeUndefined();
    expect(viewCommitment(onTime, at('2026-11-23T12:00'), calendars).dueAt).toBe(
      new Date(at('2026-11-23T11:00')).toISOString(),
    );

    let late = startCommitment(forwarding, { at: at('2026-11-23T09:00'), policyVersion: 1 });
    late = meetCommitment(late, at('2026-11-23T11:30'), calendars);
    expect(local(late.breachedAt)).toBe('2026-11-23T11:00');
  });

  it('re-plans under a new policy: used time stays used, fired steps stay fired, the rest follows the new budget', () => {
    let c = startCommitment(forwarding, { at: at('2026-11-23T09:00'), policyVersion: 1 });
    c = markStepFired(c, 'warn', at('2026-11-23T10:30'));
    const shorter: CommitmentDefinition = { ...forwarding, budget: { amount: 90, unit: 'minutes' } };
    c = replanCommitment(c, shorter, 2);
    expect(c.policyVersion).toBe(2);
    expect(local(dueAt(c, calendars))).toBe('2026-11-23T10:30');
    // The deadline already passed under the new budget: the breach is due at once, the warning not again.
    const steps = pendingSteps(c, calendars);
    expect(steps.map((p) => p.step.id)).toEqual(['breach', 'escalate']);
    expect(local(steps[0].at)).toBe('2026-11-23T10:30'); // in the past: the workflow fires it at once
  });

  it('internal reminders wait for working hours; apologies to customers do not', () => {
    const handler = commitmentFor(DEFAULT_POLICY, 'handler_result', { caseKind: 'service_request' })!;
    const instant: CommitmentDefinition = {
      ...handler,
      clock: 'calendar',
      budget: { amount: 4, unit: 'hours' },
      ladder: standardLadder([
        { id: 'apologise', fraction: 1, action: 'notify', target: 'customer', waitForWorkingHours: false },
      ]),
    };
    // Friday 16:00 + 4 h (calendar) = Friday 20:00, after hours.
    const c = startCommitment(instant, { at: at('2026-11-20T16:00'), policyVersion: 1 });
    const byId = Object.fromEntries(pendingSteps(c, calendars).map((p) => [p.step.id, local(p.at)]));
    expect(byId.apologise).toBe('2026-11-20T20:00');
    expect(byId.breach).toBe('2026-11-20T20:00');
    expect(byId.warn).toBe('2026-11-23T09:00'); // due Friday 19:00, after hours: waits for Monday morning
    expect(byId.escalate).toBe('2026-11-23T11:00');
  });

  it('picks the earliest step across all of a case’s commitments', () => {
    const firstContact = commitmentFor(DEFAULT_POLICY, 'first_contact', { caseKind: 'service_request' })!;
    const a = startCommitment(forwarding, { at: at('2026-11-23T09:00'), policyVersion: 1 });
    const b = startCommitment(firstContact, { at: at('2026-11-23T09:10'), policyVersion: 1 });
    const next = nextStep([a, b], calendars)!;
    expect(next.commitmentId).toBe('first_contact');
    expect(local(next.at)).toBe('2026-11-23T09:55');
  });
});

describe('policy lookup', () => {
  it('first contact is 1 h after the call, 30 min after a dispatch from the call centre', () => {
    expect(commitmentFor(DEFAULT_POLICY, 'first_contact', { caseKind: 'service_request' })!.budget).toEqual({
      amount: 60,
      unit: 'minutes',
    });
    expect(
      commitmentFor(DEFAULT_POLICY, 'first_contact', { caseKind: 'service_request', dispatched: true })!
        .budget,
    ).toEqual({ amount: 30, unit: 'minutes' });
  });

  it('an inquiry gets an answer commitment and no service-request commitments', () => {
    expect(commitmentFor(DEFAULT_POLICY, 'inquiry_answer', { caseKind: 'inquiry' })).toBeDefined();
    expect(commitmentFor(DEFAULT_POLICY, 'first_contact', { caseKind: 'inquiry' })).toBeUndefined();
  });

  it('a working day is the calendar’s normal working day (09:00–18:30 = 9.5 h)', () => {
    expect(budgetMs({ amount: 2, unit: 'days' }, 'working', calendar)).toBe(19 * 3600_000);
    expect(budgetMs({ amount: 2, unit: 'days' }, 'calendar', calendar)).toBe(48 * 3600_000);
  });
});
