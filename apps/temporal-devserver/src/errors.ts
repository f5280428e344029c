// Errors that carry a gRPC status code; the server maps them onto the wire.
import { status } from '@grpc/grpc-js';
import { packAny, encodeMessage } from './proto';

export class ServiceError extends Error {
  constructor(
    readonly code: status,
    message: string,
    /** google.rpc.Status details: [typeName, message object]. */
    readonly details: Array<[string, object]> = [],
  ) {
    super(message);
  }

  /** Bytes for the `grpc-status-details-bin` trailer, or undefined when there are no details. */
  statusDetailsBin(): Buffer | undefined {
    if (this.details.length === 0) return undefined;
    return encodeMessage('google.rpc.Status', {
      code: this.code,
      message: this.message,
      details: this.details.map(([typeName, value]) => packAny(typeName, value)),
    });
  }
}

export const invalidArgument = (message: string): ServiceError =>
  new ServiceError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string): ServiceError => new ServiceError(status.NOT_FOUND, message);
export const alreadyExists = (message: string, details: Array<[string, object]> = []): ServiceError =>
  new ServiceError(status.ALREADY_EXISTS, message, details);
export const failedPrecondition = (message: string): ServiceError =>
  new ServiceError(status.FAILED_PRECONDITION, message);
export const unimplemented = (message: string): ServiceError =>
  new ServiceError(status.UNIMPLEMENTED, message);
export const namespaceNotFound = (namespace: string): ServiceError =>
  new ServiceError(status.NOT_FOUND, `Namespace ${namespace} is not found.`, [
    ['temporal.api.errordetails.v1.NamespaceNotFoundFailure', { namespace }],
  ]);
