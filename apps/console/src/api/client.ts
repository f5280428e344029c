// The one HTTP client of the console, typed by the schema generated from the API's OpenAPI document
// (schema.d.ts; `npm run console:schema`). The session is an httpOnly cookie the API sets at sign-in:
// this code never sees a token. Every request names the console in X-Caseflow-Client, which the API
// requires of cookie-signed changes (a cross-site form cannot send it).
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

/** An API refusal: status, the body's message, and a 422's field messages (dotted paths). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly details: Record<string, unknown> = {},
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ErrorBody = Partial<Schemas['ValidationErrorResponseDto']>;

/** Told when a signed-in call answers 401: the session expired (the app returns to sign-in). */
let onSessionExpired: () => void = () => {};
export function whenSessionExpires(handler: () => void): void {
  onSessionExpired = handler;
}

const consoleHeader: Middleware = {
  onRequest({ request }) {
    request.headers.set('X-Caseflow-Client', 'console');
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/api/auth/login')) onSessionExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(consoleHeader);

/** The data of an answer, or an ApiError carrying what the API said. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as ErrorBody;
  throw new ApiError(
    result.response.status,
    body.message ?? result.response.statusText,
    body.errors ?? {},
    body.details ?? {},
    body.code,
  );
}
