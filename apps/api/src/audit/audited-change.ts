// Every admin change lands in the audit log. Routes that write their own, detailed entry (with before and
// after) say so with @AuditedChange(); for every other successful write by an admin, this interceptor
// writes one entry naming the route, its parameters and the caller — so a route added later is covered too.
import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import { Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditService } from './audit.service';

export const AUDITED_CHANGE = 'caseflow:auditedChange';

/** The handler writes its own audit entry; the generic one is skipped. */
export const AuditedChange = () => SetMetadata(AUDITED_CHANGE, true);

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

@Injectable()
export class AdminChangeAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const user = request.user;
    if (
      !user?.roles.includes(Role.Admin) ||
      READS.has(request.method) ||
      this.reflector.getAllAndOverride<boolean>(AUDITED_CHANGE, [context.getHandler(), context.getClass()])
    ) {
      return next.handle();
    }
    const route = `${request.method} ${(request.route as { path?: string } | undefined)?.path ?? request.path}`;
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          this.audit
            .record({
              actorId: user.id,
              actor: user.username,
              action: 'admin.change',
              entityType: 'route',
              entityId: route,
              summary: `${user.username}: ${request.method} ${request.originalUrl}`,
              after: { params: request.params, body: redact(request.body) },
              ip: request.ip ?? null,
            })
            .then(() => result),
        ),
      ),
    );
  }
}

/** Secrets never reach the log. */
function redact(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body ?? null;
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([key, value]) => [
      key,
      /password|secret|token/i.test(key) ? '[redacted]' : value,
    ]),
  );
}
