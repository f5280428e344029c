// A call attempt and where its outcome goes: the next attempt within calling hours, the case (reopened
// through its workflow, or a new linked case), a complaint for an extremely dissatisfied customer.
import { getExternalWorkflowHandle, log, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { caseWorkflowId, WORKFLOW_TYPES, type Actor } from '@caseflow/domain';
import type { BusinessCalendar } from '@caseflow/sla';
import { callbackOutcomeSignal, type CallbackAttemptRequest } from '../callback-messages';
import { isSatisfied, iso } from '../kernel';
import { raiseComplaint } from '../raise-complaint';
import { prepareLinkedCase, recordCallbackAttempt } from './activity-proxies';
import { NEXT_ATTEMPT, type Callback } from './state';
import type { serviceRequestWorkflow } from '../service-request.workflow';

export async function attempt(call: Callback, request: CallbackAttemptRequest): Promise<void> {
  const { cb, input } = call;
  const now = Date.now();
  cb.attempts += 1;
  cb.firstAttemptAt ??= now;
  await recordCallbackAttempt({
    callbackId: input.callbackId,
    attempt: cb.attempts,
    caseNumber: input.caseNumber,
    level: input.level,
    reached: request.reached,
    satisfaction: request.satisfaction,
    engineerRating: request.engineerRating,
    remarks: request.remarks,
    extremelyDissatisfied: request.extremelyDissatisfied,
    dueAt: iso(call.dueAt()),
    callerUserId: request.actor.userId,
    recordedAt: iso(now)!,
  });
  // The case moved on while the call was being recorded: the call stays on record, the callback cancelled.
  if (cb.state === 'cancelled') return call.save();
  if (!request.reached) return notReached(call, request.actor, now);
  // Satisfied means 3 of 5 or better, as for the case's own callbacks.
  const satisfied = isSatisfied(request);
  cb.state = 'done';
  cb.outcome = satisfied ? 'satisfied' : 'not_satisfied';
  cb.satisfaction = request.satisfaction;
  cb.engineerRating = request.engineerRating;
  cb.faultGrade = request.faultGrade;
  cb.remarks = request.remarks;
  cb.closedAt = now;
  cb.nextAttemptAt = undefined;
  call.commitments.unschedule(NEXT_ATTEMPT);
  call.commitments.meet([call.kind], now);
  await call.save();
  if (request.extremelyDissatisfied) {
    cb.complaintWorkflowId = await raiseComplaint(input.complaintKey ?? `callback-${input.callbackId}`, {
      intake: {
        source: 'callback',
        category: input.category,
        complexity: 'simple',
        customer: input.customer,
        description: `Extremely dissatisfied at the level-${input.level} callback of case ${input.caseNumber}${request.remarks ? `: ${request.remarks}` : ''}`,
        ...(input.branchId ? { branchId: input.branchId } : {}),
        receivedAt: iso(now)!,
        raisedBy: request.actor,
        sourceCaseNumber: input.caseNumber,
        sourceCallbackId: input.callbackId,
      },
    });
  }
  if (!satisfied) cb.reopenedCaseNumber = await reopen(call, request.actor);
  else await tellCase(call, request.actor);
  if (request.extremelyDissatisfied || !satisfied) await call.save();
}

/** Not reached: another attempt within calling hours, or — the attempts used up — unreachable. */
async function notReached(call: Callback, actor: Actor, now: number): Promise<void> {
  const { cb, input } = call;
  if (cb.attempts >= call.maxAttempts) {
    cb.state = 'unreachable';
    cb.outcome = 'unreachable';
    cb.closedAt = now;
    cb.nextAttemptAt = undefined;
    call.commitments.unschedule(NEXT_ATTEMPT);
    // Called as often as the standard asks: the promise was kept, the customer could not be reached.
    call.commitments.meet([call.kind], now);
    await call.save();
    // The case's own callbacks tell it (after an unreachable level-2 callback there is nothing to wait for).
    if (input.level !== 3) await tellCase(call, actor);
    return;
  }
  cb.state = 'retry_scheduled';
  cb.nextAttemptAt = nextAttemptAt(call.calendar, cb.firstAttemptAt!, now, cb.attempts + 1, call.maxAttempts);
  call.commitments.schedule(NEXT_ATTEMPT, cb.nextAttemptAt);
  return call.save();
}

/** Tells the running case the outcome; false when its workflow has ended (nothing to tell). */
async function tellCase(call: Callback, actor: Actor): Promise<boolean> {
  const { cb, input } = call;
  try {
    await getExternalWorkflowHandle(caseWorkflowId(input.caseNumber)).signal(callbackOutcomeSignal, {
      callbackId: input.callbackId,
      level: input.level,
      satisfied: cb.outcome === 'satisfied',
      outcome: cb.outcome,
      satisfaction: cb.satisfaction,
      remarks: cb.remarks,
      attempts: cb.attempts,
      complaintWorkflowId: cb.complaintWorkflowId,
      actor,
    });
    return true;
  } catch (err) {
    log.info('The case workflow has ended; the outcome stays on the callback', {
      caseNumber: input.caseNumber,
      error: String(err),
    });
    return false;
  }
}

/** The case reopens through its workflow, or — closed already — as a new case linked to it. */
async function reopen(call: Callback, actor: Actor): Promise<string> {
  const { input } = call;
  const { remarks } = call.cb;
  if (await tellCase(call, actor)) return input.caseNumber;
  const start = await prepareLinkedCase({
    key: input.callbackId,
    caseNumber: input.caseNumber,
    reason: `the customer was not satisfied at the level-${input.level} callback${remarks ? ` (“${remarks}”)` : ''}`,
  });
  try {
    await startChild<typeof serviceRequestWorkflow>(WORKFLOW_TYPES.serviceRequest, {
      workflowId: caseWorkflowId(start.intake.number),
      args: [start],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return start.intake.number;
}

/**
 * When attempt `n` (2…max) is due: the attempts after the first are spread evenly over the calling hours
 * of the working day after the first attempt — never before now, never outside calling hours.
 */
export function nextAttemptAt(
  calendar: BusinessCalendar,
  firstAttemptAt: number,
  now: number,
  n: number,
  max: number,
): number {
  const day = calendar.nextWorkingDay(calendar.localDateOf(firstAttemptAt));
  const periods = calendar.workingPeriodsOn(day);
  const start = periods[0].start.getTime();
  const workingMs = periods.reduce((sum, p) => sum + (p.end.getTime() - p.start.getTime()), 0);
  const slot = calendar
    .addWorkingTime(start, Math.floor((workingMs * (n - 2)) / Math.max(1, max - 1)))
    .getTime();
  return calendar.nextWorkingTime(Math.max(slot, now)).getTime();
}
