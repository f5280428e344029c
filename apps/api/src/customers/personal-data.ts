// Personal information as each role needs it (PIPL: the minimum necessary). The hotline, engineers (their own
// cases only: the case scope already narrows them) and supervisors (who handle complaints and escalations and
// call the customer) see phones and addresses in full; the quality desk calls customers back, so it sees the
// phone but not the address; admins tune the system and see neither. A user with several roles sees what the
// most trusted of them may. The table is in docs/permissions.md.
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import { Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export interface PersonalDataView {
  phone: boolean;
  address: boolean;
}

const FULL: PersonalDataView = { phone: true, address: true };

const BY_ROLE: Record<Role, PersonalDataView> = {
  [Role.Operator]: FULL,
  [Role.Engineer]: FULL,
  [Role.Supervisor]: FULL,
  // Managers hold every supervisor right and take the top of the ladder: they call the customer too.
  [Role.Manager]: FULL,
  [Role.Quality]: { phone: true, address: false },
  [Role.Admin]: { phone: false, address: false },
};

/** What a user with these roles may see in full (an unknown role sees nothing in full). */
export function personalDataViewOf(roles: readonly Role[]): PersonalDataView {
  return roles.reduce<PersonalDataView>(
    (view, role) => {
      const own = BY_ROLE[role] ?? { phone: false, address: false };
      return { phone: view.phone || own.phone, address: view.address || own.address };
    },
    { phone: false, address: false },
  );
}

/** "+8613800138000" → "+86138****8000": the last four digits stay, enough to confirm with the caller. */
export function maskPhone(phone: string): string {
  if (phone.length > 8) return `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(phone.length - 4, 0))}${phone.slice(-4)}`;
}

/** "上海市浦东新区世纪大道 100 号" → "上海市浦东新****": the city and district, not the door. */
export function maskAddress(address: string): string {
  const chars = [...address];
  return chars.length <= 6 ? '****' : `${chars.slice(0, 6).join('')}****`;
}

/** "li.lei@example.com" → "l***@example.com". */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '****' : `${email[0]}***${email.slice(at)}`;
}

const PHONE_KEYS = new Set(['phone', 'customerPhone']);
const PHONE_LIST_KEYS = new Set(['phones']);
const ADDRESS_KEYS = new Set(['address', 'customerAddress']);
const EMAIL_LIST_KEYS = new Set(['emails']);

/** An erased field (see CustomersService.erase) has nothing left to mask. */
const ERASED = '(erased)';

/** A copy of `value` with the fields the view does not allow masked, at any depth. */
export function maskPersonalData<T>(value: T, view: PersonalDataView): T {
  if (view.phone && view.address) return value;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object' || node instanceof Date || Buffer.isBuffer(node))
      return node;
    // Streams and files (CSV downloads) are not data to walk.
    const candidate = node as { pipe?: unknown; getStream?: unknown };
    if (typeof candidate.pipe === 'function' || typeof candidate.getStream === 'function') return node;
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>).map(([key, field]) => {
        if (field === ERASED) return [key, field];
        if (!view.phone && PHONE_KEYS.has(key) && typeof field === 'string') return [key, maskPhone(field)];
        if (!view.phone && PHONE_LIST_KEYS.has(key) && Array.isArray(field))
          return [key, field.map((p) => (typeof p === 'string' ? maskPhone(p) : p))];
        if (!view.phone && EMAIL_LIST_KEYS.has(key) && Array.isArray(field))
          return [key, field.map((e) => (typeof e === 'string' ? maskEmail(e) : e))];
        if (!view.address && ADDRESS_KEYS.has(key) && typeof field === 'string')
          return [key, maskAddress(field)];
        return [key, walk(field)];
      }),
    );
  };
  return walk(value) as T;
}

/**
 * Masks what the caller's roles may not see in the answers of a controller that returns customers' personal
 * fields (cases, complaints, customers, callbacks): `@UseInterceptors(PersonalDataInterceptor)`.
 */
@Injectable()
export class PersonalDataInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const user = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>().user;
    const view = personalDataViewOf(user?.roles ?? []);
    if (view.phone && view.address) return next.handle();
    return next.handle().pipe(map((body: unknown) => maskPersonalData(body, view)));
  }
}
