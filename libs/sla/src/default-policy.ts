// The service standards' default commitments, as data. A migration seeds them into PostgreSQL as policy
// version 1; workflows receive the version they run under and never read these constants directly.
import type { CommitmentKind } from './commitment-kinds';
import type { CommitmentDefinition, LadderStep, PolicyVersion } from './policy';

export const DEFAULT_CALENDAR_ID = 'default';
export const DEFAULT_POLICY_ID = 'default';

/**
 * The standard ladder: at 75 % remind the assignee; at the deadline mark it breached and tell the
 * supervisor; 2 working hours later escalate to the manager.
 */
export function standardLadder(extra: LadderStep[] = []): LadderStep[] {
  return [
    {
      id: 'warn',
      fraction: 0.75,
      action: 'remind',
      target: 'assignee',
      template: 'commitment_warning',
      waitForWorkingHours: true,
    },
    {
      id: 'breach',
      fraction: 1,
      action: 'breach',
      target: 'supervisor',
      template: 'commitment_breached',
      waitForWorkingHours: false,
    },
    ...extra,
    {
      id: 'escalate',
      fraction: 1,
      delay: { amount: 2, unit: 'hours' },
      delayClock: 'working',
      action: 'escalate',
      target: 'manager',
      template: 'commitment_escalated',
      waitForWorkingHours: true,
    },
  ];
}

/** Only a kind from the catalogue compiles here: the default policy promises nothing no workflow keeps. */
const commitment = (
  kind: CommitmentKind,
  amount: number,
  unit: 'minutes' | 'hours' | 'days',
  clock: 'working' | 'calendar',
  ladder: LadderStep[] = standardLadder(),
): CommitmentDefinition => ({
  kind,
  budget: { amount, unit },
  clock,
  calendarId: DEFAULT_CALENDAR_ID,
  ladder,
});

export const DEFAULT_POLICY: PolicyVersion = {
  policyId: DEFAULT_POLICY_ID,
  version: 1,
  rules: [
    {
      match: { caseKind: 'service_request' },
      commitments: [
        // An engineer calls back within 1 h of the customer's call…
        commitment('first_contact', 60, 'minutes', 'calendar'),
        // …a case the hotline cannot solve on the call is passed on within 2 working hours…
        commitment('forwarding', 2, 'hours', 'working'),
        // …and the handler returns a result within 2 working days; if not, the hotline chases the handler
        // and the customer is told, with an apology, that the case is in progress.
        commitment(
          'handler_result',
          2,
          'days',
          'working',
          standardLadder([
            {
              id: 'chase',
              fraction: 1,
              action: 'notify',
              target: 'hotline',
              template: 'chase_handler',
              waitForWorkingHours: false,
            },
            {
              id: 'apologise',
              fraction: 1,
              action: 'notify',
              target: 'customer',
              template: 'delay_apology',
              waitForWorkingHours: false,
            },
          ]),
        ),
        // The customer has 24 h to report back on a test; silence resolves the case (visibly).
        commitment('customer_test', 24, 'hours', 'calendar', [
          {
            id: 'remind_customer',
            fraction: 0.75,
            action: 'notify',
            target: 'customer',
            template: 'test_reminder',
            waitForWorkingHours: false,
          },
        ]),
        // A problem found at a callback is solved within 2 days.
        commitment('resolution', 2, 'days', 'calendar'),
        // Level-1 confirmation call right after service; level-2 callback once it is due (48 h after).
        commitment('callback_level1', 2, 'hours', 'working'),
        commitment('callback_level2', 1, 'days', 'working'),
      ],
    },
    {
      // Dispatched from the call centre: first contact within 30 minutes of dispatch.
      match: { caseKind: 'service_request', dispatched: true },
      commitments: [commitment('first_contact', 30, 'minutes', 'calendar')],
    },
    {
      match: { caseKind: 'inquiry' },
      commitments: [commitment('inquiry_answer', 2, 'days', 'working')],
    },
  ],
};

/** Fixed times in the service procedure (not deadlines): when the survey and the level-2 callback happen. */
export interface ServiceSchedule {
  surveyAfterMs: number;
  level2CallbackAfterMs: number;
}

export const DEFAULT_SERVICE_SCHEDULE: ServiceSchedule = {
  surveyAfterMs: 60 * 60 * 1000,
  level2CallbackAfterMs: 48 * 60 * 60 * 1000,
};
