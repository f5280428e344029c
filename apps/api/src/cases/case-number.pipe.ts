import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, parseCaseNumber } from '@caseflow/domain';

/** `:number` must look like a case number (`20261122-07-0003`); anything else names no case: 404. */
@Injectable()
export class CaseNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const number = value.trim();
    if (!parseCaseNumber(number)) {
      throw DomainError.notFound(
        `"${number}" is not a case number: case numbers look like 20261122-07-0003 (date-operator-serial).`,
        { number },
      );
    }
    return number;
  }
}
