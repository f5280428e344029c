import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh, fully migrated database for one test file: a copy of the template that the Jest global set-up
 * migrated once. Dropped again by `drop()`.
 */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.CASEFLOW_TEST_ADMIN_DB_URL;
  const template = process.env.CASEFLOW_TEST_TEMPLATE_DB;
  if (!adminUrl || !template) {
    throw new Error('No test PostgreSQL: run tests through Jest so test/global-setup.js starts one.');
  }
  const name = `caseflow_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
