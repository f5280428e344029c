// The SQL draw ranks, per branch, only the customers whose keys fall in the branch's lowest buckets (a
// histogram of the keys' top bits says which). Over many seeds and branches of every size — one customer,
// a handful, hundreds; customers served by two branches; some skipped — it must still choose exactly the
// cases the pure `drawSample` chooses.
import { DataSource } from 'typeorm';
import { drawSample, sampleKey, type SampleCandidate } from '@caseflow/domain';
import { createDataSource, drawMonthSample } from '@caseflow/persistence';
import { createTestDatabase, type TestDatabase } from '@caseflow/persistence/testing';

let testDb: TestDatabase;
let db: DataSource;

// Branch sizes (customers): a lone customer, a handful, and larger branches whose seats end mid-bucket.
const BRANCH_SIZES = [1, 2, 3, 7, 12, 40, 95, 160, 230, 410];
const MONTHS = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'];
const DRAWN_AT = new Date('2026-11-30T00:00:00Z');

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDataSource(testDb.url);
  await db.initialize();
  await db.query(
    `INSERT INTO "branches" ("id", "name") SELECT 'd' || b, 'Branch ' || b FROM generate_series(0, $1 - 1) b`,
    [BRANCH_SIZES.length],
  );
});

afterAll(async () => {
  await db?.destroy();
  await testDb?.drop();
});

/** A month's population: every branch's customers; every seventh also served by the next branch. */
function population(month: string): SampleCandidate[] {
  const prefix = month.replace('-', '');
  const rows: SampleCandidate[] = [];
  let serial = 0;
  BRANCH_SIZES.forEach((size, b) => {
    for (let i = 0; i < size; i++, serial++) {
      const customerKey = `+86137${prefix}${String(serial).padStart(4, '0')}`;
      const caseNumber = `${prefix}15-0${b % 10}-${String(serial).padStart(5, '0')}`;
      rows.push({ caseNumber, customerKey, branchId: `d${b}` });
      if (serial % 7 === 0) {
        const other = `d${(b + 1) % BRANCH_SIZES.length}`;
        rows.push({
          caseNumber: `${prefix}16-09-${String(serial).padStart(5, '0')}`,
          customerKey,
          branchId: other,
        });
      }
    }
  });
  return rows;
}

async function insert(month: string, rows: SampleCandidate[]): Promise<void> {
  await db.query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id", "operator_username",
       "operator_no", "received_at", "resolved_at", "policy_id", "policy_version", "last_seq")
     SELECT r.number, 'case-' || r.number, 'service_request', 'resolved', 'phone', 'technical', 'Customer',
            r.phone, 'standard', 'Broken', r.branch, 'u', 'op', 7, $4::timestamptz, $4::timestamptz,
            'default', 1, 1
       FROM unnest($1::text[], $2::text[], $3::text[]) AS r("number", "phone", "branch")`,
    [
      rows.map((r) => r.caseNumber),
      rows.map((r) => r.customerKey),
      rows.map((r) => r.branchId),
      `${month}-15T04:00:00Z`,
    ],
  );
}

/** Two work-queue callbacks that never reached the customer: skipped from the month's sample. */
async function unreachableTwice(month: string, row: SampleCandidate): Promise<void> {
  for (const i of [1, 2]) {
    await db.query(
      `INSERT INTO "callback_tasks" ("id", "workflow_id", "case_number", "level", "state", "customer_name",
         "customer_phone", "starts_at", "max_attempts", "outcome", "closed_at", "attempts")
       VALUES ($1, 'callback-' || $1, $2, 1, 'unreachable', 'Customer', $3, $4, 3, 'unreachable', $4, 3)`,
      [`U-${row.caseNumber}-${i}`, row.caseNumber, row.customerKey, `${month}-20T04:00:00Z`],
    );
  }
}

describe('drawMonthSample over branches of every size', () => {
  it.each(MONTHS.map((m, i) => [m, 1000 + i * 200]))(
    '%s at %i bp chooses exactly the cases the pure draw chooses',
    async (month, ratioBp) => {
      const rows = population(month);
      await insert(month, rows);
      const skipped = [rows[5], rows[300]];
      for (const row of skipped) await unreachableTwice(month, row);

      const drawn = await drawMonthSample(
        db,
        { month, ratioBp, trigger: 'schedule', triggeredBy: 'system' },
        DRAWN_AT,
      );
      const expected = drawSample({
        population: rows,
        seed: drawn.seed,
        ratioBp,
        unreachableTwice: new Set(skipped.map((r) => r.customerKey)),
      });
      const chosen: { case_number: string }[] = await db.query(
        `SELECT "case_number" FROM "sample_cases" WHERE "sample_id" = $1 ORDER BY "case_number"`,
        [drawn.sampleId],
      );
      expect(chosen.map((c) => c.case_number)).toEqual(expected.chosen);
      expect(drawn.branches).toEqual(expected.branches);
      expect(drawn.skipped).toBe(2);

      // The draw is not trivially "everyone": large branches leave most customers out, and somewhere a
      // chosen customer's key lies beyond the first of the 64 buckets (so the bucket bound is exercised).
      const large = drawn.branches.find((b) => b.branchId === 'd9')!;
      expect(large.chosen).toBeLessThan(large.eligible / 4);
      const topBucket = Math.max(
        ...expected.chosen.map((n) => parseInt(sampleKey(drawn.seed, n).slice(0, 2), 16) >> 2),
      );
      expect(topBucket).toBeGreaterThan(0);
    },
  );
});
