import { DomainError, DomainErrorCode } from '@caseflow/domain';

/** A 422 naming the field a person must fix, in the shape the validation pipe uses. */
export function fieldError(field: string, message: string): DomainError {
  return new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
    errors: { [field]: [message] },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
