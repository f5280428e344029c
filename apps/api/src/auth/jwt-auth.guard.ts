import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { Request } from 'express';
import { DomainError } from '@caseflow/domain';
import { UsersService } from '../users/users.service';
import type { AccessTokenPayload, AuthenticatedUser } from './authenticated-user';
import { IS_PUBLIC } from './decorators';

/** Every route needs a valid access token of an active user, unless it is marked `@Public()`. */
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
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw DomainError.unauthenticated(
        'Sign in first: send "Authorization: Bearer <accessToken>" with a token from POST /api/auth/login.',
      );
    }

    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
    } catch (error) {
      throw DomainError.unauthenticated(
        error instanceof TokenExpiredError
          ? 'Your access token has expired; sign in again.'
          : 'The access token is not valid; sign in again.',
      );
    }

    const user = typeof payload.sub === 'string' ? await this.users.findActive(payload.sub) : null;
    if (!user) throw DomainError.unauthenticated('This account no longer exists or is disabled.');
    request.user = { id: user.id, username: user.username, roles: user.roles, language: user.language };
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
