import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { AuditService } from '../audit/audit.service';
import type { AccessTokenPayload } from './authenticated-user';
import { AccessTokenDto } from './dto/access-token.dto';
import { verifyAgainstDummy, verifyPassword } from './passwords';

// Claims one sign-in attempt before the password is even checked, in one statement, so that parallel
// guesses cannot all slip in before the counter catches up: at most `limit` passwords are ever compared per
// key and lockout period. A key is (lower-cased username as typed, address) or ('', address) for the address
// as a whole; it exists for unknown usernames exactly as for real ones. The attempt that reaches the limit
// sets the lock; an expired lock, or a window older than the lockout period, starts a fresh count. No row back
// means the key is locked right now.
const RESTART = `(t."locked_until" IS NOT NULL OR t."window_started_at" <= now() - make_interval(mins => $4::int))`;
const CLAIM_ATTEMPT_SQL = `
  INSERT INTO "sign_in_throttle" AS t ("username", "address", "failures", "window_started_at", "locked_until")
  VALUES ($1, $2, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(mins => $4::int) END)
  ON CONFLICT ("username", "address") DO UPDATE SET
    "failures" = CASE WHEN ${RESTART} THEN 1 ELSE t."failures" + 1 END,
    "window_started_at" = CASE WHEN ${RESTART} THEN now() ELSE t."window_started_at" END,
    "locked_until" = CASE
      WHEN (CASE WHEN ${RESTART} THEN 1 ELSE t."failures" + 1 END) >= $3 THEN now() + make_interval(mins => $4::int)
    END
  WHERE t."locked_until" IS NULL OR t."locked_until" <= now()
  RETURNING "failures", "locked_until" AS "lockedUntil"`;

const LOCKED_UNTIL_SQL = `
  SELECT "locked_until" AS "lockedUntil" FROM "sign_in_throttle" WHERE "username" = $1 AND "address" = $2`;

/** A success forgets this username's failures from this address, and the one the claim counted for it. */
const FORGET_FAILURES_SQL = `
  WITH account AS (DELETE FROM "sign_in_throttle" WHERE "username" = $1 AND "address" = $2)
  UPDATE "sign_in_throttle" SET "failures" = greatest("failures" - 1, 0)
   WHERE "username" = '' AND "address" = $2 AND "locked_until" IS NULL`;

/** Counts whose window and lock have both ended tell nothing any more (a fresh attempt starts at 1). */
const PURGE_SQL = `
  DELETE FROM "sign_in_throttle"
   WHERE "window_started_at" <= now() - make_interval(mins => $1::int)
     AND ("locked_until" IS NULL OR "locked_until" <= now())`;

const ACCOUNT_SQL = `
  SELECT id, username, active, password_hash AS "passwordHash", must_change_password AS "mustChangePassword",
    token_version AS "tokenVersion"
  FROM users WHERE lower(username) = lower($1)`;

const RECORD_SUCCESS_SQL = `
  UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`;

/** What an admin sees on the account (GET /api/users): failures and a lock, from whichever address. */
const RECORD_FAILURE_SQL = `
  UPDATE users SET failed_login_count = $2, locked_until = greatest(locked_until, $3) WHERE id = $1`;

interface Account {
  id: string;
  username: string;
  active: boolean;
  passwordHash: string;
  mustChangePassword: boolean;
  tokenVersion: number;
}

interface Claim {
  failures: number;
  lockedUntil: Date | null;
}

export type SignInRefusal = 'unknown-user' | 'inactive' | 'wrong-password' | 'locked' | 'address-locked';

@Injectable()
export class AuthService {
  constructor(
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @InjectPinoLogger(AuthService.name) private readonly logger: PinoLogger,
    private readonly audit: AuditService,
  ) {}

  /**
   * Signs in; every attempt, successful or not, is written to the audit log with the client's address.
   * Failures lock this username for this address only (and, past a larger count, the address for every
   * username): the right password from elsewhere still works, and an admin can lift every lock at once.
   */
  async login(username: string, password: string, ip?: string): Promise<AccessTokenDto> {
    const { maxFailedLogins, maxFailedLoginsPerAddress, lockoutMinutes } = this.config.auth;
    const address = ip ?? 'unknown';
    const name = username.toLowerCase();
    await this.purgeOldCounts();

    const fromAddress = await this.claim('', address, maxFailedLoginsPerAddress);
    if (!fromAddress.claimed) {
      await this.auditRefusal(username, 'address-locked', ip);
      this.logRefusal(username, 'address-locked', { lockedUntil: fromAddress.lockedUntil });
      throw signInLocked(fromAddress.lockedUntil, 'from your address');
    }
    const forName = await this.claim(name, address, maxFailedLogins);
    if (!forName.claimed) {
      await this.auditRefusal(username, 'locked', ip);
      this.logRefusal(username, 'locked', { lockedUntil: forName.lockedUntil });
      throw signInLocked(forName.lockedUntil, 'for this username from your address');
    }

    const [account] = await this.dataSource.query<Account[]>(ACCOUNT_SQL, [username]);
    if (!account?.active) {
      await verifyAgainstDummy(password);
      await this.auditRefusal(username, account ? 'inactive' : 'unknown-user', ip);
      this.logRefusal(username, account ? 'inactive' : 'unknown-user');
      throw invalidCredentials();
    }

    if (!(await verifyPassword(password, account.passwordHash))) {
      const lockedNow = forName.failures >= maxFailedLogins;
      await this.dataSource.query(RECORD_FAILURE_SQL, [
        account.id,
        forName.failures,
        lockedNow ? forName.lockedUntil : null,
      ]);
      await this.auditRefusal(username, 'wrong-password', ip, account.id);
      this.logRefusal(username, 'wrong-password', {
        failedLoginCount: forName.failures,
        ...(lockedNow && { lockedUntil: forName.lockedUntil }),
      });
      if (lockedNow) {
        this.logger.warn(
          {
            username: account.username,
            lockedUntil: forName.lockedUntil,
            failedLoginCount: forName.failures,
            lockoutMinutes,
          },
          'Sign-in locked for this account from one address after too many failures',
        );
      }
      throw invalidCredentials();
    }

    await this.dataSource.query(FORGET_FAILURES_SQL, [name, address]);
    await this.dataSource.query(RECORD_SUCCESS_SQL, [account.id]);
    this.logger.info({ username: account.username, userId: account.id }, 'Signed in');
    await this.audit.record({
      actorId: account.id,
      actor: account.username,
      action: 'auth.sign_in',
      entityType: 'user',
      entityId: account.id,
      summary: `${account.username} signed in`,
      ip: ip ?? null,
    });
    const payload: AccessTokenPayload = {
      sub: account.id,
      username: account.username,
      ver: account.tokenVersion,
    };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.config.auth.jwtExpiresInSeconds,
      mustChangePassword: account.mustChangePassword,
    };
  }

  private nextPurgeAt = 0;

  /**
   * Keeps the table the size of the recent failures: every guessed username leaves a row, so once a minute
   * (per API process) the rows that no longer count are deleted.
   */
  private async purgeOldCounts(): Promise<void> {
    if (Date.now() < this.nextPurgeAt) return;
    this.nextPurgeAt = Date.now() + 60_000;
    await this.dataSource.query(PURGE_SQL, [this.config.auth.lockoutMinutes]);
  }

  /** Counts one attempt against a key; refused (with the lock's end) when the key is locked right now. */
  private async claim(
    name: string,
    address: string,
    limit: number,
  ): Promise<({ claimed: true } & Claim) | { claimed: false; lockedUntil: Date }> {
    // An INSERT … RETURNING answers its rows (an UPDATE would answer [rows, count]).
    const rows = await this.dataSource.query<Claim[]>(CLAIM_ATTEMPT_SQL, [
      name,
      address,
      limit,
      this.config.auth.lockoutMinutes,
    ]);
    if (rows[0]) return { claimed: true, ...rows[0] };
    const [row] = await this.dataSource.query<{ lockedUntil: Date | null }[]>(LOCKED_UNTIL_SQL, [
      name,
      address,
    ]);
    // Unlocked by an admin between the two statements: refuse this once, for a minute at most.
    return { claimed: false, lockedUntil: row?.lockedUntil ?? new Date(Date.now() + 1000) };
  }

  /** A failed sign-in, in the audit log: the name as typed (shortened), why, and from where. */
  private async auditRefusal(
    username: string,
    reason: SignInRefusal,
    ip?: string,
    userId?: string,
  ): Promise<void> {
    const name = username.slice(0, 64);
    await this.audit.record({
      actorId: userId ?? null,
      actor: name,
      action: 'auth.sign_in',
      entityType: 'user',
      entityId: userId ?? name,
      summary: `Sign-in refused for "${name}": ${reason}`,
      after: { reason },
      ip: ip ?? null,
      outcome: 'failure',
    });
  }

  private logRefusal(username: string, reason: SignInRefusal, extra: Record<string, unknown> = {}): void {
    this.logger.warn({ username: username.slice(0, 64), reason, ...extra }, 'Sign-in refused');
  }
}

// One answer for an unknown user, a disabled one and a wrong password, so usernames cannot be probed.
function invalidCredentials(): DomainError {
  return DomainError.unauthenticated('Wrong username or password.');
}

/** The same answer for a real and an unknown username: 429, when to try again, and who can help sooner. */
function signInLocked(lockedUntil: Date, scope: string): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new DomainError(
    DomainErrorCode.RateLimited,
    `Too many failed sign-ins ${scope}: try again after ${lockedUntil.toISOString()} ` +
      `(about ${minutes} minute${minutes === 1 ? '' : 's'}), or ask an admin to unlock the account.`,
    { lockedUntil: lockedUntil.toISOString(), retryAfterSeconds },
  );
}
