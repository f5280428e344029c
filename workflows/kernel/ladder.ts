// Firing one ladder step of a commitment (remind / breach / escalate / notify), and the words the timeline
// says about it. Every commitment-bearing workflow fires its steps through `fireStepOnce`; what a step
// delivers (the activity, the timeline entry) stays the workflow's own.
import { ActivityFailure, log } from '@temporalio/workflow';
import type { CommitmentRecord, LadderStep } from '@caseflow/sla';
import type { CommitmentRunner } from '../commitments';

/** The timeline entry type of each step action (the same in a case's and a complaint's timeline). */
export const STEP_EVENT = {
  remind: 'commitment_warning',
  breach: 'commitment_breached',
  escalate: 'commitment_escalated',
  notify: 'notification',
} as const satisfies Record<LadderStep['action'], string>;

export type StepEventType = (typeof STEP_EVENT)[LadderStep['action']];

/** How a workflow names the people a ladder step reaches, and the steps whose template has its own words. */
export interface StepWording {
  targets: Record<LadderStep['target'], string>;
  /** Words for a step by its template (`what` is the commitment, e.g. "resolution#1"; `dueAt` its deadline). */
  templates?: Partial<Record<string, (what: string, dueAt: string) => string>>;
}

/** A case's (service request, inquiry) and a callback's words: the people of the case. */
export const CASE_STEP_WORDING: StepWording = {
  targets: {
    assignee: 'the assignee',
    supervisor: 'the supervisor',
    manager: 'the manager',
    quality_desk: 'the quality desk',
    hotline: 'the hotline',
    customer: 'the customer',
  },
  templates: {
    chase_handler: (_what, dueAt) => `Hotline asked to chase the handler: the result was due ${dueAt}`,
    delay_apology: (what, dueAt) =>
      `Customer told, with an apology, that the case is in progress (${what} was due ${dueAt})`,
    test_reminder: (_what, dueAt) => `Customer reminded to report the test result by ${dueAt}`,
  },
};

/** A complaint's words: it is the responsible supervisor's, with the complaint desk copied. */
export const COMPLAINT_STEP_WORDING: StepWording = {
  targets: {
    assignee: 'the responsible supervisor',
    supervisor: 'the responsible supervisor',
    manager: 'the manager above the supervisor',
    quality_desk: 'the complaint desk',
    hotline: 'the hotline',
    customer: 'the customer',
  },
};

/** The timeline's line for a step: "Breached: resolution was due 2026-11-23 10:00; the supervisor notified". */
export function stepSummary(
  commitment: CommitmentRecord,
  step: LadderStep,
  dueAt: string,
  wording: StepWording,
): string {
  const what = commitment.id.replace(/_/g, ' ');
  const own = step.template ? wording.templates?.[step.template] : undefined;
  if (own) return own(what, dueAt);
  const target = wording.targets[step.target];
  switch (step.action) {
    case 'remind':
      return `Warning: ${what} is due ${dueAt}; ${target} reminded`;
    case 'breach':
      return `Breached: ${what} was due ${dueAt}; ${target} notified`;
    case 'escalate':
      return `Escalated to ${target}: ${what} was due ${dueAt}`;
    case 'notify':
      return `${target} notified (${step.template ?? 'notice'}): ${what} due ${dueAt}`;
  }
}

/**
 * One ladder step, exactly once: marked fired in workflow state before its side effect runs, so neither a
 * re-plan nor a retry can fire it again. A reminder that waited for working hours past the breach (a call on
 * Friday night) is spent, not sent: the breach already told the supervisor, and "due soon" would be false.
 * Otherwise `deliver` runs with the commitment as marked and the time it fired.
 */
export async function fireStepOnce(
  runner: CommitmentRunner,
  commitmentId: string,
  step: LadderStep,
  deliver: (commitment: CommitmentRecord, firedAt: number) => Promise<void>,
): Promise<void> {
  const now = Date.now();
  const commitment = runner.markFired(commitmentId, step.id, now);
  if (step.action === 'remind' && commitment.breachedAt !== undefined) {
    log.info('Reminder superseded by the breach', { commitmentId, stepId: step.id });
    return;
  }
  await deliver(commitment, now);
}

/**
 * Why a step could not be delivered (e.g. nobody above the assignee in the chart), logged: such a step must
 * not end the workflow, it is noted for a person to follow up.
 */
export function undelivered(err: unknown, commitmentId: string, step: LadderStep): string {
  const failure = err instanceof ActivityFailure ? (err.cause?.message ?? err.message) : String(err);
  log.warn('Ladder step could not be delivered', { commitmentId, stepId: step.id, failure });
  return failure;
}
