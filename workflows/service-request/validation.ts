// Validation of a case's updates (runs before an update is accepted: a rejection leaves no trace in history).
import {
  allowedActions,
  CASE_ACTIONS,
  DEPARTMENTS,
  DomainErrorCode,
  FAULT_GRADES,
  isActionAllowed,
  type Actor,
  type CaseAction,
  type CaseState,
  type CaseView,
} from '@caseflow/domain';
import { ApplicationFailure } from '@temporalio/workflow';
import { actorErrors, invalidState, validationFailed } from '../kernel';
import type { CallbackRequest, CaseActionRequest } from '../messages';

/** `Cannot 'assign' a case in state 'closed'; allowed: none`, with the actions the state allows. */
export function caseInvalidState(
  action: CaseAction,
  state: CaseState,
  kind: CaseView['kind'],
): ApplicationFailure {
  return invalidState('a case', action, state, allowedActions(kind, state));
}

export function validateAction(request: CaseActionRequest, kind: CaseView['kind'], state: CaseState): void {
  if (!request || typeof request !== 'object' || !CASE_ACTIONS.includes(request.action)) {
    throw validationFailed({ action: `must be one of ${CASE_ACTIONS.join(', ')}` });
  }
  validateActor(request.actor);
  if (!isActionAllowed(kind, state, request.action)) throw caseInvalidState(request.action, state, kind);
  const errors = argumentErrors(request.action, (request.args ?? {}) as Record<string, unknown>);
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
}

/** The minimum the workflow relies on; the API validates its DTOs in full. */
function argumentErrors(action: CaseAction, args: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const text = (field: string) => {
    if (typeof args[field] !== 'string' || (args[field] as string).trim() === '')
      errors[field] = 'is required';
  };
  switch (action) {
    case 'assign':
      text('assigneeId');
      break;
    case 'schedule':
      if (typeof args.visitAt !== 'string' || Number.isNaN(Date.parse(args.visitAt)))
        errors.visitAt = 'must be an ISO 8601 time';
      break;
    case 'forward':
      if (!DEPARTMENTS.includes(args.department as never))
        errors.department = `must be one of ${DEPARTMENTS.join(', ')}`;
      break;
    case 'return-result':
      text('result');
      break;
    case 'request-customer-test':
      text('instructions');
      break;
    case 'record-test-result':
      if (typeof args.works !== 'boolean') errors.works = 'must be true or false';
      break;
    case 'resolve':
      text('summary');
      if (args.faultGrade !== undefined && !FAULT_GRADES.includes(args.faultGrade as never))
        errors.faultGrade = `must be one of ${FAULT_GRADES.join(', ')}`;
      break;
    case 'reopen':
    case 'cancel':
      text('reason');
      break;
    case 'add-note':
      text('text');
      break;
  }
  return errors;
}

export function validateCallback(request: CallbackRequest, state: CaseState): void {
  if (!request || typeof request !== 'object') throw validationFailed({ request: 'is required' });
  validateActor(request.actor);
  const errors: Record<string, string> = {};
  if (![1, 2, 3].includes(request.level)) errors.level = 'must be 1, 2 or 3';
  if (typeof request.reached !== 'boolean') errors.reached = 'must be true or false';
  const s = request.satisfaction;
  if (request.reached && !(Number.isInteger(s) && s! >= 1 && s! <= 5))
    errors.satisfaction = 'must be 1..5 when the customer was reached';
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  // Callbacks follow a resolution; a reopened case is called back after its next one.
  if (state !== 'resolved') {
    throw ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: `Cannot record a callback on a case in state '${state}'; callbacks follow a resolution`,
      details: [{ state }],
      nonRetryable: true,
    });
  }
}

function validateActor(actor: Actor | undefined): void {
  const errors = actorErrors(actor);
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
}
