// Rounds: each starts forwarded with fresh commitments and ends at the callback on its result —
// satisfied (archived), not satisfied (the next round), or past the round limit (the GM office).
import { SYSTEM_ACTOR, type Actor } from '@caseflow/domain';
import { iso } from '../kernel';
import { routeComplaint, routeToGmOffice } from './activity-proxies';
import { COMPLAINT_COMMITMENTS as C, type Complaint } from './state';

export async function startRound(cp: Complaint, at: number): Promise<void> {
  const { complaint, intake, department } = cp;
  const round = complaint.rounds.length + 1;
  complaint.rounds.push({ round, startedAt: iso(at)!, outcome: 'open', commitmentIds: [] });
  complaint.state = 'forwarded';
  // The supervisor's clock starts when the complaint reaches them (now: a letter logged days after it
  // arrived is not late to be acknowledged); the customer's promises count from when we received it.
  const acknowledge = cp.promise(C.acknowledge, Math.max(at, Date.now()));
  const answer = cp.promise(C.answer, at);
  const contact = cp.promise(C.contact, at);
  const handling = cp.promise(C.handling, at);
  const result = cp.promise(C.result, at);
  const routed = await routeComplaint({
    workflowId: cp.workflowId,
    complaintNumber: cp.number,
    round,
    department,
    branchId: intake.branchId,
    customerName: intake.customer.name,
    summary: intake.description,
    answerDueAt: iso(answer && cp.commitments.dueAt(answer)),
  });
  cp.current().forwardedTo = { department, supervisor: routed.supervisor, qualityDesk: routed.qualityDesk };
  const who = (ref: { staffId: string | null; name?: string }) => ref.name ?? 'nobody on the chart';
  const dues = [
    acknowledge && `acknowledgement due ${cp.due(acknowledge)}`,
    answer && `clear answer due ${cp.due(answer)}`,
    contact && `contact due ${cp.due(contact)}`,
    handling && `handled by ${cp.due(handling)}`,
    result && `result in person by ${cp.due(result)}`,
  ].filter(Boolean);
  await cp.record(
    'forwarded',
    SYSTEM_ACTOR,
    `Round ${round}: forwarded to the ${department.replace(/_/g, ' ')} supervisor (${who(routed.supervisor)}), ` +
      `complaint desk (${who(routed.qualityDesk)}) copied${dues.length ? `; ${dues.join(', ')}` : ''}`,
    { department, supervisor: routed.supervisor, qualityDesk: routed.qualityDesk },
  );
}

/** The callback on the round's result: the round ends, and what comes next depends on the customer. */
export async function recordCallback(
  cp: Complaint,
  actor: Actor,
  args: { satisfied: boolean; remarks?: string },
): Promise<void> {
  const { complaint, intake } = cp;
  const now = Date.now();
  const round = cp.current();
  const runner = cp.commitments;
  runner.meet([C.callback], now);
  round.callback = { at: iso(now)!, by: actor.username, ...args };
  round.outcome = args.satisfied ? 'satisfied' : 'not_satisfied';
  round.endedAt = iso(now);
  // Whatever of this round is still open (an answer never promised) no longer applies.
  runner.cancel(undefined, now, `round ${round.round} ended at the callback`);
  const said = args.remarks ? ` — “${args.remarks}”` : '';
  if (args.satisfied) {
    complaint.state = 'archived';
    complaint.closedAt = now;
    await cp.record(
      'callback_recorded',
      actor,
      `Round ${round.round}: callback by ${actor.username}: satisfied${said}`,
      { ...args },
    );
    return cp.record(
      'archived',
      SYSTEM_ACTOR,
      `Archived: the customer is satisfied after round ${round.round}`,
    );
  }
  if (round.round < cp.roundLimit) {
    await cp.record(
      'callback_recorded',
      actor,
      `Round ${round.round}: callback by ${actor.username}: not satisfied${said}; recorded again as round ${round.round + 1}`,
      { ...args },
    );
    return startRound(cp, now);
  }
  complaint.state = 'gm_review';
  await cp.record(
    'callback_recorded',
    actor,
    `Round ${round.round}: callback by ${actor.username}: not satisfied${said}; the round limit (${cp.roundLimit}) is reached`,
    { ...args },
  );
  const gm = await routeToGmOffice({
    workflowId: cp.workflowId,
    complaintNumber: cp.number,
    round: round.round,
    customerName: intake.customer.name,
    summary: intake.description,
  });
  await cp.record(
    'escalated_to_gm_office',
    SYSTEM_ACTOR,
    `Escalated to the general manager's office (${gm.name ?? 'nobody on the chart'}) after ${round.round} rounds; it may close the complaint with a reason`,
    { gmOffice: gm },
  );
}
