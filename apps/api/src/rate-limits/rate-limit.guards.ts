import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { RateLimiter } from './rate-limiter';

/** The API's request budgets (RATE_LIMIT_*), one set per process. */
@Injectable()
export class RateLimits {
  readonly perAddress: RateLimiter;
  readonly perUser: RateLimiter;
  readonly signInPerAddress: RateLimiter;

  constructor(@Inject(CASEFLOW_CONFIG) config: CaseflowConfig) {
    const { rateLimitWindowSeconds, perAddress, perUser, signInPerAddress } = config.httpLimits;
    const windowMs = rateLimitWindowSeconds * 1000;
    this.perAddress = new RateLimiter(perAddress, windowMs);
    this.perUser = new RateLimiter(perUser, windowMs);
    this.signInPerAddress = new RateLimiter(signInPerAddress, windowMs);
  }
}

/** The address a request came from (the proxy's client address when TRUST_PROXY_HOPS says to believe it). */
export function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

function tooMany(what: string, retryAfterSeconds: number): DomainError {
  return new DomainError(
    DomainErrorCode.RateLimited,
    `Too many ${what}; try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    { retryAfterSeconds },
  );
}

/**
 * Runs before sign-in is checked, so a flood of requests with bad or no tokens is cut off as cheaply as
 * good ones: a budget per address for every route, and a smaller one for sign-in attempts.
 */
@Injectable()
export class AddressRateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const address = clientAddress(request);
    const wait = this.limits.perAddress.take(address);
    if (wait !== undefined) throw tooMany('requests from your address', wait);
    if (request.method === 'POST' && request.path === '/api/auth/login') {
      const signInWait = this.limits.signInPerAddress.take(address);
      if (signInWait !== undefined) throw tooMany('sign-in attempts from your address', signInWait);
    }
    return true;
  }
}

/** Runs once the user is known: a budget per signed-in user, wherever their requests come from. */
@Injectable()
export class UserRateLimitGuard implements CanActivate {
  constructor(private readonly limits: RateLimits) {}

  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user) return true; // a public route
    const wait = this.limits.perUser.take(user.id);
    if (wait !== undefined) throw tooMany('requests by your account', wait);
    return true;
  }
}
