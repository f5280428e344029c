// The audit log: every sign-in (success and failure), refused authorisation, admin change and change of a
// case's state lands in an append-only table with who, what, when (UTC) and from where; admins read it
// through GET /api/audit with filters and paging.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, seedOrganisation, type TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, createUser, signIn, sql, startApi, testConfig } from './support';

const PASSWORD = 'a-long-enough-password';

let db: TestDatabase;
let app: INestApplication;
let adminToken: string;
let operatorToken: string;

interface Entry {
  at: string;
  actor: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  summary: string;
  ip: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(await testConfig(db));
  adminToken = await signIn(app, 'admin', ADMIN_PASSWORD);
  await createUser(app, adminToken, { username: 'op.audit', password: PASSWORD, roles: ['operator'] });
  operatorToken = await signIn(app, 'op.audit', PASSWORD);
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const audit = async (query: string, token = adminToken) =>
  (
    await request(app.getHttpServer())
      .get(`/api/audit${query}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200)
  ).body as { items: Entry[]; total: number; page: number; pageSize: number };

it('records every sign-in, successful or not, with the account, the reason and the client’s address', async () => {
  await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ username: 'op.audit', password: 'wrong-password-x' })
    .expect(401);
  await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ username: 'nobody.here', password: 'whatever-password' })
    .expect(401);

  const failures = await audit('?action=auth.sign_in&outcome=failure');
  expect(failures.items.map((e) => [e.actor, (e.after as { reason: string }).reason])).toEqual([
    ['nobody.here', 'unknown-user'],
    ['op.audit', 'wrong-password'],
  ]);
  const successes = await audit('?action=auth.sign_in&outcome=success&actor=op.audit');
  expect(successes.total).toBe(1);
  for (const entry of [...failures.items, ...successes.items]) {
    expect(entry.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(entry.at).toMatch(/Z$/);
    expect(JSON.stringify(entry)).not.toContain('password-x');
  }
});

it('records every refused authorisation: who, which route, from where', async () => {
  await request(app.getHttpServer())
    .get('/api/audit')
    .set('Authorization', `Bearer ${operatorToken}`)
    .expect(403);
  const [refusal] = (await audit('?action=authorisation.refused&actor=op.audit')).items;
  expect(refusal).toMatchObject({
    outcome: 'refused',
    entityType: 'route',
    entityId: 'GET /api/audit',
    after: { requiredRoles: ['admin'], roles: ['operator'] },
  });
  expect(refusal.ip).not.toBeNull();
});

it('records every admin change: a route without an entry of its own gets the generic one; a new user its own, without the password', async () => {
  await request(app.getHttpServer())
    .post('/api/webhooks')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ url: 'https://crm.example.com/hooks/audit', eventTypes: ['*'] })
    .expect(201);
  const [change] = (await audit('?action=admin.change&entityId=POST%20/api/webhooks')).items;
  expect(change).toMatchObject({ actor: 'admin', entityType: 'route', outcome: 'success' });
  expect(change.after).toMatchObject({ body: { url: 'https://crm.example.com/hooks/audit' } });
  expect(change.ip).toMatch(/127\.0\.0\.1|::1/);

  // Creating a user writes its own entry (in the same transaction as the user), and no generic one.
  const { id } = await createUser(app, adminToken, {
    username: 'new.hire',
    password: PASSWORD,
    roles: ['engineer'],
  });
  const [created] = (await audit(`?action=user.create&entityId=${id}`)).items;
  expect(created).toMatchObject({ actor: 'admin', entityType: 'user', after: { username: 'new.hire' } });
  expect(JSON.stringify(created)).not.toContain(PASSWORD);
  expect((await audit('?action=admin.change&entityId=POST%20/api/users')).total).toBe(0);
});

it('records every change of a case’s state, naming the actor from the case’s timeline', async () => {
  const org = await seedOrganisation(dataSourceLike());
  const number = '20261122-07-0001';
  await sql(
    db,
    `BEGIN;
     INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "operator_user_id", "operator_username", "operator_no",
       "received_at", "policy_id", "policy_version", "last_seq")
     VALUES ('${number}', 'case-${number}', 'service_request', 'new', 'phone', 'technical', 'C', '1390000',
       'standard', 'd', 'u', 'liu', 7, now(), 'default', 1, 1);
     INSERT INTO "case_events" ("case_number", "seq", "at", "type", "actor", "summary")
     VALUES ('${number}', 1, now(), 'received', 'liu', 'Received');
     COMMIT;`,
  );
  await sql(
    db,
    `BEGIN;
     UPDATE "cases" SET "state" = 'assigned', "assignee_id" = '${org.engineerId}', "last_seq" = 2 WHERE "number" = '${number}';
     INSERT INTO "case_events" ("case_number", "seq", "at", "type", "actor", "summary")
     VALUES ('${number}', 2, now(), 'assigned', 'li.supervisor', 'Assigned');
     COMMIT;`,
  );
  // A write that leaves the state alone is not a state change.
  await sql(db, `UPDATE "cases" SET "summary" = 'x' WHERE "number" = '${number}'`);

  const entries = (await audit(`?action=case.*&entityId=${number}`)).items;
  expect(entries.map((e) => [e.actor, e.before, e.after])).toEqual([
    ['li.supervisor', { state: 'new' }, { state: 'assigned', seq: 2 }],
    ['liu', null, { state: 'new', seq: 1 }],
  ]);
});

it('is append-only: UPDATE, DELETE and TRUNCATE are refused for every database role', async () => {
  const before = (await audit('')).total;
  await expect(sql(db, `UPDATE "audit_log" SET "actor" = 'someone else'`)).rejects.toThrow(/append-only/);
  await expect(sql(db, `DELETE FROM "audit_log"`)).rejects.toThrow(/append-only/);
  await expect(sql(db, `TRUNCATE "audit_log"`)).rejects.toThrow(/append-only/);
  expect((await audit('')).total).toBeGreaterThanOrEqual(before);
});

it('filters and pages for admins only; a bad filter is a 422', async () => {
  const page1 = await audit('?pageSize=2&page=1');
  const page2 = await audit('?pageSize=2&page=2');
  expect(page1.items).toHaveLength(2);
  expect(page1.total).toBe(page2.total);
  expect(page1.items.map((e) => e.at).concat(page2.items.map((e) => e.at))).toEqual(
    [...page1.items, ...page2.items]
      .map((e) => e.at)
      .sort()
      .reverse(),
  );
  const future = await audit(`?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
  expect(future.total).toBe(0);
  const bad = await request(app.getHttpServer())
    .get('/api/audit?outcome=maybe&from=yesterday')
    .set('Authorization', `Bearer ${adminToken}`)
    .expect(422);
  expect(Object.keys(bad.body.errors).sort()).toEqual(['from', 'outcome']);
});

/** seedOrganisation needs a query runner; a pg client per statement is enough here. */
function dataSourceLike() {
  return { query: (text: string, values: unknown[]) => sql(db, text, values) } as never;
}
