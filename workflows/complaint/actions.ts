// Staff actions on a complaint (the `complaintAction` update, already validated): each moves it, keeps or
// starts its round's promises, and writes its timeline entry before the update answers.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { nextComplaintState, type Actor, type ComplaintAction, type ComplaintRound } from '@caseflow/domain';
import type { ComplaintActionRequest } from '../complaint-messages';
import { iso, note } from '../kernel';
import { checkStaffInvolved, proposePenalties } from './activity-proxies';
import { recordCallback } from './rounds';
import { COMPLAINT_COMMITMENTS as C, type Complaint } from './state';
import { complaintInvalidState } from './validation';

/** When and by whom a step of the round was taken. */
type Step = { at: string; by: string };

export async function act(cp: Complaint, request: ComplaintActionRequest): Promise<void> {
  const { actor } = request;
  const by = actor.username;
  const now = Date.now();
  const round = cp.current();
  const step: Step = { at: iso(now)!, by };
  const runner = cp.commitments;
  switch (request.action) {
    case 'acknowledge': {
      moveTo(cp, 'acknowledge');
      runner.meet([C.acknowledge], now);
      round.acknowledged = step;
      return cp.record(
        'acknowledged',
        actor,
        `Round ${round.round}: acknowledged by ${by}${note(request.args.note)}`,
        { note: request.args.note },
      );
    }
    case 'promise-answer': {
      const { answer, answerBy } = request.args;
      runner.meet([C.answer], now);
      round.answerPromise = { ...step, answer, ...(answerBy ? { answerBy: isoOf(answerBy) } : {}) };
      const when = answerBy ? ` by ${runner.timelineTime(Date.parse(answerBy))}` : '';
      return cp.record(
        'answer_promised',
        actor,
        `Round ${round.round}: clear answer promised by ${by}${when}: ${answer}`,
        { answer, answerBy: round.answerPromise.answerBy },
      );
    }
    case 'contact': {
      moveTo(cp, 'contact');
      runner.meet([C.contact], now);
      round.contacted = { ...step, ...(request.args.note ? { note: request.args.note } : {}) };
      return cp.record(
        'contacted',
        actor,
        `Round ${round.round}: customer contacted by ${by}${note(request.args.note)}`,
        { note: request.args.note },
      );
    }
    case 'deliver-result': {
      const { result, inPerson } = request.args;
      moveTo(cp, 'deliver-result');
      runner.meet([C.result, C.handling], now);
      round.result = { ...step, result, inPerson };
      const report = cp.promise(C.report, now);
      const how = inPerson ? 'in person' : 'not in person';
      const reportDue = report ? `; handling report due ${cp.due(report)}` : '';
      return cp.record(
        'result_delivered',
        actor,
        `Round ${round.round}: result delivered ${how} by ${by}: ${result}${reportDue}`,
        { result, inPerson },
      );
    }
    case 'report':
      return fileReport(cp, actor, request.args, { now, round, step });
    case 'record-callback':
      return recordCallback(cp, actor, request.args);
    case 'close': {
      moveTo(cp, 'close');
      cp.complaint.closedAt = now;
      cp.complaint.closeReason = request.args.reason;
      runner.cancel(undefined, now, `complaint closed: ${request.args.reason}`);
      return cp.record('closed', actor, `Closed by ${by} (GM office): ${request.args.reason}`, {
        reason: request.args.reason,
      });
    }
  }
}

/**
 * The handling report: the cause, what was done, and a penalty proposal per staff member involved (once
 * per complaint, round and staff member). The time, round and step are the action's, taken when it arrived.
 */
async function fileReport(
  cp: Complaint,
  actor: Actor,
  report: Extract<ComplaintActionRequest, { action: 'report' }>['args'],
  { now, round, step }: { now: number; round: ComplaintRound; step: Step },
): Promise<void> {
  const by = actor.username;
  const involved = await checkedStaff(report.staffInvolved.map((s) => s.staffId));
  // The check took a round trip: another action may have moved the complaint meanwhile.
  assertAllowed(cp, 'report');
  moveTo(cp, 'report');
  cp.commitments.meet([C.report], now);
  const callback = cp.promise(C.callback, now);
  const proposals = report.staffInvolved
    .filter((s) => s.penalty !== 'none')
    .map((s) => ({
      staffId: s.staffId,
      kind: s.penalty as Exclude<typeof s.penalty, 'none'>,
      ...(s.amount !== undefined ? { amount: s.amount } : {}),
      reason: s.reason ?? report.cause,
    }));
  const { proposed } = proposals.length
    ? await proposePenalties({
        complaintNumber: cp.number,
        round: round.round,
        proposals,
        proposedBy: { userId: actor.userId, username: by },
      })
    : { proposed: 0 };
  round.report = { ...step, ...report, penaltiesProposed: proposals.length };
  const names = new Map(involved.map((s) => [s.staffId, s.name ?? s.staffId]));
  const penalties = proposals.length
    ? `; penalties proposed: ${proposals.map((p) => `${p.kind} for ${names.get(p.staffId)}`).join(', ')}`
    : '; no penalty proposed';
  const callbackDue = callback ? `; callback on the result due ${cp.due(callback)}` : '';
  return cp.record(
    'report_filed',
    actor,
    `Round ${round.round}: handling report by ${by} — cause: ${report.cause}; action: ${report.actionTaken}${penalties}${callbackDue}`,
    { ...report, penaltiesProposed: proposals.length, penaltiesNew: proposed },
  );
}

function moveTo(cp: Complaint, action: ComplaintAction): void {
  cp.complaint.state = nextComplaintState(action) ?? cp.complaint.state;
}

function assertAllowed(cp: Complaint, action: ComplaintAction): void {
  if (!cp.allowed().includes(action)) throw complaintInvalidState(action, cp.complaint.state, cp.allowed());
}

/** Staff named in a report must exist: the activity's refusal is the update's. */
async function checkedStaff(staffIds: string[]) {
  try {
    return await checkStaffInvolved({ staffIds });
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
    throw err;
  }
}

const isoOf = (text: string) => new Date(text).toISOString();
