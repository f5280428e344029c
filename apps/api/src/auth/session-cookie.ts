// The console's session: the access token in an httpOnly cookie, so that no script on the page can read it
// (never localStorage). SameSite=Strict keeps other sites' pages from sending it; as a second line against
// cross-site requests, a state-changing request authenticated by this cookie must also carry the
// X-Caseflow-Client header, which a cross-site form cannot set and a cross-site script cannot send without a
// CORS preflight that this API never grants. API clients keep sending "Authorization: Bearer <token>".
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'caseflow_session';
export const CLIENT_HEADER = 'x-caseflow-client';
/** Only the API reads the cookie. */
const COOKIE_PATH = '/api';

/** Secure when the request came over https (directly or through a proxy that says so). */
function overHttps(req: Request): boolean {
  return (
    req.secure ||
    String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      ?.trim() === 'https'
  );
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeSeconds: number): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: overHttps(req),
    path: COOKIE_PATH,
    maxAge: maxAgeSeconds * 1000,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: overHttps(req),
    path: COOKIE_PATH,
  });
}

/** The session cookie's token, if the request carries one. */
export function sessionCookieToken(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : decodeURIComponent(value);
    }
  }
  return undefined;
}

/** GET, HEAD and OPTIONS change nothing; everything else needs the client header when the cookie signs in. */
export function needsClientHeader(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
