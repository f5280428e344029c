// What the logs say when a request is refused: a domain error (4xx with a code) is the request's one log
// line, at warn, with the request id, the code and the message — never a stack trace. A refused
// assignment (nobody eligible) is the example; a bug is still an error with its stack.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, captureLogs, signIn, sql, startApi, testConfig } from './support';

let db: TestDatabase;
let app: INestApplication;
let admin: string;
const logs = captureLogs();
const CASE = '20261201-07-0001';

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(await testConfig(db, { LOG_LEVEL: 'info' }), { logDestination: logs });
  admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  // A case in a branch with no engineer at all: nobody may take it.
  await sql(db, `INSERT INTO "branches" ("id", "name") VALUES ('nowhere', 'Nowhere') ON CONFLICT DO NOTHING`);
  await sql(
    db,
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
       "operator_no", "received_at", "policy_id", "policy_version", "last_seq")
     VALUES ($1, 'case-' || $1, 'service_request', 'new', 'phone', 'technical', 'Wei Hua', '+8613900139000',
             'standard', 'No dial tone', 'nowhere', 'u', 'op7', 7, now(), 'default', 1, 1)`,
    [CASE],
  );
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const linesOf = (requestId: string) =>
  logs.entries().filter((e) => e.reqId === requestId || e.requestId === requestId);

it('logs a refused assignment as one warn line with the request id, code and message, and no stack', async () => {
  const response = await request(app.getHttpServer())
    .post(`/api/cases/${CASE}/assignment`)
    .set('Authorization', `Bearer ${admin}`)
    .set('x-request-id', 'refused-assignment-1')
    .send({})
    .expect(409);
  expect(response.body.message).toMatch(/^No engineer may take this case now/);
  await new Promise((resolve) => setImmediate(resolve)); // the request's line is written once it finished
  const lines = linesOf('refused-assignment-1');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 40,
    msg: 'request refused: INVALID_STATE',
    refusal: { status: 409, code: 'INVALID_STATE', message: expect.stringMatching(/^No engineer may take/) },
  });
  expect(JSON.stringify(lines[0])).not.toMatch(/"stack"|"err"|\bat \S+ \(/);
});

it('logs every refused request (a 422 too) the same way, and a plain request at info', async () => {
  await request(app.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${admin}`)
    .set('x-request-id', 'refused-422')
    .send({ username: '' })
    .expect(422);
  await request(app.getHttpServer())
    .get('/api/users')
    .set('Authorization', `Bearer ${admin}`)
    .set('x-request-id', 'plain-200')
    .expect(200);
  await new Promise((resolve) => setImmediate(resolve));
  expect(linesOf('refused-422')).toEqual([
    expect.objectContaining({
      level: 40,
      refusal: expect.objectContaining({ status: 422, code: 'VALIDATION_FAILED' }),
    }),
  ]);
  expect(linesOf('plain-200')).toEqual([expect.objectContaining({ level: 30, msg: 'request completed' })]);
  expect(linesOf('plain-200')[0]).not.toHaveProperty('refusal');
});
