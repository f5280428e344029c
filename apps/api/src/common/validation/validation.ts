import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { unsafeTextErrors } from './safe-text';

/** Flattens class-validator's tree into `{ 'field.path': ['what is wrong', …] }`. */
export function formatValidationErrors(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      result[path] = [...(result[path] ?? []), ...Object.values(error.constraints)];
    }
    if (error.children?.length) Object.assign(result, formatValidationErrors(error.children, path));
  }
  return result;
}

/**
 * The constraint behind each message of `formatValidationErrors`, in the same order (`{ 'field.path':
 * ['isNotEmpty', …] }`): what the exception filter translates by. Never sent to the client.
 */
export function validationConstraints(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) result[path] = [...(result[path] ?? []), ...Object.keys(error.constraints)];
    if (error.children?.length) Object.assign(result, validationConstraints(error.children, path));
  }
  return result;
}

export function validationFailed(errors: ValidationError[]): DomainError {
  return new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
    errors: formatValidationErrors(errors),
    constraints: validationConstraints(errors),
  });
}

/**
 * The global pipe: first every string of the body, the query and the path is checked for what no field can
 * hold (NUL, control characters, broken Unicode, absurd length), then the DTO's own rules run.
 */
export class CaseflowValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const errors = unsafeTextErrors(value, metadata.data ?? '');
      if (errors.length > 0) throw validationFailed(errors);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Unknown fields are refused, not silently dropped, so a typo in a field name is reported. */
export function createValidationPipe(): ValidationPipe {
  return new CaseflowValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationFailed,
  });
}
