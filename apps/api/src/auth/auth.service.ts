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
// guesses cannot all slip in before the counter catches up: at most `maxFailedLogins` passwords are ever
// compared per lockout period. The attempt that reaches the limit sets the lock; a success lifts it again.
// An expired lock starts a fresh count.
const CLAIM_ATTEMPT_SQL = `
  UPDATE users SET
    failed_login_count = CASE WHEN locked_until IS NULL THEN failed_login_count + 1 ELSE 1 END,
    locked_until = CASE
      WHEN (CASE WHEN locked_until IS NULL THEN failed_login_count + 1 ELSE 1 END) >= $2
      THEN now() + make_interval(mins => $3::int)
    END
  WHERE lower(username) = lower($1) AND active AND (locked_until IS NULL OR locked_until <= now())
  RETURNING id, username, password_hash AS "passwordHash", failed_login_count AS "failedLoginCount",
    locked_until AS "lockedUntil", must_change_password AS "mustChangePassword",
    token_version AS "tokenVersion"`;

const RECORD_SUCCESS_SQL = `
  UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`;

const ACCOUNT_STATE_SQL = `
  SELECT active, locked_until AS "lockedUntil" FROM users WHERE lower(username) = lower($1)`;

interface ClaimedAttempt {
  id: string;
  username: string;
  passwordHash: string;
  failedLoginCount: number;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  tokenVersion: number;
}

export type SignInRefusal = 'unknown-user' | 'inactive' | 'wrong-password' | 'locked';

@Injectable()
export class AuthService {
  constructor(
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    @InjectPinoLogger(AuthService.name) private readonly logger: PinoLogger,
    private readonly audit: AuditService,
  ) {}

  /** Signs in; every attempt, successful or not, is written to the audit log with the client's address. */
  async login(username: string, password: string, ip?: string): Promise<AccessTokenDto> {
    const { maxFailedLogins, lockoutMinutes } = this.config.auth;
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows] = await this.dataSource.query<[ClaimedAttempt[], number]>(CLAIM_ATTEMPT_SQL, [
      username,
      maxFailedLogins,
      lockoutMinutes,
    ]);
    const claimed = rows[0];

    if (!claimed) return this.refuseUnclaimed(username, password, ip);

    if (!(await verifyPassword(password, claimed.passwordHash))) {
      const lockedNow = claimed.failedLoginCount >= maxFailedLogins;
      await this.auditRefusal(username, 'wrong-password', ip, claimed.id);
      this.logRefusal(username, 'wrong-password', {
        failedLoginCount: claimed.failedLoginCount,
        ...(lockedNow && { lockedUntil: claimed.lockedUntil }),
      });
      if (lockedNow) {
        this.logger.warn(
          {
            username: claimed.username,
            lockedUntil: claimed.lockedUntil,
            failedLoginCount: claimed.failedLoginCount,
          },
          'Account locked after too many failed sign-ins',
        );
      }
      throw invalidCredentials();
    }

    await this.dataSource.query(RECORD_SUCCESS_SQL, [claimed.id]);
    this.logger.info({ username: claimed.username, userId: claimed.id }, 'Signed in');
    await this.audit.record({
      actorId: claimed.id,
      actor: claimed.username,
      action: 'auth.sign_in',
      entityType: 'user',
      entityId: claimed.id,
      summary: `${claimed.username} signed in`,
      ip: ip ?? null,
    });
    const payload: AccessTokenPayload = {
      sub: claimed.id,
      username: claimed.username,
      ver: claimed.tokenVersion,
    };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.config.auth.jwtExpiresInSeconds,
      mustChangePassword: claimed.mustChangePassword,
    };
  }

  /** No attempt could be claimed: the user is unknown, disabled or locked. */
  private async refuseUnclaimed(username: string, password: string, ip?: string): Promise<never> {
    const [account] = await this.dataSource.query<{ active: boolean; lockedUntil: Date | null }[]>(
      ACCOUNT_STATE_SQL,
      [username],
    );
    if (account?.active && account.lockedUntil && account.lockedUntil.getTime() > Date.now()) {
      await this.auditRefusal(username, 'locked', ip);
      this.logRefusal(username, 'locked', { lockedUntil: account.lockedUntil });
      throw accountLocked(account.lockedUntil);
    }
    await verifyAgainstDummy(password);
    await this.auditRefusal(username, account ? 'inactive' : 'unknown-user', ip);
    this.logRefusal(username, account ? 'inactive' : 'unknown-user');
    throw invalidCredentials();
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

function accountLocked(lockedUntil: Date): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new DomainError(
    DomainErrorCode.AccountLocked,
    `Too many failed sign-ins: this account is locked until ${lockedUntil.toISOString()} ` +
      `(about ${minutes} minute${minutes === 1 ? '' : 's'}). Try again then.`,
    { lockedUntil: lockedUntil.toISOString(), retryAfterSeconds },
  );
}
