// The activity options of the commitment-bearing workflows, once, by what they are for. Changing a value
// here changes it for every workflow that names the set (an option is not part of a command's identity, so
// recorded histories replay either way).
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/**
 * Business refusals (VALIDATION_FAILED, NOT_FOUND) are non-retryable and never retried; anything else (the
 * database restarting) is retried until it works, backing off to a minute: a record is never dropped.
 */
export const RETRY_UNTIL_IT_WORKS = { initialInterval: '1s', maximumInterval: '1 minute' } as const;

/** A short, idempotent write or read (a timeline entry, a routing, an assignment) as an ordinary activity. */
export const RECORD_ACTIVITY = {
  startToCloseTimeout: '30 seconds',
  retry: RETRY_UNTIL_IT_WORKS,
} as const satisfies ActivityOptions;

/** The same write run as a local activity: in the worker, inside the workflow task that decided it. */
export const RECORD_LOCAL_ACTIVITY = {
  startToCloseTimeout: '30 seconds',
  retry: RETRY_UNTIL_IT_WORKS,
} as const satisfies LocalActivityOptions;

/**
 * A local write whose retries wait on a timer once their back-off passes 2 s, so a failing write frees the
 * workflow task (and the worker's slot) between attempts.
 */
export const RECORD_LOCAL_ACTIVITY_BOUNDED = {
  ...RECORD_LOCAL_ACTIVITY,
  localRetryThreshold: '2 seconds',
} as const satisfies LocalActivityOptions;
