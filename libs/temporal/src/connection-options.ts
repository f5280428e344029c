// How the API's client Connection and the worker's NativeConnection reach Temporal: one set of options for
// both, so the two can never disagree about TLS, the client certificate or the API key.
import { readFileSync } from 'node:fs';
import type { CaseflowConfig } from '@caseflow/config';

/** The options both `Connection.connect` and `NativeConnection.connect` take. */
export interface TemporalConnectionOptions {
  address: string;
  /** true: TLS with the system's roots (Temporal Cloud); with a client certificate pair for mTLS. */
  tls?: true | { clientCertPair: { crt: Buffer; key: Buffer } };
  apiKey?: string;
  metadata?: Record<string, string>;
}

/**
 * The connection options for Temporal: the embedded dev server's plain gRPC when no TLS is configured;
 * otherwise TLS, with the client certificate and key read from their files (mTLS), and/or the API key as
 * a bearer token, with the namespace in `temporal-namespace` as Temporal Cloud's API-key routing asks.
 */
export function temporalConnectionOptions(
  temporal: CaseflowConfig['temporal'],
  readFile: (path: string) => Buffer = (path) => readFileSync(path),
): TemporalConnectionOptions {
  const address = temporal.address ?? '127.0.0.1:7233';
  if (!temporal.tls && !temporal.apiKey) return { address };
  const { clientCertPath, clientKeyPath } = temporal.tls ?? {};
  return {
    address,
    tls:
      clientCertPath && clientKeyPath
        ? { clientCertPair: { crt: readFile(clientCertPath), key: readFile(clientKeyPath) } }
        : true,
    ...(temporal.apiKey && {
      apiKey: temporal.apiKey,
      metadata: { 'temporal-namespace': temporal.namespace },
    }),
  };
}
