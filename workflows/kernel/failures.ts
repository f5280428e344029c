// The refusals a commitment-bearing workflow answers with: an update's validator throws them (so a refused
// request leaves no trace in history) and the API maps their type to HTTP (422 with the field → message
// tree, 409 with the state and what it allows).
import { ApplicationFailure } from '@temporalio/workflow';
import { DomainErrorCode } from '@caseflow/domain';

/** Invalid input, each problem named by its field: `Invalid request: visitAt must be an ISO 8601 time`. */
export function validationFailed(errors: Record<string, string>): ApplicationFailure {
  return ApplicationFailure.create({
    type: DomainErrorCode.ValidationFailed,
    message: `Invalid request: ${Object.entries(errors)
      .map(([field, problem]) => `${field} ${problem}`)
      .join('; ')}`,
    details: [{ errors }],
    nonRetryable: true,
  });
}

/**
 * An action the state does not allow, with what it does allow: `Cannot 'assign' a case in state 'closed';
 * allowed: none`. `what` names the thing ("a case", "a complaint").
 */
export function invalidState(
  what: string,
  action: string,
  state: string,
  allowed: readonly string[],
): ApplicationFailure {
  return ApplicationFailure.create({
    type: DomainErrorCode.InvalidState,
    message: `Cannot '${action}' ${what} in state '${state}'; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
    details: [{ state, allowedActions: allowed }],
    nonRetryable: true,
  });
}

/** The minimum a request's actor must carry; the API validates its DTOs in full. */
export function actorErrors(
  actor: { userId?: unknown; username?: unknown } | undefined,
): Record<string, string> {
  return !actor || typeof actor.userId !== 'string' || typeof actor.username !== 'string'
    ? { actor: 'userId and username are required' }
    : {};
}
