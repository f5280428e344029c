// Shared set-up for the API end-to-end suites: a real, freshly migrated PostgreSQL per suite, the app built
// exactly as in production by createApiApp, and Temporal pointed at a port where nothing listens.
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CaseflowConfig, loadConfig } from '@caseflow/config';
import type { TestDatabase } from '@caseflow/persistence/testing';
import { createApiApp, CreateApiAppOptions } from '../src/app.factory';

export const TEST_JWT_SECRET = 'e2e-secret-that-is-at-least-32-characters-long';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

/** A local port that refuses connections: Temporal "unreachable" without waiting on a network. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function testConfig(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<CaseflowConfig> {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}`,
    JWT_SECRET: TEST_JWT_SECRET,
    CASEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Suites fire hundreds of requests (and failed sign-ins) from one address in seconds: the budgets are
    // off here, and the suites about them turn them on.
    RATE_LIMIT_PER_ADDRESS: '0',
    RATE_LIMIT_PER_USER: '0',
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: '0',
    AUTH_MAX_FAILED_LOGINS_PER_ADDRESS: '1000000',
    ...env,
  });
}

export async function startApi(
  config: CaseflowConfig,
  options: CreateApiAppOptions = { logger: false },
): Promise<INestApplication> {
  // The suites test the API without a console build, whether or not dist/console exists in this checkout.
  const app = await createApiApp(config, { consoleDir: null, ...options });
  await app.init();
  // The suites read English error messages, which follow the signed-in user's language (a new user's
  // default is zh-CN): the bootstrapped admin, and users made with `createUser`, speak English.
  await app.get(DataSource).query(`UPDATE "users" SET "language" = 'en' WHERE "username" = 'admin'`);
  return app;
}

export async function signIn(app: INestApplication, username: string, password: string): Promise<string> {
  const response = await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ username, password })
    .expect(200);
  return (response.body as { accessToken: string }).accessToken;
}

/** Runs SQL directly, to look behind the API's back or to move time on (e.g. end a lockout). */
export async function sql<T = Record<string, unknown>>(
  db: TestDatabase,
  text: string,
  values: unknown[] = [],
) {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function countUsers(db: TestDatabase): Promise<number> {
  const [row] = await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM users');
  return Number(row.n);
}

/** A log destination that keeps every JSON line, to assert on what was (and was not) logged. */
export function captureLogs(): {
  write(line: string): void;
  lines: string[];
  entries(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  return {
    lines,
    write: (line: string) => {
      lines.push(line);
    },
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export async function createUser(
  app: INestApplication,
  adminToken: string,
  user: { username: string; password: string; roles: string[]; displayName?: string; language?: string },
): Promise<{ id: string }> {
  const response = await request(app.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ displayName: user.username, language: 'en', ...user })
    .expect(201);
  return response.body as { id: string };
}
