// The certification workflow on the time-skipping dev server with the real staff activities on PostgreSQL:
// a certificate's reminder 30 days before expiry, its expiry (the engineer leaves the assignment pool and
// their open cases are flagged for the supervisor), a renewal that moves both timers, and a revocation.
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@caseflow/persistence';
import {
  createTestDatabase,
  seedOrganisation,
  type SeededOrganisation,
  type TestDatabase,
} from '@caseflow/persistence/testing';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import { certificationWorkflowId } from '@caseflow/domain';
import { createActivities } from '../../activities';
import {
  certificateRenewedSignal,
  certificateRevokedSignal,
  certificationViewQuery,
} from '../certification-messages';
import { certificationWorkflow } from '../certification.workflow';

const taskQueue = 'certification-spec';
const DAY_MS = 24 * 3600_000;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let testDb: TestDatabase;
let dataSource: DataSource;
let org: SeededOrganisation;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  org = await seedOrganisation(dataSource);
  env = await createTestEnvironment({ timeSkipping: true });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(path.join(__dirname, '..', 'index.ts')),
    activities: createActivities({ dataSource }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await dataSource?.destroy();
  await testDb?.drop();
});

const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  dataSource.query(sql, params) as Promise<T[]>;

/** A fresh engineer under the seeded supervisor, holding one certificate (the only one they have). */
async function engineerWithCertificate(name: string, expiresInMs: number) {
  const [staff] = await query<{ id: string }>(
    `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id")
     VALUES ($1, 'engineer', 'tech_support', $2, $3) RETURNING "id"`,
    [name, org.branchId, org.supervisorId],
  );
  const now = await env.currentTimeMs();
  const expiresAt = new Date(now + expiresInMs).toISOString();
  const [cert] = await query<{ id: string }>(
    `INSERT INTO "certificates" ("staff_id", "product_lines", "issued_at", "expires_at", "created_by")
     VALUES ($1, '{servers}', $2, $3, 'test') RETURNING "id"`,
    [staff.id, new Date(now - DAY_MS).toISOString(), expiresAt],
  );
  await query(`SELECT "refresh_staff_certification"($1)`, [staff.id]);
  return { staffId: staff.id, certificateId: cert.id, expiresAt };
}

async function openCaseFor(staffId: string, number: string) {
  await query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
       "operator_no", "assignee_id", "received_at", "policy_id", "policy_version", "last_seq")
     VALUES ($1, 'case-' || $1, 'service_request', 'in_progress', 'phone', 'technical', 'Customer', '13900000000',
       'standard', 'Broken', $2, 'u-op', 'liu', 7, $3, now(), 'default', 1, 0)`,
    [number, org.branchId, staffId],
  );
}

/** The activities run on the real clock after a skipped timer fires: wait for their writes to land. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const staffRow = async (id: string) =>
  (await query<{ certified: boolean }>(`SELECT "certified" FROM "staff" WHERE "id" = $1`, [id]))[0];
const notificationsFor = (certificateId: string) =>
  query<{ recipient_staff_id: string; template: string }>(
    `SELECT "recipient_staff_id", "template" FROM "notifications" WHERE "data"->>'certificateId' = $1
      ORDER BY "idempotency_key"`,
    [certificateId],
  );

it('reminds the engineer and the supervisor 30 days before expiry, and at expiry removes the engineer from assignment and flags their open cases for the supervisor', async () => {
  const { staffId, certificateId, expiresAt } = await engineerWithCertificate('Qian (engineer)', 45 * DAY_MS);
  await openCaseFor(staffId, '20261122-07-0901');
  const handle = await env.client.workflow.start(certificationWorkflow, {
    taskQueue,
    workflowId: certificationWorkflowId(certificateId),
    args: [{ certificateId, staffId, expiresAt }],
  });

  // Day 10: nothing yet.
  await env.sleep(10 * DAY_MS);
  expect(await notificationsFor(certificateId)).toEqual([]);

  // Day 16 (29 days before expiry): both told, once.
  await env.sleep(6 * DAY_MS);
  const reminders = await eventually(async () => {
    const rows = await notificationsFor(certificateId);
    expect(rows.map((r) => r.recipient_staff_id)).toEqual([staffId, org.supervisorId]);
    return rows;
  });
  expect(await handle.query(certificationViewQuery)).toMatchObject({
    status: 'active',
    remindedFor: expiresAt,
  });
  expect(reminders.every((r) => r.template === 'certification_expiring')).toBe(true);
  expect(await staffRow(staffId)).toEqual({ certified: true });

  // Expiry.
  const result = await handle.result();
  expect(result).toMatchObject({ status: 'expired', flagged: 1 });
  expect(await staffRow(staffId)).toEqual({ certified: false });
  const [cert] = await query<{ state: string }>(`SELECT "state" FROM "certificates" WHERE "id" = $1`, [
    certificateId,
  ]);
  expect(cert.state).toBe('expired');
  const flags = await query<{
    case_number: string;
    reason: string;
    supervisor_staff_id: string;
    open: boolean;
  }>(
    `SELECT r."case_number", r."reason", r."supervisor_staff_id", r."reassigned_at" IS NULL AS open,
            e."recipient_staff_id", e."commitment_due_at" = r."due_at" AS same_due
       FROM "reassignments" r JOIN "escalations" e ON e."id" = r."escalation_id" WHERE r."staff_id" = $1`,
    [staffId],
  );
  expect(flags).toEqual([
    {
      case_number: '20261122-07-0901',
      reason: 'certification_expired',
      supervisor_staff_id: org.supervisorId,
      open: true,
      recipient_staff_id: org.supervisorId,
      same_due: true,
    },
  ]);
  expect(await notificationsFor(certificateId)).toHaveLength(2); // the reminder was not sent again

  // Reassigning the case settles the flag.
  await query(`UPDATE "cases" SET "assignee_id" = $1 WHERE "number" = '20261122-07-0901'`, [org.engineerId]);
  const [settled] = await query<{ reassigned: boolean }>(
    `SELECT "reassigned_at" IS NOT NULL AS reassigned FROM "reassignments" WHERE "staff_id" = $1`,
    [staffId],
  );
  expect(settled.reassigned).toBe(true);
});

it('a renewal moves the reminder and the expiry to the new date: nothing fires at the old one', async () => {
  const { staffId, certificateId, expiresAt } = await engineerWithCertificate('Feng (engineer)', 40 * DAY_MS);
  const handle = await env.client.workflow.start(certificationWorkflow, {
    taskQueue,
    workflowId: certificationWorkflowId(certificateId),
    args: [{ certificateId, staffId, expiresAt }],
  });
  await env.sleep(DAY_MS);
  const renewed = new Date(Date.parse(expiresAt) + 365 * DAY_MS).toISOString();
  await query(`UPDATE "certificates" SET "expires_at" = $2 WHERE "id" = $1`, [certificateId, renewed]);
  await handle.signal(certificateRenewedSignal, { expiresAt: renewed });

  // Past the old expiry: still certified, no reminder for the old date.
  await env.sleep(45 * DAY_MS);
  expect(await handle.query(certificationViewQuery)).toMatchObject({ status: 'active', expiresAt: renewed });
  expect(await notificationsFor(certificateId)).toEqual([]);
  expect(await staffRow(staffId)).toEqual({ certified: true });

  // 30 days before the new expiry the reminder goes out for it.
  await env.sleep(Date.parse(renewed) - 25 * DAY_MS - (await env.currentTimeMs()));
  await eventually(async () => expect(await notificationsFor(certificateId)).toHaveLength(2));
  expect(await handle.query(certificationViewQuery)).toMatchObject({ remindedFor: renewed });
  await handle.terminate('test done');
});

it('a revocation withdraws the engineer at once and flags their open cases', async () => {
  const { staffId, certificateId, expiresAt } = await engineerWithCertificate('Wei (engineer)', 200 * DAY_MS);
  await openCaseFor(staffId, '20261122-07-0902');
  const handle = await env.client.workflow.start(certificationWorkflow, {
    taskQueue,
    workflowId: certificationWorkflowId(certificateId),
    args: [{ certificateId, staffId, expiresAt }],
  });
  // As the API does: record the revocation, then signal.
  await query(`UPDATE "certificates" SET "state" = 'revoked', "revoked_at" = now() WHERE "id" = $1`, [
    certificateId,
  ]);
  await handle.signal(certificateRevokedSignal, { reason: 'failed the audit' });
  expect(await handle.result()).toMatchObject({ status: 'revoked', flagged: 1 });
  expect(await staffRow(staffId)).toEqual({ certified: false });
  const [flag] = await query<{ reason: string }>(
    `SELECT "reason" FROM "reassignments" WHERE "staff_id" = $1`,
    [staffId],
  );
  expect(flag.reason).toBe('certificate_revoked');
  expect(await notificationsFor(certificateId)).toEqual([]);
});

it('replays its recorded history (reminder, renewal, expiry) without nondeterminism', async () => {
  const { staffId, certificateId, expiresAt } = await engineerWithCertificate('Jin (engineer)', 35 * DAY_MS);
  const handle = await env.client.workflow.start(certificationWorkflow, {
    taskQueue,
    workflowId: certificationWorkflowId(certificateId),
    args: [{ certificateId, staffId, expiresAt }],
  });
  await env.sleep(10 * DAY_MS);
  await eventually(async () => expect(await notificationsFor(certificateId)).toHaveLength(2));
  const renewed = new Date(Date.parse(expiresAt) + 10 * DAY_MS).toISOString();
  await query(`UPDATE "certificates" SET "expires_at" = $2 WHERE "id" = $1`, [certificateId, renewed]);
  await handle.signal(certificateRenewedSignal, { expiresAt: renewed });
  expect(await handle.result()).toMatchObject({ status: 'expired', expiresAt: renewed });

  const history = await handle.fetchHistory();
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(path.join(__dirname, '..', 'index.ts')) },
    history,
    handle.workflowId,
  );
});
