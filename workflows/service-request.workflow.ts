// One service request or inquiry, from the call to the level-2 callback: the case's lifecycle and its
// promises to the customer (commitments), held as workflow state and kept by durable timers.
//
//   received → (assign | forward) → contact → visit → work → (customer test) → resolved
//            → level-1 confirmation, survey after 1 h, level-2 callback after 48 h → closed
//   an unsatisfied callback (or a manual reopen) → reopened, with a 2-day resolution commitment
//
// Operators act through the `caseAction` update (validated against the lifecycle table, so a refused
// action leaves no trace); quality staff record callbacks through `recordCallback`; admins re-plan
// running cases with `policyChanged`. Every change is written to the timeline (and the read model) by
// `recordCaseEvent` before the update answers, so the API's response shows a persisted change.
//
// History stays lean: one activity per change and one timer at a time. A busy case (forwarded, a customer
// test, a re-plan, ten ladder steps, two callbacks) is about 250 events, so there is no continue-as-new: a
// case's life is bounded by what people do (every reopen takes a callback or an operator).
//
// This file is the entry point: the handlers and the main loop. The parts live in ./service-request/:
//   state.ts       the case (facts, state, commitments, view, timeline)   records.ts   how it writes them
//   actions.ts     operator actions                                        lifecycle.ts resolve, reopen, close
//   callbacks.ts   its own callback workflows                              outcomes.ts  what callbacks found
//   ladder.ts      what its timer wakes it for                             validation.ts update validators
// and what it shares with the complaint and callback workflows in ./kernel/ and ./commitments.ts.
import { allHandlersFinished, condition, log, patched, setHandler } from '@temporalio/workflow';
import { isTerminal, routedTo, type CaseView } from '@caseflow/domain';
import { callbackOutcomeSignal } from './callback-messages';
import { onPolicyChange } from './kernel';
import {
  caseActionUpdate,
  caseViewQuery,
  policyChangedSignal,
  recordCallbackUpdate,
  type CaseWorkflowInput,
} from './messages';
import { act } from './service-request/actions';
import { callbackElsewhere, CALLBACK_REPLAN_PATCH, replanCallbacks } from './service-request/callbacks';
import { handleDue } from './service-request/ladder';
import { callbackOutcome, recordCallback } from './service-request/outcomes';
import { Case } from './service-request/state';
import { validateAction, validateCallback } from './service-request/validation';

export { NOT_SATISFIED_AT_MOST } from './kernel';

export async function serviceRequestWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const sr = new Case(input);
  const { intake, kase, commitments } = sr;

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────────────

  setHandler(caseViewQuery, () => sr.view());

  setHandler(
    caseActionUpdate,
    async (request) => {
      await act(sr, request);
      return sr.view();
    },
    { validator: (request) => validateAction(request, intake.kind, kase.state) },
  );

  setHandler(
    recordCallbackUpdate,
    async (request) => {
      await recordCallback(sr, request);
      return sr.view();
    },
    {
      validator: (request) => {
        validateCallback(request, kase.state);
        // This round's level-1/2 callbacks are work items of their own: the call is recorded there.
        if (sr.callbacksAsWorkflows && (request.level === 1 || request.level === 2))
          throw callbackElsewhere(sr, request.level);
      },
    },
  );

  // A callback workflow (level 3 from the month-end sample) reports its outcome; a customer who is not
  // satisfied reopens a resolved case. The attempt itself is already in `callbacks` (the callback wrote it).
  setHandler(callbackOutcomeSignal, (outcome) => callbackOutcome(sr, outcome));

  // A new policy version or calendar re-plans the open commitments — and the open callback workflows, which
  // follow the case's plan (behind their patch; the order of the check keeps older histories' commands).
  setHandler(
    policyChangedSignal,
    onPolicyChange({
      runner: commitments,
      record: (type, actor, summary, data) => sr.record(type, actor, summary, data),
      alsoReplan: async () => {
        if (sr.ownCallbacks.some((c) => !c.ended) && patched(CALLBACK_REPLAN_PATCH))
          await replanCallbacks(sr);
      },
    }),
  );

  // ── The case ──────────────────────────────────────────────────────────────────────────────────────

  const receivedAt = Date.parse(intake.receivedAt);
  if (intake.kind === 'service_request') {
    // "Within 1 h of the call", or "within 30 min of dispatch": a dispatched case arrives now.
    commitments.start('first_contact', intake.dispatched ? Date.now() : receivedAt);
    commitments.start('forwarding', receivedAt);
  } else {
    commitments.start('inquiry_answer', receivedAt);
  }
  await sr.record(
    'case_received',
    intake.operator,
    `${intake.kind === 'inquiry' ? 'Inquiry' : 'Service request'} ${intake.number} received by ${intake.channel} from ${intake.customer.name}, logged by ${intake.operator.username}` +
      // The routing rides on the intake entry (an argument, not a command: earlier histories replay as they were).
      (intake.routing ? `; ${routedTo(intake.routing)}` : ''),
    {
      channel: intake.channel,
      category: intake.category,
      dispatched: intake.dispatched,
      ...(intake.routing ? { routing: intake.routing } : {}),
    },
  );
  // The customer gets the case number at once, to quote when they call again.
  await sr.tellCustomer('intake_acknowledgement', 'intake');

  // Sleep until the next promise needs attention (or a change moves it); act; repeat until the case ends.
  while (!isTerminal(kase.state)) {
    const item = await commitments.waitForNext(() => isTerminal(kase.state));
    if (item && !isTerminal(kase.state)) await handleDue(sr, item);
  }
  // Let the update that ended the case (and any other in flight) finish writing before we complete.
  await condition(allHandlersFinished);
  log.info('Case ended', { number: intake.number, state: kase.state });
  return sr.view();
}
