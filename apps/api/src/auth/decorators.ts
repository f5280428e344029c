import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Role } from '@caseflow/domain';
import type { AuthenticatedUser } from './authenticated-user';

export const IS_PUBLIC = 'caseflow:isPublic';
export const REQUIRED_ROLES = 'caseflow:requiredRoles';

/** The route needs no sign-in. Everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The signed-in user needs at least one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The user the access token belongs to, as loaded by the auth guard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'caseflow:allowedBeforePasswordChange';

/**
 * The route stays open to a user whose password an admin has reset (`mustChangePassword`): only seeing
 * oneself and choosing the new password. Every other route answers 403 until then.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
