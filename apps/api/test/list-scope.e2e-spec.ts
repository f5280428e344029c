// Lists of things that belong to a case (escalations, the outbox, callbacks) show a row only to those who
// may open its case: a supervisor who gets 404 on another branch's case does not read that case's customer
// in an escalation, a message or a callback either. Rows are written straight into the read model (no
// workflows needed): two branches, each with its own supervisor, and one case each.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, seedOrganisation, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, createUser, signIn, sql, startApi, testConfig } from './support';

const PASSWORD = 'supervisor-password-1';
const SH_CASE = '20261101-07-0001';
const BJ_CASE = '20261101-08-0001';

describe('lists of what belongs to a case keep the case’s scope', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const tokens: Record<string, string> = {};

  const get = (who: string, url: string) =>
    request(app.getHttpServer()).get(url).set('Authorization', `Bearer ${tokens[who]}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApi(await testConfig(db));
    tokens.admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const shUser = await createUser(app, tokens.admin, {
      username: 'sup.sh',
      password: PASSWORD,
      roles: ['supervisor'],
    });
    const bjUser = await createUser(app, tokens.admin, {
      username: 'sup.bj',
      password: PASSWORD,
      roles: ['supervisor'],
    });
    await createUser(app, tokens.admin, { username: 'quality.x', password: PASSWORD, roles: ['quality'] });
    const client = { query: (text: string, values?: unknown[]) => sql(db, text, values) };
    const sh = await seedOrganisation(client as never, { userIds: { supervisor: shUser.id } });
    const bj = await seedOrganisation(client as never, {
      branchId: 'bj',
      branchName: 'Beijing',
      operatorNo: 8,
      userIds: { supervisor: bjUser.id },
    });
    for (const [number, org, customer] of [
      [SH_CASE, sh, 'Customer Shanghai'],
      [BJ_CASE, bj, 'Customer Beijing'],
    ] as const) {
      await sql(
        db,
        `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
           "customer_phone", "customer_tier", "description", "branch_id", "assignee_id", "operator_user_id",
           "operator_username", "operator_no", "received_at", "policy_id", "policy_version", "last_seq")
         VALUES ($1, 'case-' || $1, 'service_request', 'assigned', 'phone', 'technical', $2, '+8613900000001',
                 'standard', 'Printer jams', $3, $4, 'u', 'op', 7, now(), 'default', 1, 1)`,
        [number, customer, org.branchId, org.engineerId],
      );
      await sql(
        db,
        `INSERT INTO "escalations" ("idempotency_key", "case_number", "commitment_id", "commitment_kind",
           "step_id", "action", "target_role", "recipient_level", "recipient_staff_id", "due_at", "fired_at",
           "message")
         VALUES ('esc-' || $1, $1, 'first-contact', 'first_contact', 'breach', 'notify', 'supervisor',
                 'supervisor', $2, now(), now(), 'First contact is late')`,
        [number, org.supervisorId],
      );
      await sql(
        db,
        `INSERT INTO "notifications" ("idempotency_key", "case_number", "recipient_kind", "recipient_address",
           "channel", "template")
         VALUES ('sms-' || $1, $1, 'customer', '+8613900000001', 'sms', 'delay_apology')`,
        [number],
      );
      await sql(
        db,
        `INSERT INTO "callback_tasks" ("id", "workflow_id", "case_number", "level", "state", "customer_name",
           "customer_phone", "branch_id", "starts_at", "max_attempts")
         VALUES ('L1-' || $1, 'callback-L1-' || $1, $1, 1, 'open', $2, '+8613900000001', $3, now(), 3)`,
        [number, customer, org.branchId],
      );
    }
    // In-app messages to the Shanghai supervisor: one about their case, one about Beijing's (sent before the
    // case moved on, say), one about no case.
    for (const [key, number] of [
      ['inapp-sh', SH_CASE],
      ['inapp-bj', BJ_CASE],
      ['inapp-none', null],
    ] as const) {
      await sql(
        db,
        `INSERT INTO "notifications" ("idempotency_key", "case_number", "recipient_kind", "recipient_staff_id",
           "channel", "template", "status", "sent_at", "subject", "body")
         VALUES ($1, $2, 'staff', $3, 'in_app', 'commitment_breached', 'sent', now(), $1, 'Look')`,
        [key, number, sh.supervisorId],
      );
    }
    // Last month's sample chose both cases.
    await sql(
      db,
      `INSERT INTO "sample_seeds" ("month", "seed", "created_at") VALUES ('2026-10', 'seed', now())`,
    );
    const [sample] = await sql<{ id: string }>(
      db,
      `INSERT INTO "samples" ("month", "ratio_bp", "seed", "population", "skipped", "chosen", "branches",
         "trigger", "triggered_by", "drawn_at")
       VALUES ('2026-10', 1500, 'seed', 2, 0, 2, '[]', 'admin', 'admin', now()) RETURNING "id"`,
    );
    for (const [number, branch, phone] of [
      [SH_CASE, 'sh', '+8613900000011'],
      [BJ_CASE, 'bj', '+8613900000022'],
    ]) {
      await sql(
        db,
        `INSERT INTO "sample_cases" ("sample_id", "case_number", "branch_id", "customer_phone")
         VALUES ($1, $2, $3, $4)`,
        [sample.id, number, branch, phone],
      );
    }
    // A message about no case (a certification reminder) to the Beijing engineer.
    await sql(
      db,
      `INSERT INTO "notifications" ("idempotency_key", "recipient_kind", "recipient_staff_id", "channel", "template")
       VALUES ('cert-bj', 'staff', $1, 'email', 'certification_expiring')`,
      [bj.engineerId],
    );
    tokens.sh = await signIn(app, 'sup.sh', PASSWORD);
    tokens.bj = await signIn(app, 'sup.bj', PASSWORD);
    tokens.quality = await signIn(app, 'quality.x', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const caseNumbers = (items: { caseNumber: string | null }[]) => items.map((i) => i.caseNumber).sort();

  it('answers 404 to a supervisor for the other branch’s case (the scope the lists must keep)', async () => {
    await get('sh', `/api/cases/${SH_CASE}`).expect(200);
    await get('sh', `/api/cases/${BJ_CASE}`).expect(404);
  });

  it('shows a supervisor only the escalations of cases they may open', async () => {
    const sh = await get('sh', '/api/escalations?status=all').expect(200);
    expect(caseNumbers(sh.body.items)).toEqual([SH_CASE]);
    expect(sh.body.total).toBe(1);
    expect(JSON.stringify(sh.body)).not.toContain('Customer Beijing');
    const bj = await get('bj', '/api/escalations?status=all').expect(200);
    expect(caseNumbers(bj.body.items)).toEqual([BJ_CASE]);
  });

  it('shows a supervisor only the outbox rows of their cases, and no-case rows sent to their people', async () => {
    const sh = await get('sh', '/api/notifications').expect(200);
    // The customer's SMS and the in-app message of their case, and the in-app message about no case.
    expect(caseNumbers(sh.body.items)).toEqual([SH_CASE, SH_CASE, null].sort());
    expect(sh.body.total).toBe(3);
    expect(JSON.stringify(sh.body)).not.toContain(BJ_CASE);
    const bj = await get('bj', '/api/notifications').expect(200);
    // Rows of Beijing's case, whoever they went to, and the reminder to a Beijing engineer.
    expect(caseNumbers(bj.body.items)).toEqual([BJ_CASE, BJ_CASE, null].sort());
    const asked = await get('sh', `/api/notifications?case=${BJ_CASE}`).expect(200);
    expect(asked.body).toMatchObject({ items: [], total: 0 });
  });

  it('shows a supervisor only the callbacks (customer names and phones) of their cases', async () => {
    const sh = await get('sh', '/api/callbacks').expect(200);
    expect(caseNumbers(sh.body.items)).toEqual([SH_CASE]);
    expect(sh.body.total).toBe(1);
    expect(JSON.stringify(sh.body)).not.toContain('Customer Beijing');
  });

  it('shows a supervisor, among a month’s sampled cases, only those they may open (the counts stay whole)', async () => {
    const sh = await get('sh', '/api/samples/2026-10').expect(200);
    expect(sh.body).toMatchObject({ population: 2, chosen: 2 });
    expect(sh.body.cases.map((c: { caseNumber: string }) => c.caseNumber)).toEqual([SH_CASE]);
    expect(JSON.stringify(sh.body)).not.toContain('+8613900000022');
    const quality = await get('quality', '/api/samples/2026-10').expect(200);
    expect(quality.body.cases).toHaveLength(2);
  });

  it('keeps out of a supervisor’s own inbox the messages about cases they may no longer open', async () => {
    const inbox = await get('sh', '/api/inbox').expect(200);
    expect(inbox.body.items.map((m: { title: string }) => m.title).sort()).toEqual([
      'inapp-none',
      'inapp-sh',
    ]);
    expect(inbox.body).toMatchObject({ total: 2, unread: 2 });
  });

  it('keeps the audit log (every case’s history, every sign-in) to admins', async () => {
    await get('sh', '/api/audit').expect(403);
    await get('quality', '/api/audit').expect(403);
    await get('admin', '/api/audit').expect(200);
  });

  it('still shows every row to those who see every case (admin, quality)', async () => {
    const escalations = await get('admin', '/api/escalations?status=all').expect(200);
    expect(caseNumbers(escalations.body.items)).toEqual([SH_CASE, BJ_CASE]);
    const outbox = await get('quality', '/api/notifications').expect(200);
    expect(outbox.body.total).toBe(6);
    const callbacks = await get('admin', '/api/callbacks').expect(200);
    expect(caseNumbers(callbacks.body.items)).toEqual([SH_CASE, BJ_CASE]);
  });
});
