// The worker's activities write the whole read model (cases, timeline, commitments) as the app's
// least-privileged role too: a case logged through the API lands in the read model and takes an action.
import { randomBytes } from 'node:crypto';
import { ensureAppRole, migrateForApp, urlForRole } from '@caseflow/persistence';
import type { TestDatabase } from '@caseflow/persistence/testing';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';
import { sql } from './support';

const adminUrl = process.env.CASEFLOW_TEST_ADMIN_DB_URL!;
const role = `caseflow_app_${randomBytes(4).toString('hex')}`;
let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld({
    beforeStart: async (db) => {
      const password = randomBytes(12).toString('base64url');
      await ensureAppRole(adminUrl, role, password);
      const appUrl = urlForRole(db.url, role, password);
      await migrateForApp(async () => [], appUrl, db.url);
      return { DATABASE_URL: appUrl };
    },
  });
}, 120_000);

afterAll(async () => {
  await w?.close();
  await sql({ url: adminUrl } as TestDatabase, `DROP ROLE IF EXISTS ${role}`);
}, 60_000);

it('runs the API and the worker as the app role: intake, read model, timeline, an assignment', async () => {
  const [me] = await w.query<{ user: string }>('SELECT current_user AS "user"');
  expect(me.user).toBe(role);
  const created = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: '李雷 Li Lei', phone: '+86 138-0013-8000', tier: 'gold' },
      product: 'Printer X200',
      description: 'Paper jams on every print',
      branchId: 'sh',
    })
    .expect(201);
  const number = (created.body as { number: string }).number;
  await eventually(async () => {
    const detail = await w.as('supervisor').get(`/api/cases/${number}`).expect(200);
    expect(detail.body.timeline).toHaveLength(1);
  });
  await w
    .as('supervisor')
    .post(`/api/cases/${number}/actions/assign`)
    .send({ assigneeId: w.org.engineerId })
    .expect(200);
  await eventually(async () => {
    const [row] = await w.query<{ assignee_id: string }>(
      `SELECT "assignee_id" FROM "cases" WHERE "number" = $1`,
      [number],
    );
    expect(row.assignee_id).toBe(w.org.engineerId);
  });
});
