// Validation of a call attempt (before the update is accepted: a rejection leaves no trace in history).
import { ApplicationFailure } from '@temporalio/workflow';
import { DomainErrorCode, FAULT_GRADES } from '@caseflow/domain';
import type { CallbackAttemptRequest, CallbackState, CallbackWorkflowInput } from '../callback-messages';
import { validationFailed } from '../kernel';
import { isClosed } from './state';

export function validateAttempt(
  request: CallbackAttemptRequest,
  state: CallbackState,
  input: Pick<CallbackWorkflowInput, 'level' | 'startsAt'>,
): void {
  if (!request || typeof request !== 'object') throw validationFailed({ request: 'is required' });
  const errors: Record<string, string> = {};
  if (!request.actor || typeof request.actor.userId !== 'string')
    errors.actor = 'userId and username are required';
  if (typeof request.reached !== 'boolean') errors.reached = 'must be true or false';
  const s = request.satisfaction;
  if (request.reached && !(Number.isInteger(s) && s! >= 1 && s! <= 5))
    errors.satisfaction = 'must be 1..5 when the customer was reached';
  const r = request.engineerRating;
  if (r !== undefined && !(Number.isInteger(r) && r >= 1 && r <= 5)) errors.engineerRating = 'must be 1..5';
  if (request.faultGrade !== undefined && !FAULT_GRADES.includes(request.faultGrade))
    errors.faultGrade = `must be one of ${FAULT_GRADES.join(', ')}`;
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  if (isClosed(state)) {
    throw ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: `The callback is ${state}: no more attempts can be recorded on it`,
      details: [{ state }],
      nonRetryable: true,
    });
  }
  // A level-2 callback is the call 48 h after the service: before that point it is not due, and a call
  // recorded then would not be the one the standard asks for. (A sampled level-3 callback may be worked
  // as soon as it is drawn.)
  if (state === 'pending' && input.level === 2) {
    throw ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: `The level-2 callback is made 48 h after the service: it can be recorded from ${input.startsAt}, not before`,
      details: [{ state, startsAt: input.startsAt }],
      nonRetryable: true,
    });
  }
}
