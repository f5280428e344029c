// Business errors shared by the API, workflows and activities. Pure and bundle-safe: workflows may import it.
// A workflow or activity reports one as `ApplicationFailure.create({ type: DomainErrorCode.X, message,
// details: [details], nonRetryable: true })`; the API maps that `type` back to the same HTTP answer as a
// DomainError thrown in the API itself.

export enum DomainErrorCode {
  /** The request is well-formed but its content is not acceptable; `details.errors` names each field. */
  ValidationFailed = 'VALIDATION_FAILED',
  /** No valid sign-in: missing, expired or forged credentials. */
  Unauthenticated = 'UNAUTHENTICATED',
  /** Signed in, but this person's roles do not allow the action. */
  Forbidden = 'FORBIDDEN',
  /** Too many failed sign-ins; `details.lockedUntil` says when to try again. */
  AccountLocked = 'ACCOUNT_LOCKED',
  /** Too many requests (or failed sign-ins) from one address or user; `details.retryAfterSeconds` says when to try again. */
  RateLimited = 'RATE_LIMITED',
  NotFound = 'NOT_FOUND',
  /** Something with the same identity already exists (a username, a case number). */
  Conflict = 'CONFLICT',
  /** The action does not fit the current state (e.g. closing a case that is already closed). */
  InvalidState = 'INVALID_STATE',
}

export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = Object.values(DomainErrorCode);

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(value);
}

/** An expected failure a user can act on; its message says what to fix. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(DomainErrorCode.NotFound, message, details);
  }

  static conflict(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(DomainErrorCode.Conflict, message, details);
  }

  static invalidState(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(DomainErrorCode.InvalidState, message, details);
  }

  static forbidden(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(DomainErrorCode.Forbidden, message, details);
  }

  static unauthenticated(message: string): DomainError {
    return new DomainError(DomainErrorCode.Unauthenticated, message);
  }
}
