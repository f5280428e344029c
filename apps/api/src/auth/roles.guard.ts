import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, Role } from '@caseflow/domain';
import type { AuthenticatedUser } from './authenticated-user';
import { REQUIRED_ROLES } from './decorators';

/** Runs after {@link JwtAuthGuard}: a signed-in user without a required role gets 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user && required.some((role) => user.roles.includes(role))) return true;
    throw DomainError.forbidden(`This action needs one of these roles: ${required.join(', ')}.`, {
      requiredRoles: required,
    });
  }
}
