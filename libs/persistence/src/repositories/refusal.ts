// A business refusal raised by an activity (an engineer who may not be assigned, an unknown staff id, a
// month that cannot be drawn): not retried, and BENIGN, so the worker logs it at debug instead of a warn
// with a stack trace. The caller (a workflow update, the API) answers it as the domain error it names.
// Here, beside the repositories that raise it for activities and API services alike.
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { DomainErrorCode } from '@caseflow/domain';

export function refusal(input: {
  type: DomainErrorCode;
  message: string;
  details?: unknown[];
}): ApplicationFailure {
  return ApplicationFailure.create({
    ...input,
    nonRetryable: true,
    category: ApplicationFailureCategory.BENIGN,
  });
}
