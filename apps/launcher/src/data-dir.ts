import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Secrets the embedded default generates once and keeps, so sign-ins and data survive a restart. */
export interface EmbeddedSecrets {
  /** The embedded server's superuser: owns the schema, runs the migrations. */
  postgresPassword: string;
  /** The least-privileged role the API and the worker connect as (added to older installs' files). */
  appPassword: string;
  jwtSecret: string;
}

/** Creates the data folder; embedded PostgreSQL runs as the `postgres` OS user when we are root. */
export function prepareDataDir(dataDir: string): string {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
  return dir;
}

export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  const kept = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EmbeddedSecrets>)
    : undefined;
  if (kept?.postgresPassword && kept.jwtSecret && kept.appPassword) return kept as EmbeddedSecrets;
  const secrets: EmbeddedSecrets = {
    postgresPassword: kept?.postgresPassword ?? randomBytes(18).toString('base64url'),
    appPassword: kept?.appPassword ?? randomBytes(18).toString('base64url'),
    jwtSecret: kept?.jwtSecret ?? randomBytes(48).toString('base64url'),
  };
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return secrets;
}
