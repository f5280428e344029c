// The compliance report's summary (`commitment_facts`) kept by the writes themselves: a commitment re-planned,
// met, breached or cancelled, a case reassigned or moved, a complaint moved, a case deleted — each written the
// way the activities write it (one statement that bumps the case, drops the commitments it no longer has and
// upserts the others) or as a plain UPDATE, then the report read back. Expected figures are the fixture's,
// counted here; after every step the summary must equal the commitments joined with their cases again.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { CommitmentFacts1795491000000 } from '../migrations/1795491000000-CommitmentFacts';
import { createTestDatabase, type TestDatabase } from '../testing';
import { breachesReport, complianceReport, type ComplianceRow, type ReportWindow } from '.';

const SH = 'Asia/Shanghai';
const NOV: ReportWindow = { from: '2026-11-01', to: '2026-12-01', timeZone: SH };
const DEC: ReportWindow = { from: '2026-12-01', to: '2027-01-01', timeZone: SH };

let testDb: TestDatabase;
let db: DataSource;
const staff = { chen: randomUUID(), zhao: randomUUID() };
const teams = { support: randomUUID(), alpha: randomUUID(), beta: randomUUID() };

interface Commitment {
  id: string;
  status: 'running' | 'met' | 'cancelled';
  startedAt: string;
  dueAt: string;
  metAt?: string;
  breached?: boolean;
}

/** A case's commitments written as the case-records activity writes them: in one statement with the case. */
async function replaceCommitments(number: string, commitments: Commitment[]): Promise<void> {
  await db.query(
    `WITH "case_row" AS (
       UPDATE "cases" SET "last_seq" = "last_seq" + 1 WHERE "number" = $1 RETURNING "number"),
     "dropped" AS (
       DELETE FROM "commitments" WHERE "case_number" IN (SELECT "number" FROM "case_row")
         AND NOT ("commitment_id" = ANY ($2::text[])))
     INSERT INTO "commitments" ("case_number", "commitment_id", "kind", "status", "policy_version", "started_at",
       "due_at", "breached", "breached_at", "met_at", "remaining_ms")
     SELECT r."number", x."id", x."id", x."status", 1, x."startedAt", x."dueAt", COALESCE(x."breached", false),
            CASE WHEN x."breached" THEN x."dueAt" END, x."metAt", 0
       FROM "case_row" r CROSS JOIN jsonb_to_recordset($3::jsonb) AS x("id" text, "status" text,
            "startedAt" timestamptz, "dueAt" timestamptz, "metAt" timestamptz, "breached" boolean)
     ON CONFLICT ("case_number", "commitment_id") DO UPDATE SET "status" = EXCLUDED."status",
       "due_at" = EXCLUDED."due_at", "breached" = EXCLUDED."breached", "breached_at" = EXCLUDED."breached_at",
       "met_at" = EXCLUDED."met_at"`,
    [number, commitments.map((c) => c.id), JSON.stringify(commitments)],
  );
}

async function insertCase(number: string, assignee: string | null, branch = 'sh'): Promise<void> {
  await db.query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
       "operator_no", "assignee_id", "routing_department", "received_at", "reopen_count", "policy_id",
       "policy_version", "last_seq")
     VALUES ($1, 'case-' || $1, 'service_request', 'in_progress', 'phone', 'technical', 'Customer', '1301',
       'standard', 'x', $2, 'u', 'op7', 7, $3, 'tech_support', '2026-11-02T02:00:00Z', 0, 'default', 1, 1)`,
    [number, branch, assignee],
  );
}

const FIRST_CONTACT: Commitment = {
  id: 'first_contact',
  status: 'running',
  startedAt: '2026-11-02T02:00:00Z',
  dueAt: '2026-11-02T03:00:00Z',
};
const HANDLER_RESULT: Commitment = {
  id: 'handler_result',
  status: 'running',
  startedAt: '2026-11-02T02:00:00Z',
  dueAt: '2026-11-04T02:00:00Z',
};

const row = (rows: ComplianceRow[], dimension: ComplianceRow['dimension'], key: string | null = null) =>
  rows.find((r) => r.dimension === dimension && r.key === key);

/** The summary must be exactly the counted commitments joined with their case or complaint, as they stand. */
async function expectSummaryInStep(): Promise<void> {
  const columns = `"subject", "number", "commitment_id", "kind", "started_at", "due_at", "met_at", "breached",
    "breached_at", "branch_id", "department", "engineer_id"`;
  const summary: unknown[] = await db.query(`SELECT ${columns} FROM "commitment_facts" ORDER BY 1, 2, 3`);
  const recounted: unknown[] = await db.query(
    `SELECT ${columns} FROM (
       SELECT 'case' AS "subject", m."case_number" AS "number", m."commitment_id", m."kind", m."started_at",
              m."due_at", m."met_at", m."breached", m."breached_at", c."branch_id",
              COALESCE(c."department", c."routing_department", 'tech_support') AS "department",
              c."assignee_id" AS "engineer_id", m."status"
         FROM "commitments" m JOIN "cases" c ON c."number" = m."case_number"
       UNION ALL
       SELECT 'complaint', m."complaint_number", m."commitment_id", m."kind", m."started_at", m."due_at",
              m."met_at", m."breached", m."breached_at", p."branch_id", p."department", NULL, m."status"
         FROM "complaint_commitments" m JOIN "complaints" p ON p."number" = m."complaint_number"
     ) x WHERE "due_at" IS NOT NULL AND "status" <> 'cancelled' ORDER BY 1, 2, 3`,
  );
  expect(summary).toEqual(recounted);
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDataSource(testDb.url);
  await db.initialize();
  await db.query(`INSERT INTO "branches" ("id", "name") VALUES ('sh', 'Shanghai'), ('bj', 'Beijing')`);
  await db.query(
    `INSERT INTO "org_units" ("id", "kind", "name", "department") VALUES ($1, 'department', 'Support', 'tech_support')`,
    [teams.support],
  );
  await db.query(
    `INSERT INTO "org_units" ("id", "kind", "name", "department", "parent_id") VALUES
       ($1, 'team', 'Alpha', 'tech_support', $3), ($2, 'team', 'Beta', 'tech_support', $3)`,
    [teams.alpha, teams.beta, teams.support],
  );
  for (const [id, name, unit] of [
    [staff.chen, 'Chen', teams.alpha],
    [staff.zhao, 'Zhao', teams.beta],
  ]) {
    await db.query(
      `INSERT INTO "staff" ("id", "name", "department", "branch_id", "role", "certified", "unit_id")
       VALUES ($1, $2, 'tech_support', 'sh', 'engineer', true, $3)`,
      [id, name, unit],
    );
  }
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await testDb?.drop();
});

describe('the compliance summary follows every write of a commitment', () => {
  it('counts a re-planned commitment in the month it is now due, no longer in the month it was due', async () => {
    await insertCase('r01', staff.chen);
    await replaceCommitments('r01', [FIRST_CONTACT, HANDLER_RESULT]);
    expect(row(await complianceReport(db, NOV), 'total')).toMatchObject({ due: 2 });

    await replaceCommitments('r01', [FIRST_CONTACT, { ...HANDLER_RESULT, dueAt: '2026-12-02T02:00:00Z' }]);
    const nov = await complianceReport(db, NOV);
    expect(row(nov, 'total')).toMatchObject({ due: 1 });
    expect(row(nov, 'kind', 'handler_result')).toBeUndefined();
    expect(row(await complianceReport(db, DEC), 'kind', 'handler_result')).toMatchObject({ due: 1 });
    await expectSummaryInStep();
  });

  it('counts a commitment met in time as met on time, and one breached as breached, with its time to meet', async () => {
    await insertCase('r02', staff.chen);
    await replaceCommitments('r02', [FIRST_CONTACT, HANDLER_RESULT]);
    await replaceCommitments('r02', [
      { ...FIRST_CONTACT, status: 'met', metAt: '2026-11-02T02:20:00Z' },
      { ...HANDLER_RESULT, breached: true },
    ]);
    const rows = await complianceReport(db, { ...NOV, from: '2026-11-02', to: '2026-11-03' });
    expect(row(rows, 'kind', 'first_contact')).toMatchObject({
      metOnTime: 1,
      breached: 0,
      medianMinutesToMeet: 20,
    });
    const breaches = await breachesReport(db, NOV);
    expect(breaches.filter((b) => b.number === 'r02').map((b) => b.commitmentId)).toEqual(['handler_result']);
    await expectSummaryInStep();
  });

  it('drops a commitment the case no longer has, and one cancelled', async () => {
    await insertCase('r03', staff.zhao);
    await replaceCommitments('r03', [FIRST_CONTACT, HANDLER_RESULT]);
    const before = row(await complianceReport(db, NOV), 'engineer', staff.zhao)!.due;
    await replaceCommitments('r03', [{ ...FIRST_CONTACT, status: 'cancelled' }]);
    expect(row(await complianceReport(db, NOV), 'engineer', staff.zhao)?.due ?? 0).toBe(before - 2);
    await expectSummaryInStep();
  });

  it("moves a reassigned case's commitments to the new engineer and team, and a moved case's to its branch and department", async () => {
    await insertCase('r04', staff.chen);
    await replaceCommitments('r04', [FIRST_CONTACT, HANDLER_RESULT]);
    const before = await complianceReport(db, NOV);
    const chen = row(before, 'engineer', staff.chen)!.due;
    const zhao = row(before, 'engineer', staff.zhao)?.due ?? 0;

    await db.query(
      `UPDATE "cases" SET "assignee_id" = $1, "branch_id" = 'bj', "department" = 'product_division' WHERE "number" = 'r04'`,
      [staff.zhao],
    );
    const after = await complianceReport(db, NOV);
    expect(row(after, 'engineer', staff.chen)!.due).toBe(chen - 2);
    expect(row(after, 'engineer', staff.zhao)).toMatchObject({ name: 'Zhao', due: zhao + 2 });
    expect(row(after, 'team', teams.beta)).toMatchObject({ name: 'Beta', due: zhao + 2 });
    expect(row(after, 'branch', 'bj')).toMatchObject({ name: 'Beijing', due: 2 });
    expect(row(await complianceReport(db, { ...NOV, department: 'product_division' }), 'total')).toMatchObject({
      due: 2,
    });
    expect(row(await complianceReport(db, { ...NOV, branch: 'bj' }), 'total')).toMatchObject({ due: 2 });
    await expectSummaryInStep();
  });

  it("forgets a deleted case's commitments, and counts a complaint's in the branch and department it moved to", async () => {
    await db.query(`DELETE FROM "cases" WHERE "number" = 'r04'`);
    expect(row(await complianceReport(db, NOV), 'branch', 'bj')).toBeUndefined();

    await db.query(
      `INSERT INTO "complaints" ("number", "workflow_id", "state", "source", "category", "complexity", "department",
         "customer_name", "customer_phone", "customer_tier", "description", "branch_id", "raised_by", "received_at",
         "round", "round_limit", "policy_id", "policy_version", "view", "last_seq", "updated_at")
       VALUES ('q01', 'complaint-q01', 'in_handling', 'phone', 'service', 'simple', 'customer_service', 'Customer',
         '1399', 'standard', 'x', 'sh', 'u', '2026-11-04T02:00:00Z', 1, 5, 'complaints', 1, '{}', 1, now())`,
    );
    await db.query(
      `INSERT INTO "complaint_commitments" ("complaint_number", "commitment_id", "round", "kind", "status",
         "policy_version", "started_at", "due_at", "breached", "met_at")
       VALUES ('q01', 'complaint_contact#1', 1, 'complaint_contact', 'running', 1, '2026-11-04T02:00:00Z',
         '2026-11-05T02:00:00Z', false, NULL)`,
    );
    await db.query(`UPDATE "complaints" SET "branch_id" = 'bj', "department" = 'tech_support' WHERE "number" = 'q01'`);
    expect(row(await complianceReport(db, { ...NOV, branch: 'bj' }), 'kind', 'complaint_contact')).toMatchObject({
      due: 1,
    });
    expect(
      row(await complianceReport(db, { ...NOV, department: 'customer_service' }), 'kind', 'complaint_contact'),
    ).toBeUndefined();
    await expectSummaryInStep();
  });

  it('is backfilled by its migration from the commitments written before it existed', async () => {
    const before = await complianceReport(db, NOV);
    const runner = db.createQueryRunner();
    try {
      await new CommitmentFacts1795491000000().down(runner);
      await insertCase('r05', staff.chen);
      await db.query(
        `INSERT INTO "commitments" ("case_number", "commitment_id", "kind", "status", "policy_version", "started_at",
           "due_at", "breached", "remaining_ms")
         VALUES ('r05', 'first_contact', 'first_contact', 'running', 1, '2026-11-02T02:00:00Z', '2026-11-02T03:00:00Z', false, 0)`,
      );
      await new CommitmentFacts1795491000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(row(await complianceReport(db, NOV), 'total')!.due).toBe(row(before, 'total')!.due + 1);
    await expectSummaryInStep();
  });
});
