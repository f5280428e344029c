import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { AdminBootstrapService } from '../src/app.factory';
import { signIn, sql, startApi, testConfig } from './support';

const adminRows = (db: TestDatabase) =>
  sql<{ password_hash: string; roles: string }>(
    db,
    "SELECT password_hash, roles::text FROM users WHERE lower(username) = 'admin'",
  );

describe('the first admin account', () => {
  const apps: INestApplication[] = [];
  const dbs: TestDatabase[] = [];

  const freshDb = async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return db;
  };
  const start = async (...args: Parameters<typeof startApi>) => {
    const app = await startApi(...args);
    apps.push(app);
    return app;
  };

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(dbs.map((db) => db.drop()));
  });

  it('is created with CASEFLOW_ADMIN_PASSWORD on the first start, and the password is not echoed back', async () => {
    const db = await freshDb();
    const app = await start(await testConfig(db, { CASEFLOW_ADMIN_PASSWORD: 'chosen-by-the-operator' }));
    expect(app.get(AdminBootstrapService).firstSignIn).toEqual({ created: true, username: 'admin' });
    await signIn(app, 'admin', 'chosen-by-the-operator');
    const [row] = await adminRows(db);
    expect(row.roles).toBe('{admin}');
  });

  it('is left alone on a later start, even if CASEFLOW_ADMIN_PASSWORD has changed', async () => {
    const db = await freshDb();
    await start(await testConfig(db, { CASEFLOW_ADMIN_PASSWORD: 'the-first-password' }));
    const [before] = await adminRows(db);

    const second = await start(await testConfig(db, { CASEFLOW_ADMIN_PASSWORD: 'a-different-password' }));
    expect(second.get(AdminBootstrapService).firstSignIn).toEqual({ created: false, username: 'admin' });
    expect(await adminRows(db)).toEqual([before]);
    await signIn(second, 'admin', 'the-first-password');
  });

  it('gets a generated password when none is configured, reported once to the launcher', async () => {
    const db = await freshDb();
    const first = await start(await testConfig(db, { CASEFLOW_ADMIN_PASSWORD: '' }));
    const result = first.get(AdminBootstrapService).firstSignIn;
    expect(result).toEqual({
      created: true,
      username: 'admin',
      password: expect.stringMatching(/^[\w-]{24}$/),
    });
    await signIn(first, 'admin', result!.password!);

    const second = await start(await testConfig(db, { CASEFLOW_ADMIN_PASSWORD: '' }));
    expect(second.get(AdminBootstrapService).firstSignIn).toEqual({ created: false, username: 'admin' });
    await signIn(second, 'admin', result!.password!);
  });

  it('is created exactly once when two API replicas start at the same moment', async () => {
    const db = await freshDb();
    const config = await testConfig(db, { CASEFLOW_ADMIN_PASSWORD: '' });
    const [a, b] = await Promise.all([start(config), start(config)]);
    const results = [a, b].map((app) => app.get(AdminBootstrapService).firstSignIn!);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.password !== undefined)).toHaveLength(1);
    expect(await adminRows(db)).toHaveLength(1);
    const winner = results.find((r) => r.created)!;
    await signIn(a, 'admin', winner.password!);
  });
});
