// The app connects as a least-privileged role, the migrations as the owner: so the app cannot switch off
// the audit log's append-only triggers, nor touch audit rows even if they were off — and yet everything the
// API does works under that role (sign-ins, throttling, admin changes with their audit entries).
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { ensureAppRole, migrateForApp, urlForRole } from '@caseflow/persistence';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, createUser, signIn, sql, startApi, testConfig } from './support';

describe('the app’s database role', () => {
  const adminUrl = process.env.CASEFLOW_TEST_ADMIN_DB_URL!;
  const role = `caseflow_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  let db: TestDatabase;
  let appUrl: string;
  let app: INestApplication;
  let asApp: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    await ensureAppRole(adminUrl, role, password);
    appUrl = urlForRole(db.url, role, password);
    // As `npm start` does: the owner migrates (nothing is pending here), then grants the app's role.
    expect(await migrateForApp(async () => [], appUrl, db.url)).toEqual([]);
    app = await startApi(await testConfig(db, { DATABASE_URL: appUrl }));
    asApp = new Client({ connectionString: appUrl });
    await asApp.connect();
  });

  afterAll(async () => {
    await asApp?.end();
    await app?.close();
    await db?.drop();
    await sql({ url: adminUrl } as TestDatabase, `DROP ROLE IF EXISTS ${role}`);
  });

  const refusal = async (statement: string) => {
    try {
      await asApp.query(statement);
    } catch (error) {
      return (error as Error).message;
    }
    return 'allowed';
  };

  const refusalAs = async (url: string, statement: string) => {
    try {
      await sql({ url } as TestDatabase, statement);
    } catch (error) {
      return (error as Error).message;
    }
    return 'allowed';
  };

  it('is not a superuser and cannot create roles or databases', async () => {
    const [me] = (
      await asApp.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
        'SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
      )
    ).rows;
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
  });

  it.each([
    'ALTER TABLE audit_log DISABLE TRIGGER ALL',
    'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete',
    'DROP TRIGGER audit_log_no_update_delete ON audit_log',
    'DROP TABLE audit_log',
  ])('cannot run "%s" (only the owner may)', async (statement) => {
    expect(await refusal(statement)).toMatch(/must be owner/);
  });

  it.each([
    "UPDATE audit_log SET summary = 'rewritten'",
    'DELETE FROM audit_log',
    'TRUNCATE audit_log',
    'SELECT * FROM migrations',
  ])('is refused "%s" by privilege, not only by a trigger', async (statement) => {
    expect(await refusal(statement)).toMatch(/permission denied/);
  });

  it('cannot create tables: the schema is the migrations’ business', async () => {
    expect(await refusal('CREATE TABLE public.sneaky (id int)')).toMatch(/permission denied/);
  });

  it('is created by the migration step, with the password in DATABASE_URL, when it does not exist yet (a fresh deployment)', async () => {
    const fresh = `caseflow_app_${randomBytes(4).toString('hex')}`;
    const freshUrl = urlForRole(db.url, fresh, 'fresh-password-1');
    try {
      await migrateForApp(async () => [], freshUrl, db.url);
      const [row] = await sql<{ user: string; n: number }>(
        { url: freshUrl } as TestDatabase,
        'SELECT current_user AS "user", count(*)::int AS "n" FROM users',
      );
      expect(row.user).toBe(fresh);
      expect(await refusalAs(freshUrl, 'ALTER TABLE audit_log DISABLE TRIGGER ALL')).toMatch(/must be owner/);
    } finally {
      await sql({ url: db.url } as TestDatabase, `DROP OWNED BY ${fresh}`);
      await sql({ url: adminUrl } as TestDatabase, `DROP ROLE IF EXISTS ${fresh}`);
    }
  });

  it('still runs the API: sign-ins (and refused ones), an audited admin change, the audit log read back', async () => {
    await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'wrong-password' })
      .expect(401);
    const token = await signIn(app, 'admin', ADMIN_PASSWORD);
    await createUser(app, token, {
      username: 'op.least',
      password: 'operator-password-1',
      roles: ['operator'],
    });
    const audit = await request(app.getHttpServer())
      .get('/api/audit?action=user.create')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(JSON.stringify(audit.body)).toContain('op.least');
    const [row] = await sql<{ current_user: string }>({ url: appUrl } as TestDatabase, 'SELECT current_user');
    expect(row.current_user).toBe(role);
  });
});
