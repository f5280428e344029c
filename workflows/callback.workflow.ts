// One customer callback (回访): a due time, an assignee from the quality desk, attempts within calling hours,
// and an outcome that goes back to the case.
//
//   pending (until it may be worked) → open → [not reached → retry_scheduled → open]… → done | unreachable
//
// - The due time is a commitment (CommitmentRunner): an overdue callback escalates like any promise.
// - Not reached: the next attempts are spread over the next working day's calling hours (the calendar's
//   working periods), up to `maxAttempts`; then the callback is recorded unreachable.
// - Reached and not satisfied: the case reopens — through its workflow while it runs (a signal), or, for a
//   level-3 callback on a closed case, as a new case linked to it. Extremely dissatisfied: a complaint.
// - Levels 1 and 2 are the case's own (started by its workflow at resolution): they also tell it when the
//   customer could not be reached, and end as `cancelled` when the case moves on (reopened, closed).
//
// This file is the entry point: the handlers and the main loop. The parts live in ./callback/ (state,
// attempts, ladder, validation, activities), beside what it shares with the case and complaint workflows
// in ./kernel/ and ./commitments.ts.
import { allHandlersFinished, condition, log, setHandler } from '@temporalio/workflow';
import {
  callbackAttemptUpdate,
  callbackCancelSignal,
  callbackReplanSignal,
  callbackViewQuery,
  type CallbackView,
  type CallbackWorkflowInput,
} from './callback-messages';
import { assignCallback, loadSamplingSettings } from './callback/activity-proxies';
import { attempt } from './callback/attempts';
import { handleDue } from './callback/ladder';
import { Callback, isClosed, NEXT_ATTEMPT } from './callback/state';
import { validateAttempt } from './callback/validation';
import { applied, iso } from './kernel';

export { nextAttemptAt } from './callback/attempts';

export async function callbackWorkflow(input: CallbackWorkflowInput): Promise<CallbackView> {
  // A case's callback leaves the number of attempts to the admin's settings, read once, at the start.
  const maxAttempts = input.maxAttempts ?? (await loadSamplingSettings()).settings.maxAttempts;
  const call = new Callback(input, maxAttempts);
  const { cb, commitments, kind, startsAt, workflowId } = call;

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────────────

  setHandler(callbackViewQuery, () => call.view());
  setHandler(
    callbackAttemptUpdate,
    async (request) => {
      await attempt(call, request);
      return call.view();
    },
    { validator: (request) => validateAttempt(request, cb.state, input) },
  );
  // The case's policy changed: the due time follows, as for the case's own commitments (a signal that
  // changes nothing — the same version and calendar, or an older one — leaves it as it is). The runner
  // keeps used time used and fired steps fired, and records the version, as for every commitment.
  setHandler(callbackReplanSignal, async ({ policyVersion, budget, calendar: definition }) => {
    if (isClosed(cb.state)) return;
    const outcome = commitments.replan({
      policy: call.policy(policyVersion, {
        ...call.commitmentDefinition,
        budget,
        calendarId: definition.id,
      }),
      calendars: [definition],
    });
    if (!applied(outcome)) return;
    log.info('Callback re-planned', {
      callbackId: input.callbackId,
      policyVersion,
      dueAt: iso(call.dueAt()),
    });
    await call.save();
  });
  setHandler(callbackCancelSignal, async ({ reason }) => {
    if (isClosed(cb.state)) return;
    const now = Date.now();
    cb.state = 'cancelled';
    cb.closedAt = now;
    cb.nextAttemptAt = undefined;
    commitments.unschedule(NEXT_ATTEMPT);
    commitments.cancel([kind], now, reason);
    log.info('Callback cancelled: its case moved on', { callbackId: input.callbackId, reason });
    // The work queue shows it closed; the main loop ends at once (its wait sees the closed state).
    await call.save();
  });

  // ── The callback ──────────────────────────────────────────────────────────────────────────────────

  await call.save();
  const assigned = await assignCallback({ callbackId: input.callbackId });
  cb.assignee = assigned && { id: assigned.staffId, name: assigned.name };
  if (!cb.assignee) log.warn('Nobody on the quality desk to assign the callback to', { workflowId });
  await call.save();
  if (cb.state === 'pending') {
    await condition(() => isClosed(cb.state), startsAt - Date.now());
    if (cb.state === 'pending') cb.state = 'open';
  }
  if (!isClosed(cb.state)) {
    commitments.start(kind, startsAt, { id: kind });
    await call.save();
  }
  while (!isClosed(cb.state)) {
    const item = await commitments.waitForNext(() => isClosed(cb.state));
    if (item && !isClosed(cb.state)) await handleDue(call, item);
  }
  await condition(allHandlersFinished);
  return call.view();
}
