// Accounts: who may sign in, with which roles. Every write is one transaction with its audit entry (before
// and after, never a password), so a refusal or a crash leaves neither half. Changes that could leave the
// system without an active admin take one advisory lock first: two admins demoting each other at the same
// moment are serialised, and the second is told it would remove the last one.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { DomainError, Role } from '@caseflow/domain';
import { UserEntity } from '@caseflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { generatePassword, hashPassword, verifyPassword } from '../auth/passwords';
import { fieldError, isUuid } from '../staff/field-error';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { CreateUserDto } from './dto/create-user.dto';
import type { AccountStatusDto, LinkedStaffDto } from './dto/deactivation.dto';
import type { ListUsersQuery } from './dto/list-users.query';
import type { PasswordResetDto, ResetPasswordDto } from './dto/reset-password.dto';
import type { UpdateOwnProfileDto, UpdateUserDto } from './dto/update-user.dto';
import { UserDto } from './dto/user.dto';

const UNIQUE_VIOLATION = '23505';

/** Held for the rest of a transaction that may take the admin role away from someone. */
const ADMINS_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('caseflow.users.active-admins'))`;

/** The fields an audit entry shows before and after a change (never the password hash). */
const AUDITED_FIELDS = [
  'displayName',
  'roles',
  'language',
  'active',
  'mustChangePassword',
  'failedLoginCount',
  'lockedUntil',
] as const;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthenticatedUser, input: CreateUserDto, ip?: string): Promise<UserDto> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.db.transaction(async (tx) => {
        const users = tx.getRepository(UserEntity);
        const user = users.create({
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          roles: input.roles,
          language: input.language ?? 'zh-CN',
        });
        await users.insert(user);
        const created = await users.findOneByOrFail({ id: user.id });
        await this.audit.change(tx, actor, {
          action: 'user.create',
          entityType: 'user',
          entityId: created.id,
          summary: `${actor.username} created the account ${created.username} (${created.roles.join(', ')})`,
          after: { username: created.username, ...audited(created) },
          ip: ip ?? null,
        });
        return UserDto.from(created);
      });
    } catch (error) {
      // The unique index is the only reliable check: two admins may create the same name at once.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        throw DomainError.conflict(`The username "${input.username}" is already taken.`, {
          field: 'username',
        });
      }
      throw error;
    }
  }

  async list(query: ListUsersQuery = {}): Promise<UserDto[]> {
    const q = this.db.getRepository(UserEntity).createQueryBuilder('u').orderBy('u.username', 'ASC');
    if (query.role) q.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.active !== undefined) q.andWhere('u.active = :active', { active: query.active });
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q.andWhere('(u.username ILIKE :pattern OR u.display_name ILIKE :pattern)', { pattern });
    }
    return (await q.getMany()).map(UserDto.from);
  }

  async get(id: string): Promise<UserDto> {
    const user = isUuid(id) ? await this.db.getRepository(UserEntity).findOneBy({ id }) : null;
    if (!user) throw notFound(id);
    return UserDto.from(user);
  }

  /** The user an access token names, if they may still use it. */
  findActive(id: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOneBy({ id, active: true });
  }

  /**
   * One's own password; the current one proves it is really them. Lifts a reset's mark. Checked with the row
   * locked, so an admin's reset at the same moment is either before (then the temporary password is the
   * current one) or after, never overwritten half-way.
   */
  async changeOwnPassword(actor: AuthenticatedUser, input: ChangePasswordDto, ip?: string): Promise<UserDto> {
    let wrongCurrentPassword = false;
    try {
      return await this.db.transaction(async (tx) => {
        const before = await tx
          .getRepository(UserEntity)
          .createQueryBuilder('u')
          .addSelect('u.passwordHash')
          .where('u.id = :id', { id: actor.id })
          .setLock('pessimistic_write')
          .getOne();
        if (!before) throw notFound(actor.id);
        if (!(await verifyPassword(input.currentPassword, before.passwordHash))) {
          wrongCurrentPassword = true;
          throw fieldError('currentPassword', 'currentPassword is not your current password');
        }
        if (await verifyPassword(input.newPassword, before.passwordHash)) {
          throw fieldError('newPassword', 'newPassword must differ from the current password');
        }
        const passwordHash = await hashPassword(input.newPassword);
        await tx
          .getRepository(UserEntity)
          .update({ id: actor.id }, { passwordHash, mustChangePassword: false });
        const after = await tx.getRepository(UserEntity).findOneByOrFail({ id: actor.id });
        await this.audit.change(tx, actor, {
          action: 'user.password_change',
          entityType: 'user',
          entityId: actor.id,
          summary: `${actor.username} changed their password`,
          before: { mustChangePassword: before.mustChangePassword },
          after: { mustChangePassword: false },
          ip: ip ?? null,
        });
        return UserDto.from(after);
      });
    } catch (error) {
      // The refusal is written on its own: the change's transaction has been rolled back.
      if (wrongCurrentPassword) {
        await this.audit.record({
          actorId: actor.id,
          actor: actor.username,
          action: 'user.password_change',
          entityType: 'user',
          entityId: actor.id,
          summary: `${actor.username} tried to change their password with a wrong current password`,
          ip: ip ?? null,
          outcome: 'failure',
        });
      }
      throw error;
    }
  }

  /**
   * An admin sets a temporary password (given, or generated and returned this once) and marks the account:
   * its owner must choose their own before doing anything else. A sign-in lock is lifted with it.
   */
  async resetPassword(
    actor: AuthenticatedUser,
    id: string,
    input: ResetPasswordDto,
    ip?: string,
  ): Promise<PasswordResetDto> {
    const temporaryPassword = input.password ?? generatePassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const user = await this.db.transaction(async (tx) => {
      const before = await lockUser(tx, id);
      await tx.getRepository(UserEntity).update(
        { id },
        {
          passwordHash,
          mustChangePassword: true,
          failedLoginCount: 0,
          lockedUntil: null,
          // Every token issued before is refused, a thief's included: the owner signs in again.
          tokenVersion: () => '"token_version" + 1',
        },
      );
      const after = await tx.getRepository(UserEntity).findOneByOrFail({ id });
      await this.audit.change(tx, actor, {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        summary: `${actor.username} reset the password of ${before.username} (${input.password === undefined ? 'generated' : 'chosen by the admin'}); a new one must be chosen at the next sign-in`,
        ...changed(before, after),
        ip: ip ?? null,
      });
      return after;
    });
    return {
      user: UserDto.from(user),
      ...(input.password === undefined && { temporaryPassword }),
    };
  }

  /** An admin's change to display name, roles or language. The last active admin keeps the admin role. */
  async update(actor: AuthenticatedUser, id: string, input: UpdateUserDto, ip?: string): Promise<UserDto> {
    return this.db.transaction(async (tx) => {
      if (input.roles !== undefined) await tx.query(ADMINS_LOCK_SQL);
      const before = await lockUser(tx, id);
      if (
        input.roles !== undefined &&
        before.active &&
        before.roles.includes(Role.Admin) &&
        !input.roles.includes(Role.Admin) &&
        !(await this.anotherActiveAdmin(tx, id))
      ) {
        throw DomainError.conflict(
          `${before.username} is the last active admin: give another active account the admin role before taking it from them.`,
          { field: 'roles', id },
        );
      }
      return this.applyProfile(tx, actor, before, input, ip);
    });
  }

  /** Anyone's change to their own display name and language. */
  async updateOwnProfile(
    actor: AuthenticatedUser,
    input: UpdateOwnProfileDto,
    ip?: string,
  ): Promise<UserDto> {
    return this.db.transaction(async (tx) => {
      const before = await lockUser(tx, actor.id);
      return this.applyProfile(
        tx,
        actor,
        before,
        { displayName: input.displayName, language: input.language },
        ip,
      );
    });
  }

  /** Lifts a sign-in lock and forgets the failed attempts. */
  async unlock(actor: AuthenticatedUser, id: string, ip?: string): Promise<UserDto> {
    return this.db.transaction(async (tx) => {
      const before = await lockUser(tx, id);
      await tx.getRepository(UserEntity).update({ id }, { failedLoginCount: 0, lockedUntil: null });
      // Every address's count for this account (sign-ins are throttled per username and address).
      await tx.query(`DELETE FROM "sign_in_throttle" WHERE "username" = lower($1)`, [before.username]);
      const after = await tx.getRepository(UserEntity).findOneByOrFail({ id });
      await this.audit.change(tx, actor, {
        action: 'user.unlock',
        entityType: 'user',
        entityId: id,
        summary: `${actor.username} unlocked the sign-in of ${before.username}`,
        ...changed(before, after),
        ip: ip ?? null,
      });
      return UserDto.from(after);
    });
  }

  /**
   * The account can no longer sign in, and its tokens stop working at the next request (the auth guard reads
   * `active` on every request). Its staff position is not touched: the answer says whether there is one.
   */
  async deactivate(actor: AuthenticatedUser, id: string, ip?: string): Promise<AccountStatusDto> {
    return this.db.transaction(async (tx) => {
      await tx.query(ADMINS_LOCK_SQL);
      const before = await lockUser(tx, id);
      if (before.active && before.roles.includes(Role.Admin) && !(await this.anotherActiveAdmin(tx, id))) {
        throw DomainError.conflict(
          `${before.username} is the last active admin${id === actor.id ? ' (you)' : ''}: make another account an active admin before deactivating this one.`,
          { id },
        );
      }
      return this.setActive(tx, actor, before, false, ip);
    });
  }

  async reactivate(actor: AuthenticatedUser, id: string, ip?: string): Promise<AccountStatusDto> {
    return this.db.transaction(async (tx) => this.setActive(tx, actor, await lockUser(tx, id), true, ip));
  }

  private async setActive(
    tx: EntityManager,
    actor: AuthenticatedUser,
    before: UserEntity,
    active: boolean,
    ip?: string,
  ): Promise<AccountStatusDto> {
    const id = before.id;
    await tx.getRepository(UserEntity).update(
      { id },
      // A deactivation retires every token for good: a later reactivation does not bring them back.
      active || !before.active ? { active } : { active, tokenVersion: () => '"token_version" + 1' },
    );
    const after = await tx.getRepository(UserEntity).findOneByOrFail({ id });
    const [staff]: LinkedStaffDto[] = await tx.query(
      `SELECT "id", "name", "active" FROM "staff" WHERE "user_id" = $1`,
      [id],
    );
    const verb = active ? 'reactivated' : 'deactivated';
    const message =
      (active ? `${after.username} can sign in again.` : `${after.username} can no longer sign in.`) +
      (staff
        ? ` Their staff position "${staff.name}" is unchanged (${staff.active ? 'active' : 'inactive'}); change it separately with PATCH /api/staff/${staff.id} if needed.`
        : ' They have no staff position.');
    await this.audit.change(tx, actor, {
      action: active ? 'user.reactivate' : 'user.deactivate',
      entityType: 'user',
      entityId: id,
      summary: `${actor.username} ${verb} the account ${after.username}${before.active === active ? ' (it already was)' : ''}`,
      before: { active: before.active },
      after: { active, staffMemberId: staff?.id ?? null },
      ip: ip ?? null,
    });
    return { user: UserDto.from(after), staffMember: staff ?? null, message };
  }

  private async applyProfile(
    tx: EntityManager,
    actor: AuthenticatedUser,
    before: UserEntity,
    input: UpdateUserDto,
    ip?: string,
  ): Promise<UserDto> {
    const changes: Partial<UserEntity> = {};
    if (input.displayName !== undefined) changes.displayName = input.displayName;
    if (input.language !== undefined) changes.language = input.language;
    if (input.roles !== undefined) changes.roles = input.roles;
    if (Object.keys(changes).length) await tx.getRepository(UserEntity).update({ id: before.id }, changes);
    const after = await tx.getRepository(UserEntity).findOneByOrFail({ id: before.id });
    const own = actor.id === before.id;
    await this.audit.change(tx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: before.id,
      summary: `${actor.username} changed ${own ? 'their own account' : `the account ${before.username}`}: ${Object.keys(changes).join(', ') || 'nothing'}`,
      ...changed(before, after),
      ip: ip ?? null,
    });
    return UserDto.from(after);
  }

  private async anotherActiveAdmin(tx: EntityManager, id: string): Promise<boolean> {
    const [row]: { found: boolean }[] = await tx.query(
      `SELECT EXISTS (
         SELECT 1 FROM "users" WHERE "active" AND $1::user_role = ANY("roles") AND "id" <> $2
       ) AS "found"`,
      [Role.Admin, id],
    );
    return row?.found === true;
  }
}

/** The account, locked for the rest of the transaction; 404 when there is none. */
async function lockUser(tx: EntityManager, id: string): Promise<UserEntity> {
  const user = isUuid(id)
    ? await tx.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!user) throw notFound(id);
  return user;
}

function notFound(id: string): DomainError {
  return DomainError.notFound(`User ${id} was not found.`, { id });
}

function audited(user: UserEntity): Record<string, unknown> {
  return Object.fromEntries(AUDITED_FIELDS.map((key) => [key, user[key]]));
}

/** Before and after, limited to the fields that changed. */
function changed(before: UserEntity, after: UserEntity): { before: object; after: object } {
  const a = audited(before);
  const b = audited(after);
  const keys = AUDITED_FIELDS.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
  return {
    before: Object.fromEntries(keys.map((key) => [key, a[key]])),
    after: Object.fromEntries(keys.map((key) => [key, b[key]])),
  };
}
