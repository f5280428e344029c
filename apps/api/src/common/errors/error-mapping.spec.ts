import { BadRequestException, NotFoundException } from '@nestjs/common';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { TemporalOutcomeUnknownError, TemporalUnreachableError } from '@caseflow/temporal';
import { describe as describeError } from './api-exception.filter';
import { toHttpError } from './error-mapping';

describe('toHttpError', () => {
  it.each([
    [DomainErrorCode.ValidationFailed, 422],
    [DomainErrorCode.Unauthenticated, 401],
    [DomainErrorCode.Forbidden, 403],
    [DomainErrorCode.AccountLocked, 423],
    [DomainErrorCode.NotFound, 404],
    [DomainErrorCode.Conflict, 409],
    [DomainErrorCode.InvalidState, 409],
  ])('answers a %s domain error with HTTP %i, keeping its code and message', (code, status) => {
    const mapped = toHttpError(new DomainError(code, 'What to fix'));
    expect(mapped.status).toBe(status);
    expect(mapped.body).toMatchObject({ statusCode: status, code, message: 'What to fix' });
    expect(mapped.expected).toBe(true);
  });

  it('puts validation errors at the top level as `errors`', () => {
    const mapped = toHttpError(
      new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { name: ['is empty'] },
      }),
    );
    expect(mapped.body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      errors: { name: ['is empty'] },
    });
  });

  it('keeps what else a validation failure carries in `details`, beside the field errors', () => {
    const mapped = toHttpError(
      new DomainError(DomainErrorCode.ValidationFailed, 'A service-quality call is a complaint', {
        errors: { category: ['log it as a complaint'] },
        suggested: { category: 'service' },
      }),
    );
    expect(mapped.body).toMatchObject({
      statusCode: 422,
      errors: { category: ['log it as a complaint'] },
      details: { suggested: { category: 'service' } },
    });
    expect(mapped.body.details).not.toHaveProperty('errors');
  });

  it('asks for a bearer token on 401 and says when to retry on 423', () => {
    expect(toHttpError(DomainError.unauthenticated('Sign in')).headers).toEqual({
      'WWW-Authenticate': 'Bearer',
    });
    const locked = new DomainError(DomainErrorCode.AccountLocked, 'Locked', { retryAfterSeconds: 840 });
    expect(toHttpError(locked).headers).toEqual({ 'Retry-After': '840' });
  });

  it("keeps a Nest HttpException's status and message", () => {
    expect(toHttpError(new NotFoundException('Cannot GET /api/nope'))).toMatchObject({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/nope' },
    });
    expect(toHttpError(new BadRequestException(['a', 'b'])).body.message).toBe('a; b');
  });

  it('answers a workflow started twice with 409, naming the workflow', () => {
    const mapped = toHttpError(
      new WorkflowExecutionAlreadyStartedError('exists', 'case-20261122-07-0003', 'x'),
    );
    expect(mapped.status).toBe(409);
    expect(mapped.body).toMatchObject({ code: 'CONFLICT', details: { workflowId: 'case-20261122-07-0003' } });
  });

  it('answers a missing workflow with 404', () => {
    const mapped = toHttpError(new WorkflowNotFoundError('gone', 'case-1', undefined));
    expect(mapped).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND', details: { workflowId: 'case-1' } },
    });
  });

  it('maps a business failure raised inside a workflow update like the same error raised in the API', () => {
    const failure = ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: 'The case is already closed.',
      details: [{ caseNumber: '20261122-07-0003' }],
      nonRetryable: true,
    });
    const mapped = toHttpError(new WorkflowUpdateFailedError('Workflow Update failed', failure));
    expect(mapped).toMatchObject({
      status: 409,
      body: {
        code: 'INVALID_STATE',
        message: 'The case is already closed.',
        details: { caseNumber: '20261122-07-0003' },
      },
    });
  });

  it('does not trust an application failure whose type is not a domain code', () => {
    const failure = ApplicationFailure.create({ type: 'TypeError', message: 'x is undefined' });
    expect(toHttpError(new WorkflowUpdateFailedError('failed', failure)).status).toBe(500);
  });

  it('answers 503 "not applied" with Retry-After only when Temporal certainly was not reached', () => {
    const neverConnected = new Error('Failed to connect before the deadline');
    expect(toHttpError(neverConnected)).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { outcome: 'not_applied' },
      expected: false,
    });
    const refused = new ServiceError('call failed', {
      cause: Object.assign(new Error('14 UNAVAILABLE'), {
        code: 14,
        details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233',
      }),
    });
    expect(toHttpError(refused)).toMatchObject({ status: 503, body: { outcome: 'not_applied' } });
    expect(toHttpError(new TemporalUnreachableError(refused))).toMatchObject({
      status: 503,
      body: { outcome: 'not_applied' },
    });
  });

  it('answers 504 "outcome unknown" when the request reached Temporal and the answer was lost, advising the same Idempotency-Key', () => {
    const dropped = new ServiceError('call failed', {
      cause: Object.assign(new Error('14 UNAVAILABLE'), { code: 14, details: 'Connection dropped' }),
    });
    for (const error of [dropped, new TemporalOutcomeUnknownError(dropped)]) {
      const mapped = toHttpError(error);
      expect(mapped).toMatchObject({ status: 504, body: { outcome: 'unknown' } });
      expect(mapped.body.message).toMatch(/same Idempotency-Key/);
    }
  });

  it('answers 504 when the case did not answer an action in time, and says the action may still land', () => {
    const mapped = toHttpError(
      new WorkflowUpdateRPCTimeoutOrCancelledError('timed out', { cause: new Error('x') }),
    );
    expect(mapped.status).toBe(504);
    expect(mapped.body).toMatchObject({ outcome: 'unknown' });
    expect(mapped.body.message).toMatch(/may still be applied/);
  });

  it('answers 504 when a query ran past its deadline: Temporal answered, the case did not', () => {
    const late = new ServiceError('Failed to query workflow', {
      cause: Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 }),
    });
    const mapped = toHttpError(late);
    expect(mapped.status).toBe(504);
    expect(mapped.body.message).toMatch(/worker/);
  });

  it('answers a path parameter that is not UTF-8 with a 400 saying it is a path parameter and how to send it', () => {
    // Express's router throws it; Nest hands it on as a BadRequestException, a body-parser-like error may not.
    for (const error of [
      new BadRequestException("Failed to decode param '%ED%A0%80'"),
      Object.assign(new URIError("Failed to decode param '%ED%A0%80'"), { status: 400 }),
    ]) {
      const mapped = toHttpError(error);
      expect(mapped.status).toBe(400);
      expect(mapped.body.message).toMatch(
        /^A path parameter \("%ED%A0%80"\) is not valid percent-encoded UTF-8/,
      );
      expect(mapped.expected).toBe(true);
    }
  });

  it('answers anything unknown with a plain 500 that reveals nothing of the error', () => {
    const mapped = toHttpError(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(mapped.status).toBe(500);
    expect(mapped.expected).toBe(false);
    expect(JSON.stringify(mapped.body)).not.toMatch(/secret|TypeError|at /);
    expect(mapped.body.message).toMatch(/request id/);
    expect(toHttpError('a string was thrown').status).toBe(500);
  });
});

describe('describe (what the filter logs about an unexpected error)', () => {
  it('leaves out query parameters, which may hold password hashes', () => {
    const error = new QueryFailedError(
      'INSERT INTO users ...',
      ['$2b$12$secrethash'],
      Object.assign(new Error('boom'), { code: '23502' }),
    );
    const logged = JSON.stringify(describeError(error));
    expect(logged).not.toContain('secrethash');
    expect(describeError(error)).toMatchObject({ type: 'QueryFailedError', code: '23502' });
  });
});
