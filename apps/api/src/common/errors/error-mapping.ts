import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { DomainError, DomainErrorCode, isDomainErrorCode } from '@caseflow/domain';
import { translateFieldMessage, translateMessage } from '../i18n/error-messages';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/language';
import { neverSent, TemporalOutcomeUnknownError, TemporalUnreachableError } from '@caseflow/temporal';

/** The one shape of every error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** Present for domain errors: a stable code a client can branch on. */
  code?: DomainErrorCode | 'SERVICE_UNAVAILABLE' | 'INTERNAL_ERROR' | 'PAYLOAD_TOO_LARGE';
  message: string;
  /** Validation failures: field path → what is wrong with it. */
  errors?: Record<string, string[]>;
  details?: Record<string, unknown>;
  /**
   * On an outage: `not_applied` (503: nothing happened, send it again) or `unknown` (504: it may have
   * been applied; send it again only with the same Idempotency-Key).
   */
  outcome?: 'not_applied' | 'unknown';
  /** Quote it when reporting a problem: it finds the request in the logs. */
  requestId?: string;
}

export interface HttpError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** False when it is our fault (a bug or an outage): the filter logs those loudly. */
  expected: boolean;
}

export const HTTP_STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  [DomainErrorCode.ValidationFailed]: HttpStatus.UNPROCESSABLE_ENTITY,
  [DomainErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [DomainErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [DomainErrorCode.AccountLocked]: HttpStatus.LOCKED,
  [DomainErrorCode.RateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [DomainErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [DomainErrorCode.Conflict]: HttpStatus.CONFLICT,
  [DomainErrorCode.InvalidState]: HttpStatus.CONFLICT,
};

const reason = (status: number) => STATUS_CODES[status] ?? 'Error';

/**
 * Translates anything a handler can throw into the HTTP answer, its message and field messages in the
 * caller's language (the message catalogue; English by default); pure, so every rule is unit-tested.
 */
export function toHttpError(error: unknown, language: Language = DEFAULT_LANGUAGE): HttpError {
  const mapped = toEnglishHttpError(error);
  if (language === DEFAULT_LANGUAGE) return mapped;
  const constraints =
    error instanceof DomainError
      ? (error.details?.constraints as Record<string, string[]> | undefined)
      : undefined;
  return { ...mapped, body: localise(mapped.body, constraints, language) };
}

function localise(
  body: ErrorBody,
  constraints: Record<string, string[]> | undefined,
  language: Language,
): ErrorBody {
  const localised: ErrorBody = { ...body, message: translateMessage(body.message, language) };
  if (body.errors) {
    const translate = (field: string, message: unknown, i: number) =>
      translateFieldMessage(field, String(message), constraints?.[field]?.[i], language);
    localised.errors = Object.fromEntries(
      Object.entries(body.errors).map(([field, messages]) => [
        field,
        // A workflow's validation answers one message per field, not a list: the shape stays.
        Array.isArray(messages)
          ? messages.map((message, i) => translate(field, message, i))
          : (translate(field, messages, 0) as unknown as string[]),
      ]),
    );
  }
  return localised;
}

function toEnglishHttpError(error: unknown): HttpError {
  if (error instanceof DomainError) return fromDomain(error.code, error.message, error.details);

  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : error.message;
    return {
      status,
      body: { statusCode: status, error: reason(status), message: clientMessage(message) },
      headers: {},
      expected: status < 500,
    };
  }

  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return fromDomain(DomainErrorCode.Conflict, `Workflow ${error.workflowId} has already been started.`, {
      workflowId: error.workflowId,
    });
  }
  if (error instanceof WorkflowNotFoundError) {
    return fromDomain(DomainErrorCode.NotFound, `Workflow ${error.workflowId} was not found.`, {
      workflowId: error.workflowId,
    });
  }

  const failure = findDomainFailure(error);
  if (failure) {
    const details = failure.details?.[0];
    return fromDomain(
      failure.type as DomainErrorCode,
      failure.message,
      details !== null && typeof details === 'object' ? (details as Record<string, unknown>) : undefined,
    );
  }

  if (error instanceof TemporalUnreachableError) return notApplied();
  if (error instanceof TemporalOutcomeUnknownError) {
    // A deadline with Temporal up says more (no worker took it); a lost connection says just "unknown".
    const inner = toHttpError(error.cause);
    return inner.status === HttpStatus.GATEWAY_TIMEOUT ? inner : outcomeUnknown();
  }

  // An update, or a query (it has the same deadline), that the case did not answer in time.
  if (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    grpcCode(error) === GRPC_DEADLINE_EXCEEDED
  ) {
    const status = HttpStatus.GATEWAY_TIMEOUT;
    return {
      status,
      body: {
        statusCode: status,
        error: reason(status),
        code: 'SERVICE_UNAVAILABLE',
        message:
          'The case did not answer in time (is a Caseflow worker running?). The action may still be applied ' +
          'once a worker picks it up: send it again only with the same Idempotency-Key (applied at most ' +
          'once), or look at the case before trying again without one.',
        outcome: 'unknown',
      },
      headers: {},
      expected: false,
    };
  }

  if (error instanceof Error && error.message.startsWith('Failed to connect')) return notApplied();
  if (error instanceof ServiceError) {
    if (grpcCode(error) === GRPC_UNAVAILABLE) {
      // Not sent at all, or lost on the way back: only gRPC's own words tell which.
      const cause = error.cause as unknown as { code: number; details?: string };
      return neverSent({ code: cause.code, details: cause.details ?? '' }) ? notApplied() : outcomeUnknown();
    }
  }

  // A body over REQUEST_BODY_LIMIT: say what the limit is, so the client knows how much to send.
  const tooLarge = error as { type?: unknown; limit?: unknown } | null;
  if (tooLarge?.type === 'entity.too.large' && typeof tooLarge.limit === 'number') {
    const status = HttpStatus.PAYLOAD_TOO_LARGE;
    return {
      status,
      body: {
        statusCode: status,
        error: reason(status),
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than the limit of ${describeBytes(tooLarge.limit)}; send less.`,
        details: { limitBytes: tooLarge.limit },
      },
      headers: {},
      expected: true,
    };
  }

  // Body-parser errors other than bad JSON (which Nest turns into a BadRequestException), e.g. 415.
  const clientStatus = (error as { status?: unknown } | null)?.status;
  if (
    error instanceof Error &&
    typeof clientStatus === 'number' &&
    clientStatus >= 400 &&
    clientStatus < 500
  ) {
    return {
      status: clientStatus,
      body: { statusCode: clientStatus, error: reason(clientStatus), message: clientMessage(error.message) },
      headers: {},
      expected: true,
    };
  }

  const status = HttpStatus.INTERNAL_SERVER_ERROR;
  return {
    status,
    body: {
      statusCode: status,
      error: reason(status),
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side. Quote the request id when reporting it.',
    },
    headers: {},
    expected: false,
  };
}

/** Express's own words, where they would not tell a caller what to fix. */
function clientMessage(message: string): string {
  const undecodable = /^Failed to decode param '(.*)'$/s.exec(message);
  if (undecodable) {
    return (
      `A path parameter ("${undecodable[1]}") is not valid percent-encoded UTF-8 text: ` +
      'encode it with encodeURIComponent or equivalent.'
    );
  }
  return message;
}

/** Temporal was not reached: nothing was applied, and sending the request again is safe. */
function notApplied(): HttpError {
  const status = HttpStatus.SERVICE_UNAVAILABLE;
  return {
    status,
    body: {
      statusCode: status,
      error: reason(status),
      code: 'SERVICE_UNAVAILABLE',
      message:
        'The workflow service (Temporal) is not reachable right now: nothing was done. Try again in a moment.',
      outcome: 'not_applied',
    },
    headers: { 'Retry-After': '5' },
    expected: false,
  };
}

/** The request reached Temporal, whose answer never came back: it may have been applied. */
function outcomeUnknown(): HttpError {
  const status = HttpStatus.GATEWAY_TIMEOUT;
  return {
    status,
    body: {
      statusCode: status,
      error: reason(status),
      code: 'SERVICE_UNAVAILABLE',
      message:
        'The workflow service (Temporal) stopped answering after the request was sent: it may or may not ' +
        'have been applied. Send it again with the same Idempotency-Key (it is then applied at most once), ' +
        'or look at the record before trying again without one.',
      outcome: 'unknown',
    },
    headers: { 'Retry-After': '5' },
    expected: false,
  };
}

function fromDomain(code: DomainErrorCode, message: string, details?: Record<string, unknown>): HttpError {
  const status = HTTP_STATUS_BY_CODE[code];
  const body: ErrorBody = { statusCode: status, error: reason(status), code, message };
  const headers: Record<string, string> = {};
  if (code === DomainErrorCode.ValidationFailed && details?.errors) {
    // The field → messages tree is `errors`; anything else it carries (e.g. the body to send elsewhere
    // instead) stays in `details`.
    const { errors, ...rest } = details;
    body.errors = errors as Record<string, string[]>;
    if (Object.keys(rest).length > 0) body.details = rest;
  } else if (details && Object.keys(details).length > 0) {
    body.details = details;
  }
  if (status === HttpStatus.UNAUTHORIZED) headers['WWW-Authenticate'] = 'Bearer';
  if (
    (code === DomainErrorCode.AccountLocked || code === DomainErrorCode.RateLimited) &&
    typeof details?.retryAfterSeconds === 'number'
  ) {
    headers['Retry-After'] = String(details.retryAfterSeconds);
  }
  return { status, body, headers, expected: true };
}

/** A business error raised inside a workflow or activity arrives wrapped: look down the cause chain. */
function findDomainFailure(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof ApplicationFailure && isDomainErrorCode(current.type)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

function grpcCode(error: unknown): unknown {
  return error instanceof ServiceError ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
}

function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB (${bytes} bytes)`;
  if (bytes % 1024 === 0) return `${bytes / 1024} kB (${bytes} bytes)`;
  return `${bytes} bytes`;
}
