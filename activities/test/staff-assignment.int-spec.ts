// The assignment rules the case workflow's checkAssignable enforces on a real database — suspended staff,
// the case's product line and branch, a supervisor's override — and the flagging of an engineer's open
// cases for reassignment (once per cause, in the supervisor's inbox, settled when the case is reassigned).
import { DataSource } from 'typeorm';
import { createDataSource, flagCasesForReassignment, resolveRecipient } from '@caseflow/persistence';
import {
  createTestDatabase,
  SeededOrganisation,
  seedOrganisation,
  TestDatabase,
} from '@caseflow/persistence/testing';
import { createCaseRecordActivities } from '../case-records';
import type { CaseRecordActivities } from '../types';

let testDb: TestDatabase;
let dataSource: DataSource;
let org: SeededOrganisation;
let activities: CaseRecordActivities;
let serial = 100;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  org = await seedOrganisation(dataSource);
  await seedOrganisation(dataSource, { branchId: 'bj', branchName: 'Beijing', operatorNo: 8 });
  await dataSource.query(
    `INSERT INTO "product_lines" ("id", "name", "model_prefixes") VALUES
       ('servers', 'Servers', '{R7,"PowerEdge "}'), ('storage', 'Storage', '{ST}')`,
  );
  activities = createCaseRecordActivities({ dataSource, logger: { warn: () => undefined } });
});

afterAll(async () => {
  await dataSource?.destroy();
  await testDb?.drop();
});

const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  dataSource.query(sql, params) as Promise<T[]>;

async function openCase(fields: {
  product?: string;
  branchId?: string;
  assigneeId?: string;
}): Promise<string> {
  const number = `20261122-07-${String(serial++).padStart(4, '0')}`;
  await query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "branch_id", "product", "operator_user_id",
       "operator_username", "operator_no", "assignee_id", "received_at", "policy_id", "policy_version", "last_seq")
     VALUES ($1, 'case-' || $1, 'service_request', $5, 'phone', 'technical', 'Customer', '13900000000',
       'standard', 'Broken', $2, $3, 'u-op', 'liu', 7, $4, now(), 'default', 1, 0)`,
    [
      number,
      fields.branchId ?? 'sh',
      fields.product ?? null,
      fields.assigneeId ?? null,
      fields.assigneeId ? 'assigned' : 'new',
    ],
  );
  return number;
}

async function certify(staffId: string, productLines: string[]): Promise<void> {
  await query(
    `INSERT INTO "certificates" ("staff_id", "product_lines", "issued_at", "expires_at", "created_by")
     VALUES ($1, $2, now() - interval '1 day', now() + interval '1 year', 'test')`,
    [staffId, productLines],
  );
  await query(`SELECT "refresh_staff_certification"($1)`, [staffId]);
}

describe('checkAssignable', () => {
  it('refuses a suspended (disqualified) engineer', async () => {
    await query(`UPDATE "staff" SET "suspended_at" = now() WHERE "id" = $1`, [org.secondEngineerId]);
    try {
      await expect(activities.checkAssignable({ staffId: org.secondEngineerId })).rejects.toMatchObject({
        type: 'VALIDATION_FAILED',
        nonRetryable: true,
        details: [{ errors: { assigneeId: [expect.stringContaining('suspended')] } }],
      });
    } finally {
      await query(`UPDATE "staff" SET "suspended_at" = NULL WHERE "id" = $1`, [org.secondEngineerId]);
    }
  });

  it('requires a valid certificate for the product line of the case’s product', async () => {
    const [engineer] = await query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id")
       VALUES ('Ma (engineer, sh)', 'engineer', 'tech_support', 'sh', $1) RETURNING "id"`,
      [org.supervisorId],
    );
    await certify(engineer.id, ['storage']);
    const serverCase = await openCase({ product: 'r740xd' });
    const storageCase = await openCase({ product: 'ST2000' });
    const unknownProduct = await openCase({ product: 'Some printer' });

    await expect(
      activities.checkAssignable({ staffId: engineer.id, caseNumber: serverCase }),
    ).rejects.toMatchObject({
      type: 'VALIDATION_FAILED',
      message: expect.stringContaining('"servers"'),
    });
    await expect(
      activities.checkAssignable({ staffId: engineer.id, caseNumber: storageCase }),
    ).resolves.toMatchObject({ id: engineer.id });
    // A product of no known line needs only a valid certification.
    await expect(
      activities.checkAssignable({ staffId: engineer.id, caseNumber: unknownProduct }),
    ).resolves.toMatchObject({ id: engineer.id });

    await certify(engineer.id, ['servers']);
    await expect(
      activities.checkAssignable({ staffId: engineer.id, caseNumber: serverCase }),
    ).resolves.toMatchObject({ id: engineer.id });
  });

  it('refuses an engineer of another branch unless a supervisor overrode it, with a reason, for that case', async () => {
    const [beijing] = await query<{ id: string }>(
      `SELECT "id" FROM "staff" WHERE "branch_id" = 'bj' AND "role" = 'engineer' AND "certified" LIMIT 1`,
    );
    const number = await openCase({ branchId: 'sh' });
    await expect(
      activities.checkAssignable({ staffId: beijing.id, caseNumber: number }),
    ).rejects.toMatchObject({
      type: 'VALIDATION_FAILED',
      details: [{ errors: { assigneeId: [expect.stringContaining("not in the case's branch (sh)")] } }],
    });
    await query(
      `INSERT INTO "assignment_overrides" ("case_number", "staff_id", "reason", "by_user_id", "by_username")
       VALUES ($1, $2, 'only storage expert on duty', gen_random_uuid(), 'li')`,
      [number, beijing.id],
    );
    await expect(
      activities.checkAssignable({ staffId: beijing.id, caseNumber: number }),
    ).resolves.toMatchObject({
      id: beijing.id,
    });
    // The override is for that case only.
    const other = await openCase({ branchId: 'sh' });
    await expect(
      activities.checkAssignable({ staffId: beijing.id, caseNumber: other }),
    ).rejects.toMatchObject({
      type: 'VALIDATION_FAILED',
    });
  });
});

describe('flagCasesForReassignment', () => {
  it('flags each open case of a suspended engineer once, in the supervisor’s inbox with a due time; reassigning settles it', async () => {
    const [engineer] = await query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id", "suspended_at")
       VALUES ('Gao (engineer, sh)', 'engineer', 'tech_support', 'sh', $1, now()) RETURNING "id"`,
      [org.supervisorId],
    );
    const open = await openCase({ assigneeId: engineer.id });
    const closed = await openCase({ assigneeId: engineer.id });
    await query(`UPDATE "cases" SET "state" = 'closed' WHERE "number" = $1`, [closed]);

    const now = new Date('2026-11-22T02:00:00Z');
    const first = await dataSource.transaction((tx) =>
      flagCasesForReassignment(tx, { staffId: engineer.id, reason: 'disqualified', key: 'penalty-1', now }),
    );
    const again = await dataSource.transaction((tx) =>
      flagCasesForReassignment(tx, { staffId: engineer.id, reason: 'disqualified', key: 'penalty-1', now }),
    );
    expect([first, again]).toEqual([1, 0]);

    const flags = await query(
      `SELECT r."case_number", r."due_at", e."recipient_staff_id", e."recipient_level", n."template"
         FROM "reassignments" r JOIN "escalations" e ON e."id" = r."escalation_id"
         JOIN "notifications" n ON n."escalation_id" = e."id" WHERE r."staff_id" = $1`,
      [engineer.id],
    );
    expect(flags).toEqual([
      {
        case_number: open,
        due_at: new Date('2026-11-23T02:00:00Z'),
        recipient_staff_id: org.supervisorId,
        recipient_level: 'supervisor',
        template: 'case_reassignment_required',
      },
    ]);

    await query(`UPDATE "cases" SET "assignee_id" = $2 WHERE "number" = $1`, [open, org.engineerId]);
    const [settled] = await query<{ done: boolean }>(
      `SELECT "reassigned_at" IS NOT NULL AS done FROM "reassignments" WHERE "case_number" = $1`,
      [open],
    );
    expect(settled.done).toBe(true);
  });

  it('when the supervisor’s post is vacant the flag goes up to the manager, never to nobody', async () => {
    const [vacantSupervisor] = await query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id", "active")
       VALUES ('Left (supervisor, sh)', 'supervisor', 'tech_support', 'sh', $1, false) RETURNING "id"`,
      [org.managerId],
    );
    const [engineer] = await query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id", "suspended_at")
       VALUES ('Hu (engineer, sh)', 'engineer', 'tech_support', 'sh', $1, now()) RETURNING "id"`,
      [vacantSupervisor.id],
    );
    await openCase({ assigneeId: engineer.id });
    await dataSource.transaction((tx) =>
      flagCasesForReassignment(tx, { staffId: engineer.id, reason: 'disqualified', key: 'penalty-2' }),
    );
    const [flag] = await query<{ supervisor_staff_id: string }>(
      `SELECT "supervisor_staff_id" FROM "reassignments" WHERE "staff_id" = $1`,
      [engineer.id],
    );
    expect(flag.supervisor_staff_id).toBe(org.managerId);
  });
});

describe('escalation targets through the organisation’s units', () => {
  it('when the chart has no supervisor link, the team’s head is the supervisor and the department’s head the manager', async () => {
    const [department] = await query<{ id: string }>(
      `INSERT INTO "org_units" ("kind", "name", "department", "branch_id", "head_id")
       VALUES ('department', 'Tech support', 'tech_support', 'sh', $1) RETURNING "id"`,
      [org.managerId],
    );
    const [team] = await query<{ id: string }>(
      `INSERT INTO "org_units" ("kind", "name", "department", "branch_id", "parent_id", "head_id")
       VALUES ('team', 'Printers', 'tech_support', 'sh', $1, $2) RETURNING "id"`,
      [department.id, org.supervisorId],
    );
    const [engineer] = await query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "unit_id")
       VALUES ('Lu (engineer, sh)', 'engineer', 'tech_support', 'sh', $1) RETURNING "id"`,
      [team.id],
    );
    await expect(
      resolveRecipient(dataSource.manager, { target: 'supervisor', assigneeId: engineer.id }),
    ).resolves.toMatchObject({ staffId: org.supervisorId, level: 'supervisor' });
    await expect(
      resolveRecipient(dataSource.manager, { target: 'manager', assigneeId: engineer.id }),
    ).resolves.toMatchObject({ staffId: org.managerId, level: 'manager' });

    // The team's head leaves: the department's head takes the supervisor's step.
    await query(`UPDATE "org_units" SET "head_id" = NULL WHERE "id" = $1`, [team.id]);
    await expect(
      resolveRecipient(dataSource.manager, { target: 'supervisor', assigneeId: engineer.id }),
    ).resolves.toMatchObject({ staffId: org.managerId, level: 'manager' });
  });
});
