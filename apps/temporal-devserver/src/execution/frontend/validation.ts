// Request validation shared by the frontend's handlers: INVALID_ARGUMENT with the field's name, worded as
// Temporal's frontend words it.
import { invalidArgument } from '../../errors';
import { durationField } from '../../util';

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalidArgument(`${field} is not set on request.`);
  if (value.length > 1000) throw invalidArgument(`${field} exceeds length limit.`);
  return value;
}

export function duration(value: unknown, field: string): number {
  try {
    return durationField(value as never, field);
  } catch {
    throw invalidArgument(`Invalid ${field}: must be a non-negative duration.`);
  }
}
