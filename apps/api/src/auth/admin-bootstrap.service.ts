import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DataSource, QueryFailedError } from 'typeorm';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { Role } from '@caseflow/domain';
import { generatePassword, hashPassword } from './passwords';

export const FIRST_ADMIN_USERNAME = 'admin';

/** What the first start did about the admin account; the launcher prints it once. */
export interface FirstSignIn {
  created: boolean;
  username: string;
  /** Only when this very start generated it: it is nowhere else to be found. */
  password?: string;
}

/**
 * Makes sure there is someone who can sign in: on start-up, creates `admin` unless it already exists, with
 * CASEFLOW_ADMIN_PASSWORD or a generated password. An existing admin is never touched. When two replicas
 * start at once, the unique index decides: one inserts, the other's insert does nothing.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private result?: FirstSignIn;

  constructor(
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectPinoLogger(AdminBootstrapService.name) private readonly logger: PinoLogger,
  ) {}

  /** Set once the application has bootstrapped (after `app.init()` or `app.listen()`). */
  get firstSignIn(): FirstSignIn | undefined {
    return this.result;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.result = await this.ensureAdmin();
  }

  private async ensureAdmin(): Promise<FirstSignIn> {
    const username = FIRST_ADMIN_USERNAME;
    // Checked first only to skip a slow hash on every ordinary start; the insert below is what is safe.
    const existing = await this.query<unknown[]>('SELECT 1 FROM users WHERE lower(username) = lower($1)', [
      username,
    ]);
    if (existing.length > 0) return { created: false, username };

    const generated = this.config.auth.adminPassword === undefined;
    const password = this.config.auth.adminPassword ?? generatePassword();
    const passwordHash = await hashPassword(password);
    // The account and its staff record (with an operator number, so the admin can log a case at once)
    // are made together or not at all.
    const inserted = await this.dataSource.transaction(async (tx) => {
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO users (username, display_name, password_hash, roles)
         VALUES ($1, $2, $3, ARRAY[$4]::user_role[])
         ON CONFLICT ((lower(username))) DO NOTHING
         RETURNING id`,
        [username, 'Administrator', passwordHash, Role.Admin],
      );
      if (rows.length === 0) return false;
      await tx.query(
        `INSERT INTO staff (user_id, name, role, department, operator_no)
         SELECT $1, 'Administrator', 'operator', 'customer_service', min(n)
           FROM generate_series(1, 9999) n WHERE NOT EXISTS (SELECT 1 FROM staff s WHERE s.operator_no = n)`,
        [rows[0].id],
      );
      return true;
    });
    if (!inserted) return { created: false, username };

    if (generated) {
      this.logger.warn(
        `Created the first admin account: username "${username}", password "${password}". ` +
          'This password is shown only once; set CASEFLOW_ADMIN_PASSWORD before the first start to choose it.',
      );
      return { created: true, username, password };
    }
    this.logger.info(
      { username },
      'Created the first admin account with the password in CASEFLOW_ADMIN_PASSWORD',
    );
    return { created: true, username };
  }

  private async query<T>(sql: string, parameters: unknown[]): Promise<T> {
    try {
      return await this.dataSource.query<T>(sql, parameters);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '42P01') {
        throw new Error(
          'The database has no "users" table: run the migrations first (`npm run migration:run`; `npm start` does it).',
          { cause: error },
        );
      }
      throw error;
    }
  }
}
