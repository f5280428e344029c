import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@caseflow/domain';

/** The largest value of PostgreSQL's `integer`, the type of every numbered path segment (e.g. a version). */
const MAX_INT = 2_147_483_647;

/**
 * A whole-number path parameter: Nest's ParseIntPipe says "numeric string is expected" without saying
 * which parameter, and lets through numbers no column can hold. This one answers a 422 naming it.
 */
@Injectable()
export class IntParamPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const name = metadata.data ?? 'parameter';
    const number = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < 1 || number > MAX_INT) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { [name]: [`${name} must be a whole number from 1 to ${MAX_INT}`] },
      });
    }
    return number;
  }
}
