// The month-end draw on PostgreSQL: the SQL selection is the pure `drawSample` (same seed, same cases),
// drawing is idempotent and auditable, and the callback activities (least-loaded assignment, the weekly
// summary to management) write once.
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { drawSample, type SampleCandidate } from '@caseflow/domain';
import { createDataSource, drawMonthSample } from '@caseflow/persistence';
import {
  createTestDatabase,
  seedOrganisation,
  type SeededOrganisation,
  type TestDatabase,
} from '@caseflow/persistence/testing';
import { createCallbackActivities } from '../callbacks';
import { createSamplingActivities } from '../sampling';

let testDb: TestDatabase;
let db: DataSource;
let sh: SeededOrganisation;
let bj: SeededOrganisation;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDataSource(testDb.url);
  await db.initialize();
  sh = await seedOrganisation(db);
  bj = await seedOrganisation(db, { branchId: 'bj', branchName: 'Beijing', operatorNo: 8 });
});

afterAll(async () => {
  await db?.destroy();
  await testDb?.drop();
});

interface Row extends SampleCandidate {
  state?: string;
  resolvedAt: string;
}

/** Inserts resolved cases straight into the read model (the draw reads nothing else). */
async function insertCases(rows: Row[]): Promise<void> {
  for (const r of rows) {
    await db.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
         "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
         "operator_no", "received_at", "resolved_at", "policy_id", "policy_version", "last_seq")
       VALUES ($1, 'case-' || $1, 'service_request', $2, 'phone', 'technical', 'Customer', $3, 'standard',
               'Broken', $4, 'u', 'op', 7, $5, $5, 'default', 1, 1)`,
      [r.caseNumber, r.state ?? 'resolved', r.customerKey, r.branchId || null, r.resolvedAt],
    );
  }
}

/** A November population: 140 customers in sh, 37 in bj, 3 with no branch; some customers twice. */
function november(): Row[] {
  const rows: Row[] = [];
  const add = (n: number, branchId: string, from: number) => {
    for (let i = 0; i < n; i++) {
      const serial = from + i;
      rows.push({
        caseNumber: `202611${String(1 + (serial % 28)).padStart(2, '0')}-07-${String(serial).padStart(4, '0')}`,
        // Every tenth customer called twice (a second case, possibly in the other branch).
        customerKey: `+86139${String(serial % 10 === 0 ? serial - 1 : serial).padStart(8, '0')}`,
        branchId,
        resolvedAt: `2026-11-${String(1 + (serial % 28)).padStart(2, '0')}T06:00:00Z`,
      });
    }
  };
  add(140, 'sh', 1);
  add(37, 'bj', 141);
  add(3, '', 178);
  return rows;
}

async function unreachable(caseNumber: string, phone: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await db.query(
      `INSERT INTO "callback_tasks" ("id", "workflow_id", "case_number", "level", "state", "customer_name",
         "customer_phone", "starts_at", "max_attempts", "outcome", "closed_at", "attempts")
       VALUES ($1, 'callback-' || $1, $2, 1, 'unreachable', 'Customer', $3, '2026-11-02T01:00:00Z', 3,
               'unreachable', '2026-11-03T01:00:00Z', 3)`,
      [`U-${caseNumber}-${i}`, caseNumber, phone],
    );
  }
}

const failure = async (promise: Promise<unknown>): Promise<ApplicationFailure> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
};

describe('drawSample (SQL)', () => {
  const rows = november();
  const sampling = () => createSamplingActivities({ dataSource: db });

  beforeAll(async () => {
    await insertCases(rows);
    // Outside the population: cancelled, and resolved in October.
    await insertCases([
      {
        caseNumber: '20261110-07-0900',
        customerKey: '+8613000000900',
        branchId: 'sh',
        state: 'cancelled',
        resolvedAt: '2026-11-10T06:00:00Z',
      },
      {
        caseNumber: '20261030-07-0901',
        customerKey: '+8613000000901',
        branchId: 'sh',
        resolvedAt: '2026-10-30T06:00:00Z',
      },
    ]);
    // Two customers were unreachable twice this month, one only once.
    await unreachable(rows[4].caseNumber, rows[4].customerKey, 2);
    await unreachable(rows[150].caseNumber, rows[150].customerKey, 2);
    await unreachable(rows[5].caseNumber, rows[5].customerKey, 1);
    // A case's own level-1 and level-2 callbacks that never reached the customer count too (twice: skipped);
    // one that reached them at the second try does not.
    const call = (key: string, caseNumber: string, level: number, reached: boolean) =>
      db.query(
        `INSERT INTO "callbacks" ("idempotency_key", "case_number", "level", "reached", "satisfaction",
           "caller_user_id", "recorded_at") VALUES ($1, $2, $3, $4, $5, 'qa', '2026-11-12T03:00:00Z')`,
        [key, caseNumber, level, reached, reached ? 4 : null],
      );
    await call('case-a:1', rows[20].caseNumber, 1, false);
    await call('case-a:2', rows[20].caseNumber, 1, false);
    await call('case-a:3', rows[20].caseNumber, 2, false);
    await call('case-b:1', rows[21].caseNumber, 1, false);
    await call('case-b:2', rows[21].caseNumber, 2, false);
    await call('case-b:3', rows[21].caseNumber, 2, true);
  });

  it('chooses exactly the cases the pure draw chooses for the stored seed, and records the audit trail', async () => {
    const preview = await sampling().drawSample({
      month: '2026-11',
      ratioBp: 1500,
      trigger: 'admin',
      triggeredBy: 'admin',
      preview: true,
    });
    const drawn = await sampling().drawSample({
      month: '2026-11',
      ratioBp: 1500,
      trigger: 'admin',
      triggeredBy: 'admin',
    });
    expect(drawn.seed).toBe(preview.seed); // the month's seed was generated once
    expect(drawn).toMatchObject({ created: true, chosen: preview.chosen, population: preview.population });

    const expected = drawSample({
      population: rows,
      seed: drawn.seed,
      ratioBp: 1500,
      unreachableTwice: new Set([rows[4].customerKey, rows[150].customerKey, rows[20].customerKey]),
    });
    const chosen: { case_number: string }[] = await db.query(
      `SELECT "case_number" FROM "sample_cases" WHERE "sample_id" = $1 ORDER BY "case_number"`,
      [drawn.sampleId],
    );
    expect(chosen.map((c) => c.case_number)).toEqual(expected.chosen);
    expect(drawn.branches).toEqual(expected.branches);
    expect(drawn.skipped).toBe(3);
    expect(drawn.branches.map((b) => b.branchId)).toEqual(['', 'bj', 'sh']);
    expect(drawn.branches.every((b) => b.chosen >= 1)).toBe(true);

    const [audit] = await db.query(`SELECT * FROM "samples" WHERE "id" = $1`, [drawn.sampleId]);
    expect(audit).toMatchObject({
      month: '2026-11',
      ratio_bp: 1500,
      seed: drawn.seed,
      trigger: 'admin',
      triggered_by: 'admin',
    });

    const page = await sampling().sampledCases({ sampleId: drawn.sampleId!, limit: 5 });
    expect(page.map((p) => p.caseNumber)).toEqual(expected.chosen.slice(0, 5));
    expect(page[0]).toMatchObject({ category: 'technical', customer: { name: 'Customer' } });
  });

  it('answers the stored sample for a repeated draw, and refuses an admin’s different ratio with its id', async () => {
    const first = await sampling().drawSample({
      month: '2026-11',
      ratioBp: 1500,
      trigger: 'admin',
      triggeredBy: 'admin',
    });
    expect(first.created).toBe(false);
    const conflict = await failure(
      sampling().drawSample({ month: '2026-11', ratioBp: 2000, trigger: 'admin', triggeredBy: 'admin' }),
    );
    expect(conflict.type).toBe('CONFLICT');
    expect(conflict.details).toEqual([{ sampleId: first.sampleId, ratio: 0.15 }]);
    // The schedule coming late to a month an admin already drew takes the stored sample.
    const scheduled = await sampling().drawSample({
      month: '2026-11',
      ratioBp: 2000,
      trigger: 'schedule',
      triggeredBy: 'system',
    });
    expect(scheduled).toMatchObject({ sampleId: first.sampleId, ratioBp: 1500, created: false });
  });

  it('refuses a month that has not begun and a ratio outside 10–20 %', async () => {
    const future = await failure(
      drawMonthSample(
        db,
        { month: '2026-12', ratioBp: 1500, trigger: 'admin', triggeredBy: 'a' },
        new Date('2026-11-20T00:00:00Z'),
      ),
    );
    expect(future.type).toBe('VALIDATION_FAILED');
    const ratio = await failure(
      sampling().drawSample({ month: '2026-10', ratioBp: 2500, trigger: 'admin', triggeredBy: 'a' }),
    );
    expect(ratio.type).toBe('VALIDATION_FAILED');
  });

  it('refuses an admin draw before the month has ended at midnight in the calendar’s zone, unless forced', async () => {
    const input = { month: '2025-03', ratioBp: 1500, trigger: 'admin' as const, triggeredBy: 'a' };
    // 23:59 on 31 March in Shanghai is still March; 00:00 on 1 April (16:00 UTC) has ended it.
    const early = await failure(drawMonthSample(db, input, new Date('2025-03-31T15:59:00Z')));
    expect(early.type).toBe('VALIDATION_FAILED');
    expect(early.details?.[0]).toEqual({ errors: { month: [expect.stringMatching(/has not ended/)] } });
    expect(await db.query(`SELECT 1 FROM "samples" WHERE "month" = '2025-03'`)).toHaveLength(0);
    // The schedule draws at its own time; a preview shows the month so far.
    const preview = await drawMonthSample(db, { ...input, preview: true }, new Date('2025-03-31T15:59:00Z'));
    expect(preview).toMatchObject({ created: false, cases: [] });
    const forced = await drawMonthSample(
      db,
      { ...input, force: { reason: 'auditors in on Monday' } },
      new Date('2025-03-31T15:59:00Z'),
    );
    expect(forced.created).toBe(true);
    const [row] = await db.query(`SELECT "force_reason" FROM "samples" WHERE "month" = '2025-03'`);
    expect(row).toEqual({ force_reason: 'auditors in on Monday' });
    const onTime = await drawMonthSample(
      db,
      { ...input, month: '2025-04' },
      new Date('2025-04-30T16:00:00Z'),
    );
    expect(onTime.created).toBe(true);
  });

  it('counts a customer by record, not by phone: one customer calling from two phones is one customer, sampled once', async () => {
    const [{ id }]: { id: string }[] = await db.query(
      `INSERT INTO "customers" ("name") VALUES ('Li Lei') RETURNING "id"`,
    );
    await insertCases([
      {
        caseNumber: '20260902-07-0001',
        customerKey: '+8613800000001',
        branchId: 'sh',
        resolvedAt: '2026-09-02T06:00:00Z',
      },
      {
        caseNumber: '20260903-07-0001',
        customerKey: '+8613800000002',
        branchId: 'sh',
        resolvedAt: '2026-09-03T06:00:00Z',
      },
      {
        caseNumber: '20260904-07-0001',
        customerKey: '+8613800000003',
        branchId: 'sh',
        resolvedAt: '2026-09-04T06:00:00Z',
      },
    ]);
    await db.query(`UPDATE "cases" SET "customer_id" = $1 WHERE "number" = ANY ($2::text[])`, [
      id,
      ['20260902-07-0001', '20260903-07-0001'],
    ]);
    const drawn = await sampling().drawSample({
      month: '2026-09',
      ratioBp: 2000,
      trigger: 'admin',
      triggeredBy: 'a',
    });
    expect(drawn).toMatchObject({ created: true, population: 2, chosen: 1 });
  });

  it('draws nothing from an empty month, and says so', async () => {
    const empty = await sampling().drawSample({
      month: '2025-02',
      ratioBp: 1500,
      trigger: 'admin',
      triggeredBy: 'a',
    });
    expect(empty).toMatchObject({ created: true, population: 0, chosen: 0, branches: [] });
  });
});

describe('callback activities', () => {
  const callbacks = () => createCallbackActivities({ dataSource: db });
  const task = (id: string, caseNumber: string) => ({
    callbackId: id,
    workflowId: `callback-${id}`,
    seq: 1,
    caseNumber,
    level: 3 as const,
    state: 'open' as const,
    customer: { name: 'Customer', phone: '+8613900000001', tier: 'standard' as const },
    startsAt: '2026-12-01T01:00:00Z',
    attempts: 0,
    maxAttempts: 3,
    breached: false,
  });

  it('assigns each callback to the least-loaded member of the quality desk, and keeps it there', async () => {
    await db.query(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id") VALUES ('Ma (quality desk)', 'quality', 'quality_desk', 'sh')`,
    );
    const caseNumber = november()[0].caseNumber;
    const assigned: string[] = [];
    for (const id of ['A1', 'A2', 'A3', 'A4']) {
      await callbacks().recordCallbackTask(task(id, caseNumber));
      assigned.push((await callbacks().assignCallback({ callbackId: id }))!.staffId);
    }
    const counts = assigned.reduce<Record<string, number>>((c, s) => ({ ...c, [s]: (c[s] ?? 0) + 1 }), {});
    expect(Object.values(counts).sort()).toEqual([1, 1, 2]); // three on the desk (two seeded + Ma)
    expect((await callbacks().assignCallback({ callbackId: 'A1' }))!.staffId).toBe(assigned[0]);
    // A retried, older write never rolls the row back.
    await callbacks().recordCallbackTask({
      ...task('A1', caseNumber),
      seq: 3,
      state: 'done',
      outcome: 'satisfied',
    });
    await callbacks().recordCallbackTask({ ...task('A1', caseNumber), seq: 2, state: 'retry_scheduled' });
    const [row] = await db.query(
      `SELECT "state", "assignee_staff_id" FROM "callback_tasks" WHERE "id" = 'A1'`,
    );
    expect(row).toEqual({ state: 'done', assignee_staff_id: assigned[0] });
  });

  it('sends the weekly summary to management once, with callbacks, reached %, satisfaction and reopened cases', async () => {
    const [a, b] = november();
    const attempt = (key: string, caseNumber: string, reached: boolean, satisfaction: number | null) =>
      db.query(
        `INSERT INTO "callbacks" ("idempotency_key", "case_number", "level", "reached", "satisfaction", "caller_user_id", "recorded_at")
         VALUES ($1, $2, 2, $3, $4, 'qa', '2026-11-17T03:00:00Z')`,
        [key, caseNumber, reached, satisfaction],
      );
    await attempt('w1', a.caseNumber, true, 5);
    await attempt('w2', b.caseNumber, false, null);
    await attempt('w3', b.caseNumber, true, 2);
    await db.query(
      `INSERT INTO "case_events" ("case_number", "seq", "at", "type", "actor", "summary", "data")
       VALUES ($1, 2, '2026-11-17T03:00:00Z', 'reopened', 'qa', 'Reopened', '{"callbackLevel": 2}')`,
      [b.caseNumber],
    );
    // A level-3 callback on a's closed case opened a new linked case this week.
    await callbacks().recordCallbackTask({
      ...task('W1', a.caseNumber),
      seq: 9,
      state: 'done',
      outcome: 'not_satisfied',
      reopenedCaseNumber: '20261117-00-0001',
      closedAt: '2026-11-17T04:00:00Z',
    });
    const input = { weekStart: '2026-11-16', weekEnd: '2026-11-22', timeZone: 'Asia/Shanghai' };
    const result = await callbacks().writeWeeklySummary(input);
    await callbacks().writeWeeklySummary(input);
    expect(result).toEqual({ callbacksDone: 2, recipients: 4 }); // manager + GM office of both branches
    const [stored] = await db.query(
      `SELECT "summary" FROM "callback_summaries" WHERE "week_start" = '2026-11-16'`,
    );
    expect(stored.summary.total).toEqual({
      done: 2,
      reached: 2,
      reachedPercent: 100,
      satisfaction: 3.5,
      reopened: 2,
    });
    const sent: { recipient_staff_id: string; channel: string; data: { summary: string } }[] = await db.query(
      `SELECT "recipient_staff_id", "channel", "data" FROM "notifications" WHERE "template" = 'weekly_summary'`,
    );
    expect(sent).toHaveLength(8); // in-app and e-mail, once each
    expect(new Set(sent.map((s) => s.recipient_staff_id))).toEqual(
      new Set([sh.managerId, sh.gmOfficeId, bj.managerId, bj.gmOfficeId]),
    );
    expect(sent[0].data.summary).toContain('All: 2 callbacks, 100 % reached, satisfaction 3.5/5, 2 reopened');
  });
});
