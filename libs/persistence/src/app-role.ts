// The app (API and worker) connects as a role that can read and write rows and nothing more; migrations run
// as the schema's owner. So the app cannot switch off the audit log's append-only triggers (only an owner may
// ALTER a table), and cannot UPDATE, DELETE or TRUNCATE audit rows even with the triggers gone.
import { Client } from 'pg';

/** The role a postgres:// URL signs in as. */
export function roleOfUrl(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).username);
}

/** The same server and database, signed in as another role. */
export function urlForRole(databaseUrl: string, role: string, password: string): string {
  const url = new URL(databaseUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * Creates the app's login role if it is missing (no superuser, no CREATEDB, no CREATEROLE) and sets its
 * password; `adminUrl` must be allowed to create roles (the embedded server's superuser).
 */
export async function ensureAppRole(adminUrl: string, role: string, password: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const name = client.escapeIdentifier(role);
    const secret = client.escapeLiteral(password);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    await client.query(
      exists.rowCount === 0
        ? `CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${secret}`
        : `ALTER ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${secret}`,
    );
  } finally {
    await client.end();
  }
}

/**
 * Gives `role` what the app needs on every table the migrations made — run it as the owner after each
 * migration run, so new tables are covered: rows of every table, sequences, temporary tables (the monthly
 * sample draws through one). The audit log: read and append only. The migrations' own table: nothing.
 */
export async function grantAppRole(ownerUrl: string, role: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const name = client.escapeIdentifier(role);
    const [{ db }] = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows;
    await client.query('BEGIN');
    for (const statement of [
      `GRANT CONNECT, TEMPORARY ON DATABASE ${client.escapeIdentifier(db)} TO ${name}`,
      `GRANT USAGE ON SCHEMA public TO ${name}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${name}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${name}`,
      `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_log" FROM ${name}`,
      `REVOKE ALL ON "migrations" FROM ${name}`,
    ]) {
      await client.query(statement);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Creates the app's role, with the password its URL carries, when it does not exist yet and the owner may
 * create roles (a fresh Docker volume, an upgrade from the days when everything ran as the owner). An
 * existing role is left as it is; an owner that may not create roles gets a message saying what to do.
 */
async function ensureRoleOfUrl(ownerUrl: string, databaseUrl: string): Promise<void> {
  const role = roleOfUrl(databaseUrl);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  let mayCreate: boolean;
  try {
    if ((await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount !== 0) return;
    const [me] = (
      await client.query<{ may: boolean }>(
        'SELECT rolsuper OR rolcreaterole AS "may" FROM pg_roles WHERE rolname = current_user',
      )
    ).rows;
    mayCreate = me?.may === true;
  } finally {
    await client.end();
  }
  if (!mayCreate) {
    throw new Error(
      `The database role "${role}" (DATABASE_URL) does not exist, and DATABASE_MIGRATION_URL's role may not ` +
        `create roles: create it first, e.g. CREATE ROLE "${role}" LOGIN PASSWORD '…'.`,
    );
  }
  await ensureAppRole(ownerUrl, role, decodeURIComponent(new URL(databaseUrl).password));
}

/**
 * Migrates as the owner and, when the app signs in as another role, makes sure that role exists and grants
 * it its share. Returns the migrations it ran.
 */
export async function migrateForApp(
  runMigrations: (url: string) => Promise<string[]>,
  databaseUrl: string,
  ownerUrl: string = databaseUrl,
): Promise<string[]> {
  const ran = await runMigrations(ownerUrl);
  const appRole = roleOfUrl(databaseUrl);
  if (appRole !== roleOfUrl(ownerUrl)) {
    await ensureRoleOfUrl(ownerUrl, databaseUrl);
    await grantAppRole(ownerUrl, appRole);
  }
  return ran;
}
