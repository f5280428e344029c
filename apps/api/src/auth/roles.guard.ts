import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, Role } from '@caseflow/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from './authenticated-user';
import { REQUIRED_ROLES } from './decorators';

/**
 * Runs after {@link JwtAuthGuard}: a signed-in user without a required role gets 403, and the refusal is
 * written to the audit log (who, which route, from where). The roles each route accepts are the permission
 * matrix in docs/permissions.md; the permissions e2e test compares the two.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const user = request.user;
    if (user && required.some((role) => user.roles.includes(role))) return true;
    const route = `${request.method} ${(request.route as { path?: string } | undefined)?.path ?? request.path}`;
    await this.audit.record({
      actorId: user?.id ?? null,
      actor: user?.username ?? 'anonymous',
      action: 'authorisation.refused',
      entityType: 'route',
      entityId: route,
      summary: `${user?.username ?? 'anonymous'} (${user?.roles.join(', ') || 'no roles'}) may not ${request.method} ${request.originalUrl}: needs ${required.join(' or ')}`,
      after: { requiredRoles: required, roles: user?.roles ?? [] },
      ip: request.ip ?? null,
      outcome: 'refused',
    });
    throw DomainError.forbidden(`This action needs one of these roles: ${required.join(', ')}.`, {
      requiredRoles: required,
    });
  }
}
