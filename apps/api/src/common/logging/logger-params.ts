import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { LogLevel } from '@caseflow/config';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

export const REQUEST_ID_HEADER = 'x-request-id';

// Secrets must never reach a log line, wherever they sit in a logged object.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'accessToken',
  '*.accessToken',
];

// An incoming id is trusted only if it cannot smuggle anything odd into the logs.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps the caller's x-request-id (so one id follows a request across services) or makes one. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** A request refused with a domain error (4xx): what the filter left for the request's log line. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

const REFUSAL = Symbol('caseflow.refusal');

/** Called by the exception filter: the request's one log line says it was refused, and why. */
export function recordRefusal(res: ServerResponse, refusal: Refusal): void {
  (res as ServerResponse & { [REFUSAL]?: Refusal })[REFUSAL] = refusal;
}

export function refusalOf(res: ServerResponse): Refusal | undefined {
  return (res as ServerResponse & { [REFUSAL]?: Refusal })[REFUSAL];
}

/**
 * A URL as it may be logged: its path and the names of its query parameters, never their values — a search
 * (`?q=`) is often a customer's name or phone number.
 */
export function urlWithoutQueryValues(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${url.slice(0, at)}?${names.join('&')}`;
}

export function createLoggerParams(level: LogLevel, destination?: DestinationStream): Params {
  const options = {
    level,
    serializers: {
      req: (req: Record<string, unknown>) => ({
        ...req,
        url: typeof req.url === 'string' ? urlWithoutQueryValues(req.url) : req.url,
        query: undefined,
      }),
    },
    genReqId: requestIdFor,
    // Log lines written while handling a request carry only its id, not the whole request again.
    quietReqLogger: true,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // A refusal (a domain error: 4xx with a code) is one warn line, with its code and message and no
    // stack; a bug or an outage is an error (the filter logs its stack); anything else is info.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
      error || res.statusCode >= 500
        ? ('error' as const)
        : refusalOf(res)
          ? ('warn' as const)
          : ('info' as const),
    customSuccessObject: (_req: IncomingMessage, res: ServerResponse, value: Record<string, unknown>) => {
      const refusal = refusalOf(res);
      return refusal ? { ...value, refusal } : value;
    },
    customSuccessMessage: (_req: IncomingMessage, res: ServerResponse) => {
      const refusal = refusalOf(res);
      return refusal ? `request refused: ${refusal.code}` : 'request completed';
    },
  };
  return {
    pinoHttp: destination ? [options, destination] : options,
    // nestjs-pino's default '*' is the pre-Express-5 wildcard, which Nest 11 warns about on every start.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  };
}
