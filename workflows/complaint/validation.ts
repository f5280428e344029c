// Validation of a complaint's actions (before an update is accepted: a rejection leaves no trace in history).
import {
  COMPLAINT_ACTIONS,
  PENALTY_PROPOSALS,
  type ComplaintAction,
  type ComplaintState,
} from '@caseflow/domain';
import type { ApplicationFailure } from '@temporalio/workflow';
import type { ComplaintActionRequest } from '../complaint-messages';
import { actorErrors, invalidState, validationFailed } from '../kernel';

/** `Cannot 'report' a complaint in state 'forwarded'; allowed: …`, with the actions the state allows. */
export function complaintInvalidState(
  action: ComplaintAction,
  state: ComplaintState,
  allowed: ComplaintAction[],
): ApplicationFailure {
  return invalidState('a complaint', action, state, allowed);
}

export function validateAction(
  request: ComplaintActionRequest,
  state: ComplaintState,
  allowed: ComplaintAction[],
): void {
  if (!request || typeof request !== 'object' || !COMPLAINT_ACTIONS.includes(request.action))
    throw validationFailed({ action: `must be one of ${COMPLAINT_ACTIONS.join(', ')}` });
  const badActor = actorErrors(request.actor);
  if (Object.keys(badActor).length > 0) throw validationFailed(badActor);
  if (!allowed.includes(request.action)) throw complaintInvalidState(request.action, state, allowed);
  const errors = argumentErrors(request.action, (request.args ?? {}) as Record<string, unknown>);
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
}

/** The minimum the workflow relies on; the API validates its DTOs in full. */
function argumentErrors(action: ComplaintAction, args: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const text = (field: string, value: unknown = args[field]) => {
    if (typeof value !== 'string' || value.trim() === '') errors[field] = 'is required';
  };
  switch (action) {
    case 'promise-answer':
      text('answer');
      if (
        args.answerBy !== undefined &&
        (typeof args.answerBy !== 'string' || Number.isNaN(Date.parse(args.answerBy)))
      )
        errors.answerBy = 'must be an ISO 8601 time';
      break;
    case 'deliver-result':
      text('result');
      if (typeof args.inPerson !== 'boolean') errors.inPerson = 'must be true or false';
      break;
    case 'report': {
      text('cause');
      text('actionTaken');
      if (!Array.isArray(args.staffInvolved)) {
        errors.staffInvolved = 'must be a list (empty when nobody was involved)';
        break;
      }
      (args.staffInvolved as Record<string, unknown>[]).forEach((s, i) => {
        const at = `staffInvolved[${i}]`;
        if (!s || typeof s !== 'object') return void (errors[at] = 'must be { staffId, penalty }');
        text(`${at}.staffId`, s.staffId);
        if (!PENALTY_PROPOSALS.includes(s.penalty as never))
          errors[`${at}.penalty`] = `must be one of ${PENALTY_PROPOSALS.join(', ')}`;
        const amountOk = typeof s.amount === 'number' && Number.isFinite(s.amount) && s.amount > 0;
        if (s.penalty === 'fine' && !amountOk) errors[`${at}.amount`] = 'a fine needs an amount above 0';
        if (s.penalty !== 'fine' && s.amount !== undefined)
          errors[`${at}.amount`] = 'only a fine has an amount';
      });
      break;
    }
    case 'record-callback':
      if (typeof args.satisfied !== 'boolean') errors.satisfied = 'must be true or false';
      break;
    case 'close':
      text('reason');
      break;
  }
  return errors;
}
