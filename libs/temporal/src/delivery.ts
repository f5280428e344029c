import { AsyncLocalStorage } from 'node:async_hooks';
import { InterceptingCall, status as GrpcStatus, type Interceptor, type StatusObject } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/**
 * Whether a request to Temporal may have reached it. When Temporal goes away in the middle of an action,
 * the API must tell "it certainly did not apply, send it again" (503) apart from "it may have applied"
 * (the request was sent, then the connection or the deadline went): only the first is safe to retry
 * without an Idempotency-Key.
 *
 * gRPC says which it was: a call that never got a connection fails with UNAVAILABLE "No connection
 * established" (or, when the deadline passes first, DEADLINE_EXCEEDED "Waiting for LB pick" or another
 * stage before a stream is opened). Every other
 * ending of a call that changes something means it was on the wire.
 */
export class DeliveryTracker {
  /** A call that changes a workflow (start, update, signal…) got as far as the server. */
  mayHaveApplied = false;

  record(method: string, status: Pick<StatusObject, 'code' | 'details'>): void {
    if (!CHANGING_METHODS.test(method)) return;
    if (neverSent(status)) return;
    this.mayHaveApplied = true;
  }
}

const CHANGING_METHODS =
  /\/(StartWorkflowExecution|SignalWithStartWorkflowExecution|SignalWorkflowExecution|UpdateWorkflowExecution|PollWorkflowExecutionUpdate|RequestCancelWorkflowExecution|TerminateWorkflowExecution|ExecuteMultiOperation)$/;

/** The call ended before any connection carried it. */
export function neverSent(status: Pick<StatusObject, 'code' | 'details'>): boolean {
  const details = status.details ?? '';
  if (status.code === GrpcStatus.UNAVAILABLE) {
    return /No connection established|Name resolution failed|no addresses/i.test(details);
  }
  // The deadline passed while the call was still being set up (no stream opened yet).
  if (status.code === GrpcStatus.DEADLINE_EXCEEDED) {
    return /Waiting for LB pick|waiting for metadata filters|waiting for name resolution/i.test(details);
  }
  return false;
}

const deliveries = new AsyncLocalStorage<DeliveryTracker>();
const TRACKER = Symbol('caseflow:deliveryTracker');

/**
 * Two gRPC interceptors around Temporal's own retry interceptor: the outer one picks up the tracker of
 * the action under way (the async context of the call), the inner one sees every attempt's ending.
 */
export function deliveryInterceptors(retry: Interceptor): Interceptor[] {
  const carry: Interceptor = (options, nextCall) => {
    const tracker = deliveries.getStore();
    return new InterceptingCall(
      nextCall(tracker ? Object.assign({}, options, { [TRACKER]: tracker }) : options),
    );
  };
  const observe: Interceptor = (options, nextCall) => {
    const tracker = (options as unknown as Record<symbol, DeliveryTracker | undefined>)[TRACKER];
    if (!tracker) return new InterceptingCall(nextCall(options));
    const method = options.method_definition.path;
    return new InterceptingCall(nextCall(options), {
      start(metadata, _listener, next) {
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            tracker.record(method, status);
            nextStatus(status);
          },
        });
      },
    });
  };
  return [carry, retry, observe];
}

/** Temporal could not be reached: the action certainly did not apply, so sending it again is safe. */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError';
  constructor(override readonly cause: unknown) {
    super('The workflow service (Temporal) could not be reached: the action was not applied.');
  }
}

/**
 * The action was sent, then Temporal (or its answer) went away: it may have been applied, or may still
 * be. Only a retry with the same Idempotency-Key is safe.
 */
export class TemporalOutcomeUnknownError extends Error {
  override readonly name = 'TemporalOutcomeUnknownError';
  constructor(override readonly cause: unknown) {
    super('The action was sent to the workflow service, which did not answer: its outcome is unknown.');
  }
}

const TRANSPORT_CODES = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.CANCELLED,
  GrpcStatus.UNKNOWN,
  GrpcStatus.INTERNAL,
]);

/** An error of the way to Temporal (connection, deadline), not an answer from a workflow. */
export function isTransportFailure(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  // Connection.connect's own failure (a plain Error) or a call's (a ServiceError) before it connected.
  if (error instanceof Error && error.message.startsWith('Failed to connect')) return true;
  if (error instanceof ServiceError) {
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'number' && TRANSPORT_CODES.has(code);
  }
  return false;
}

/**
 * Runs an action that changes a workflow and, if the way to Temporal fails, says truthfully whether it
 * may have applied: TemporalUnreachableError when nothing reached the server, TemporalOutcomeUnknownError
 * otherwise. Errors that Temporal or the workflow answered pass through unchanged.
 */
export async function deliver<T>(action: () => Promise<T>): Promise<T> {
  const tracker = new DeliveryTracker();
  try {
    return await deliveries.run(tracker, action);
  } catch (error) {
    if (!isTransportFailure(error)) throw error;
    throw tracker.mayHaveApplied
      ? new TemporalOutcomeUnknownError(error)
      : new TemporalUnreachableError(error);
  }
}
