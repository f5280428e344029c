// One complaint, in rounds until the customer is satisfied: the complaint procedure of the service
// standards, with every limit a commitment from the complaint policy, kept by durable timers.
//
//   received → round n: forwarded to the responsible supervisor (complaint desk copied)
//            → acknowledged → a clear answer promised → customer contacted → result delivered in person
//            → handling report (cause, penalty proposal) → callback on the result
//   satisfied → archived; not satisfied → round n+1, until the round limit → the GM office, who closes it
//
// The workflow allocates its own number and reads the complaint policy through an activity (any starter —
// the API, a case's callback, a customer evaluation — gives only the intake). Staff act through the
// `complaintAction` update (validated against the state table in @caseflow/domain, so a refused action
// leaves no trace); admins re-plan running complaints with `policyChanged`, as for cases. Every change is
// written to the complaint's timeline and read model before the update answers.
//
// This file is the entry point: the handlers and the main loop. The parts live in ./complaint/:
//   state.ts   the complaint (rounds, commitments, view, timeline)   activities.ts  its activities
//   actions.ts staff actions          rounds.ts  a round's start and end          ladder.ts  its timer
//   validation.ts                     and what it shares with the other commitment-bearing workflows in
// ./kernel/ and ./commitments.ts.
import { allHandlersFinished, ApplicationFailure, condition, log, setHandler } from '@temporalio/workflow';
import {
  complaintIntakeErrors,
  DomainErrorCode,
  isComplaintEnded,
  type ComplaintView,
} from '@caseflow/domain';
import { CommitmentRunner } from './commitments';
import { complaintActionUpdate, complaintOpenedUpdate, complaintViewQuery } from './complaint-messages';
import { act } from './complaint/actions';
import { openComplaint, notifyCustomer } from './complaint/activity-proxies';
import { handleDue } from './complaint/ladder';
import { startRound } from './complaint/rounds';
import { Complaint, COMPLAINT_COMMITMENTS as C } from './complaint/state';
import { validateAction } from './complaint/validation';
import { iso, onPolicyChange, validationFailed } from './kernel';
import { policyChangedSignal, type ComplaintWorkflowInput } from './messages';

export { COMPLAINT_COMMITMENTS } from './complaint/state';

export async function complaintWorkflow(input: ComplaintWorkflowInput): Promise<ComplaintView> {
  const cp = new Complaint(input);
  const { intake, workflowId, complaint } = cp;

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────────────

  setHandler(complaintViewQuery, () => (cp.opened ? cp.view() : undefined));

  setHandler(complaintOpenedUpdate, async () => {
    await condition(() => cp.opened);
    return cp.view();
  });

  setHandler(
    complaintActionUpdate,
    async (request) => {
      await act(cp, request);
      return cp.view();
    },
    {
      validator: (request) => {
        if (!cp.opened) {
          throw ApplicationFailure.create({
            type: DomainErrorCode.InvalidState,
            message: 'The complaint is still being opened; try again in a moment',
            details: [{ state: 'opening', allowedActions: [] }],
            nonRetryable: true,
          });
        }
        validateAction(request, complaint.state, cp.allowed());
      },
    },
  );

  // ── The complaint ─────────────────────────────────────────────────────────────────────────────────

  // Starters are other workflows and modules too: an intake the records would refuse ends here, named,
  // rather than retrying a write forever.
  const problems = complaintIntakeErrors(intake);
  if (Object.keys(problems).length > 0) throw validationFailed(problems);
  const setup = await openComplaint({ workflowId, intake });
  cp.number = setup.number;
  cp.roundLimit = setup.roundLimit;
  const runner = new CommitmentRunner({ policy: setup.policy, calendars: setup.calendars, facts: cp.facts });
  cp.commitments = runner;

  // Policy changes reach running complaints as they reach cases: the remaining time is re-planned, and the
  // timeline says so in the same words.
  setHandler(
    policyChangedSignal,
    onPolicyChange({ runner, record: (type, actor, summary, data) => cp.record(type, actor, summary, data) }),
  );

  const receivedAt = Date.parse(intake.receivedAt);
  const from = [
    intake.sourceCaseNumber && `case ${intake.sourceCaseNumber}`,
    intake.sourceCallbackId && `callback ${intake.sourceCallbackId}`,
    intake.sourceEvaluationId && `evaluation ${intake.sourceEvaluationId}`,
  ].filter(Boolean);
  await cp.record(
    'complaint_received',
    intake.raisedBy,
    `Complaint ${cp.number} received by ${intake.source.replace(/_/g, ' ')} from ${intake.customer.name} ` +
      `(${intake.category}, ${intake.complexity}), logged by ${intake.raisedBy.username}` +
      `${from.length ? `; raised from ${from.join(', ')}` : ''}: ${intake.description}`,
    {
      source: intake.source,
      category: intake.category,
      complexity: intake.complexity,
      sourceCaseNumber: intake.sourceCaseNumber,
      sourceCallbackId: intake.sourceCallbackId,
      sourceEvaluationId: intake.sourceEvaluationId,
    },
  );
  await startRound(cp, receivedAt);
  // The customer hears at once that the complaint is logged, and by when the clear answer comes.
  const answer = runner.get(`${C.answer}#1`);
  await notifyCustomer({
    idempotencyKey: `${workflowId}:intake`,
    caseNumber: cp.number,
    customer: intake.customer,
    template: 'complaint_acknowledgement',
    data: { answerBy: iso(answer && runner.dueAt(answer)) },
  });
  // Open for actions, and for the starter waiting on `complaintOpened`: everything above is written.
  cp.opened = true;

  // Sleep until the next promise needs attention (or a change moves it); act; repeat until it ends.
  while (!isComplaintEnded(complaint.state)) {
    const item = await runner.waitForNext(() => isComplaintEnded(complaint.state));
    if (item && !isComplaintEnded(complaint.state)) await handleDue(cp, item);
  }
  await condition(allHandlersFinished);
  log.info('Complaint ended', { number: cp.number, state: complaint.state });
  return cp.view();
}
