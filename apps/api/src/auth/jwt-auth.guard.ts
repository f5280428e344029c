import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { Request } from 'express';
import { DomainError, effectiveRoles } from '@caseflow/domain';
import { UsersService } from '../users/users.service';
import type { AccessTokenPayload, AuthenticatedUser } from './authenticated-user';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC } from './decorators';
import { CLIENT_HEADER, needsClientHeader, sessionCookieToken } from './session-cookie';

/**
 * Every route needs a valid access token of an active user, unless it is marked `@Public()`. The account is
 * read on every request, so a deactivation or a role change applies at once; a token issued before the
 * account's last deactivation or password reset (an older token version) is refused. While an admin's password reset
 * is pending, only the routes marked `@AllowedBeforePasswordChange()` are open (403 elsewhere).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    // The Bearer header (API clients) wins; the console's session cookie otherwise (session-cookie.ts).
    const bearer = bearerToken(request.headers.authorization);
    const token = bearer ?? sessionCookieToken(request.headers.cookie);
    if (!token) {
      throw DomainError.unauthenticated(
        'Sign in first: send "Authorization: Bearer <accessToken>" with a token from POST /api/auth/login.',
      );
    }
    if (!bearer && needsClientHeader(request.method) && !request.headers[CLIENT_HEADER]) {
      throw DomainError.forbidden(
        `A change signed in by the session cookie must carry the ${CLIENT_HEADER} header (cross-site request protection).`,
      );
    }

    let payload: AccessTokenPayload & { exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload & { exp?: unknown }>(token);
    } catch (error) {
      throw DomainError.unauthenticated(
        error instanceof TokenExpiredError
          ? 'Your access token has expired; sign in again.'
          : 'The access token is not valid; sign in again.',
      );
    }

    // Every token this API signs carries an expiry and a user id; one without either was not made here (or was
    // made to live for ever), and a subject that is not a user id must not reach the database as one.
    if (typeof payload.exp !== 'number') {
      throw DomainError.unauthenticated('The access token has no expiry; sign in again for a new one.');
    }
    if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) {
      throw DomainError.unauthenticated('The access token is not valid; sign in again.');
    }
    const user = await this.users.findActive(payload.sub);
    if (!user) throw DomainError.unauthenticated('This account no longer exists or is disabled.');
    if ((payload.ver ?? 0) !== user.tokenVersion) {
      throw DomainError.unauthenticated(
        'This access token was issued before the account was deactivated or its password was reset; sign in again.',
      );
    }
    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      throw DomainError.forbidden(
        'Your password was reset by an admin: choose a new password first, with POST /api/users/me/password ' +
          '{ currentPassword, newPassword }.',
        { mustChangePassword: true },
      );
    }
    // A manager acts with a supervisor's rights too (effectiveRoles).
    request.user = {
      id: user.id,
      username: user.username,
      roles: effectiveRoles(user.roles),
      language: user.language,
    };
    return true;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
