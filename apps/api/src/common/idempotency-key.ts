import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, DomainErrorCode } from '@caseflow/domain';

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export const IDEMPOTENCY_KEY_MESSAGE = 'Idempotency-Key must be 1–200 printable ASCII characters';

/**
 * The request's `Idempotency-Key` header, checked (422 naming it otherwise); undefined without one. It lets
 * a client that heard no answer (a 504 with `outcome: "unknown"`, a dropped connection) send the same
 * request again and have it applied at most once.
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const raw = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(raw)) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { 'Idempotency-Key': [IDEMPOTENCY_KEY_MESSAGE] },
      });
    }
    return raw;
  },
);

/** The header in the OpenAPI document of an action that takes it. */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any 1–200 printable ASCII characters naming this one action (per user): sent again with the same ' +
        'key, the action is applied at most once and the retry answers like the first attempt. Use it to ' +
        'retry after a 504 with `outcome: "unknown"`.',
    }),
  );

/**
 * The workflow update id an action's key becomes: Temporal applies an update id once per workflow and
 * answers a repeat with the first outcome. Scoped to the user, so two users' keys never meet.
 */
export function updateIdFor(userId: string, idempotencyKey: string | undefined): string | undefined {
  return idempotencyKey === undefined ? undefined : `idempotency:${userId}:${idempotencyKey}`;
}
