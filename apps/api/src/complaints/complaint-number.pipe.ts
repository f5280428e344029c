import { Injectable, PipeTransform } from '@nestjs/common';
import { COMPLAINT_NUMBER_PATTERN, DomainError } from '@caseflow/domain';

/** `:number` must look like a complaint number (`C20261122-0003`); anything else names no complaint: 404. */
@Injectable()
export class ComplaintNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const number = value.trim();
    if (!COMPLAINT_NUMBER_PATTERN.test(number)) {
      throw DomainError.notFound(
        `"${number}" is not a complaint number: complaint numbers look like C20261122-0003 (C, date, serial).`,
        { number },
      );
    }
    return number;
  }
}
