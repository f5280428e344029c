// Operator actions (the `caseAction` update, already validated): each moves the case, keeps or starts
// its promises, and writes its timeline entry before the update answers.
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { isActionAllowed, nextState, type CaseAction } from '@caseflow/domain';
import { note } from '../kernel';
import type { CaseActionRequest } from '../messages';
import { reopenCase, resolveCase } from './lifecycle';
import { checkAssignable } from './records';
import { LEVEL2_CALLBACK, SURVEY, WAITS_ON_CUSTOMER, type Case } from './state';
import { caseInvalidState } from './validation';

export async function act(sr: Case, request: CaseActionRequest): Promise<void> {
  const { kase, commitments } = sr;
  const { actor } = request;
  const by = actor.username;
  const now = () => Date.now();
  switch (request.action) {
    case 'assign': {
      const staff = await checkedAssignee(request.args.assigneeId);
      // The check took a round trip: another action may have moved the case meanwhile.
      assertAllowed(sr, 'assign');
      moveTo(sr, 'assign');
      kase.assignee = { id: staff.id, name: staff.name };
      // Passing the case to an engineer is what the hotline promised to do within 2 working hours.
      commitments.meet(['forwarding'], now());
      const reason = request.args.reason ? ` (${request.args.reason})` : '';
      return sr.record('assigned', actor, `Assigned to ${staff.name} by ${by}${reason}`, {
        assigneeId: staff.id,
        supervisorId: staff.supervisorId,
        reason: request.args.reason,
      });
    }
    case 'contact': {
      moveTo(sr, 'contact');
      commitments.meet(['first_contact'], now());
      return sr.record('contacted', actor, `Customer contacted by ${by}${note(request.args.note)}`, {
        note: request.args.note,
      });
    }
    case 'schedule':
      return scheduleVisit(sr, request);
    case 'start':
      moveTo(sr, 'start');
      return sr.record('work_started', actor, `Work started by ${by}${note(request.args.note)}`, {
        note: request.args.note,
      });
    case 'forward': {
      const { department } = request.args;
      moveTo(sr, 'forward');
      kase.department = department;
      commitments.meet(['forwarding'], now());
      const handlerResult = commitments.start('handler_result', now());
      const promise = handlerResult ? `; result due ${sr.due(handlerResult)}` : '';
      return sr.record(
        'forwarded',
        actor,
        `Forwarded to ${department} by ${by}${promise}${note(request.args.note)}`,
        { department, note: request.args.note },
      );
    }
    case 'return-result':
      moveTo(sr, 'return-result');
      commitments.meet(['handler_result'], now());
      return sr.record('result_returned', actor, `Result returned by ${by}: ${request.args.result}`, {
        result: request.args.result,
      });
    case 'request-customer-test':
      return requestCustomerTest(sr, request);
    case 'record-test-result':
      return recordTestResult(sr, request);
    case 'resolve':
      return resolveCase(sr, actor, request.args);
    case 'reopen':
      return reopenCase(sr, actor, `Reopened by ${by}: ${request.args.reason}`, {
        reason: request.args.reason,
      });
    case 'cancel': {
      const { reason } = request.args;
      kase.state = 'cancelled';
      kase.closedAt = now();
      commitments.cancel(undefined, now(), `case cancelled: ${reason}`);
      commitments.unschedule(SURVEY);
      commitments.unschedule(LEVEL2_CALLBACK);
      return sr.record('cancelled', actor, `Cancelled by ${by}: ${reason}`, { reason });
    }
    case 'add-note':
      return sr.record('note', actor, `Note by ${by}: ${request.args.text}`, { text: request.args.text });
  }
}

type ActionOf<A extends CaseAction> = Extract<CaseActionRequest, { action: A }>;

async function scheduleVisit(sr: Case, request: ActionOf<'schedule'>): Promise<void> {
  const { kase, commitments } = sr;
  const { actor } = request;
  const { visitAt, customerWish } = request.args;
  const previousVisitAt = kase.visitAt;
  moveTo(sr, 'schedule');
  kase.visitAt = new Date(visitAt).toISOString();
  const when = commitments.localTime(Date.parse(visitAt));
  // The standard: if the customer's wish cannot be met, offer another slot, and say sorry.
  const wish = customerWish
    ? `; the customer's wish (${customerWish}) could not be met, another slot was offered with an apology`
    : '';
  await sr.record(
    'visit_scheduled',
    actor,
    `Visit scheduled for ${commitments.timelineTime(Date.parse(visitAt))} by ${actor.username}${wish}${note(request.args.note)}`,
    { visitAt: kase.visitAt, customerWish, note: request.args.note },
  );
  // Confirmed as agreed, or moved (the customer's wish could not be met, or a visit was re-booked),
  // with an apology.
  const moved = customerWish !== undefined || previousVisitAt !== undefined;
  return sr.tellCustomer(moved ? 'appointment_moved' : 'appointment_confirmed', `visit:${sr.seq}`, {
    visitAt: when,
    previousVisitAt: previousVisitAt
      ? commitments.localTime(Date.parse(previousVisitAt))
      : (customerWish ?? ''),
  });
}

function requestCustomerTest(sr: Case, request: ActionOf<'request-customer-test'>): Promise<void> {
  const { commitments } = sr;
  const { actor } = request;
  const now = Date.now();
  moveTo(sr, 'request-customer-test');
  // The customer's silence is an answer: at this deadline the case resolves itself (visibly).
  const test = commitments.start('customer_test', now, { endAtDeadline: true });
  const paused = commitments.pause(WAITS_ON_CUSTOMER, now);
  const pausedText = paused.length ? `; paused while waiting: ${paused.map((c) => c.id).join(', ')}` : '';
  const by24 = test ? ` by ${sr.due(test)}` : '';
  return sr.record(
    'customer_test_requested',
    actor,
    `Customer asked by ${actor.username} to test and report back${by24}: ${request.args.instructions}${pausedText}`,
    { instructions: request.args.instructions, paused: paused.map((c) => c.id) },
  );
}

async function recordTestResult(sr: Case, request: ActionOf<'record-test-result'>): Promise<void> {
  const { kase, commitments } = sr;
  const { actor } = request;
  const by = actor.username;
  const { works } = request.args;
  commitments.meet(['customer_test'], Date.now());
  if (works) {
    await sr.record('test_result_recorded', actor, `Customer reports it works (recorded by ${by})`, {
      works,
      note: request.args.note,
    });
    return resolveCase(sr, actor, { summary: request.args.note ?? 'The customer reports it works' });
  }
  kase.state = 'in_progress';
  const resumed = commitments.resume(WAITS_ON_CUSTOMER, Date.now());
  const resumedText = resumed.length ? `; resumed: ${resumed.map((c) => c.id).join(', ')}` : '';
  return sr.record(
    'test_result_recorded',
    actor,
    `Customer reports it still does not work (recorded by ${by})${note(request.args.note)}${resumedText}`,
    { works, note: request.args.note, resumed: resumed.map((c) => c.id) },
  );
}

function moveTo(sr: Case, action: CaseAction): void {
  sr.kase.state = nextState(sr.kase.state, action) ?? sr.kase.state;
}

function assertAllowed(sr: Case, action: CaseAction): void {
  if (!isActionAllowed(sr.intake.kind, sr.kase.state, action))
    throw caseInvalidState(action, sr.kase.state, sr.intake.kind);
}

/** Only certified, active staff: the activity's refusal (VALIDATION_FAILED / NOT_FOUND) is the update's. */
async function checkedAssignee(staffId: string) {
  try {
    return await checkAssignable({ staffId });
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
    throw err;
  }
}
