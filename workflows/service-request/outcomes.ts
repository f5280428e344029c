// What a callback found: recorded on the case (`recordCallback`, level 3 and pre-workflow rounds) or told
// by one of its callback workflows (`callbackOutcomeSignal`). Not satisfied reopens a resolved case.
import { patched } from '@temporalio/workflow';
import { isTerminal } from '@caseflow/domain';
import type { CallbackRecordedData } from '../../activities/types';
import type { CallbackOutcome } from '../callback-messages';
import { isSatisfied, iso, remarks } from '../kernel';
import type { CallbackRequest } from '../messages';
import { raiseComplaint } from '../raise-complaint';
import { closeCase, reopenCase } from './lifecycle';
import { LEVEL2_CALLBACK, type Case } from './state';

/** Extremely dissatisfied callbacks start a complaint workflow (before: a timeline line only). */
export const COMPLAINT_FROM_CALLBACK_PATCH = 'complaint-from-callback';

export async function recordCallback(sr: Case, request: CallbackRequest): Promise<void> {
  const { commitments } = sr;
  const { actor, level } = request;
  const label = `Level-${level} callback by ${actor.username}`;
  // The callback's record (activities' CallbackRecordedData): also written to `callbacks` for reports.
  const promise = commitments.open([`callback_level${level}`])[0];
  const data: CallbackRecordedData = {
    level,
    reached: request.reached,
    satisfaction: request.satisfaction,
    engineerRating: request.engineerRating,
    remarks: request.remarks,
    extremelyDissatisfied: request.extremelyDissatisfied,
    dueAt: iso(promise && commitments.dueAt(promise)),
    callerUserId: actor.userId,
  };
  if (!request.reached) {
    // The commitment keeps running; further attempts are the callbacks issue's business.
    await sr.record('callback_not_reached', actor, `${label}: customer not reached${remarks(request)}`, {
      ...data,
    });
    return;
  }
  const satisfied = isSatisfied(request);
  const now = Date.now();
  if (level === 1) commitments.meet(['callback_level1'], now);
  if (level === 2) {
    commitments.meet(['callback_level2'], now);
    commitments.unschedule(LEVEL2_CALLBACK); // called before it was due: nothing left to start
  }
  const verdict = `${satisfied ? 'satisfied' : 'not satisfied'} (${request.satisfaction}/5)`;
  await sr.record('callback_recorded', actor, `${label}: ${verdict}${remarks(request)}`, {
    ...data,
    satisfied,
  });
  if (!satisfied) {
    await reopenCase(sr, actor, `Reopened: not satisfied at the level-${level} callback`, {
      callbackLevel: level,
    });
    if (request.extremelyDissatisfied) await complaintFromCallback(sr, request, now);
  } else if (level === 2) {
    await closeCase(sr, actor, `Closed: the customer was satisfied at the level-2 callback`);
  }
}

/**
 * An extremely dissatisfied customer becomes a complaint (its own workflow, once per callback round),
 * linked back to this case. Cases that recorded only the request before keep replaying so.
 */
async function complaintFromCallback(sr: Case, request: CallbackRequest, now: number): Promise<void> {
  const { intake, kase } = sr;
  const { actor, level } = request;
  const complaint = patched(COMPLAINT_FROM_CALLBACK_PATCH)
    ? await raiseComplaint(`case-${intake.number}-callback-${level}-${kase.reopenCount}`, {
        intake: {
          source: 'callback',
          category: intake.category,
          // The stricter promise (a clear answer within 2 h) until a person judges it complex.
          complexity: 'simple',
          customer: intake.customer,
          description: `Extremely dissatisfied at the level-${level} callback of case ${intake.number}${remarks(request)}`,
          ...(intake.branchId ? { branchId: intake.branchId } : {}),
          receivedAt: iso(now)!,
          raisedBy: actor,
          sourceCaseNumber: intake.number,
        },
      })
    : undefined;
  await sr.record(
    'complaint_requested',
    actor,
    complaint
      ? `Complaint ${complaint} raised: the customer was extremely dissatisfied at the level-${level} callback`
      : `Complaint requested: the customer was extremely dissatisfied at the level-${level} callback`,
    { callbackLevel: level, remarks: request.remarks, complaintWorkflowId: complaint },
  );
}

/**
 * A callback workflow (the case's own levels 1 and 2, or level 3 from the month-end sample) reports its
 * outcome; a customer who is not satisfied reopens a resolved case. The attempt itself is already in
 * `callbacks` (the callback wrote it).
 */
export async function callbackOutcome(sr: Case, outcome: CallbackOutcome): Promise<void> {
  const { kase } = sr;
  // One of the case's own callbacks (levels 1 and 2) has told its outcome: it is over.
  const own = sr.ownCallbacks.find((c) => c.callbackId === outcome.callbackId);
  if (own) own.ended = true;
  const label = `Level-${outcome.level} callback ${outcome.callbackId} by ${outcome.actor.username}`;
  const verdict = `${outcome.satisfied ? 'satisfied' : 'not satisfied'} (${outcome.satisfaction ?? '–'}/5)`;
  const data = { callbackLevel: outcome.level, callbackId: outcome.callbackId, remarks: outcome.remarks };
  if (isTerminal(kase.state)) return;
  // An own callback about an earlier resolution (it answered as the case moved on) changes nothing more.
  const current = own !== undefined && own.round === sr.round() && kase.state === 'resolved';
  if (outcome.outcome === 'unreachable') {
    const line = `${label}: the customer could not be reached (${outcome.attempts ?? '?'} attempts)`;
    // After the level-2 callback there is nothing left to wait for.
    if (current && own.level === 2) return closeCase(sr, outcome.actor, `Closed: ${line}`);
    return sr.record('note', outcome.actor, line, data);
  }
  if (outcome.satisfied && current && own.level === 2) {
    return closeCase(sr, outcome.actor, `Closed: ${label}: ${verdict}${remarks(outcome)}`);
  }
  if (outcome.satisfied || kase.state !== 'resolved' || (own && !current)) {
    const open = outcome.satisfied ? '' : '; the case is already being worked';
    await sr.record('note', outcome.actor, `${label}: ${verdict}${open}${remarks(outcome)}`, data);
  } else {
    await reopenCase(sr, outcome.actor, `Reopened: not satisfied at the ${label}${remarks(outcome)}`, data);
  }
  // The callback raised the complaint (once, under its key); the case names it.
  if (outcome.complaintWorkflowId) {
    await sr.record(
      'complaint_requested',
      outcome.actor,
      `Complaint ${outcome.complaintWorkflowId} raised: the customer was extremely dissatisfied at the level-${outcome.level} callback ${outcome.callbackId}`,
      { ...data, complaintWorkflowId: outcome.complaintWorkflowId },
    );
  }
}
