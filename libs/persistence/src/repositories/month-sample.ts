// The month-end sample's draw, for the sampling activity and the API's samples page alike: the draw runs in PostgreSQL (one sort of the month's population,
// then a ranking of only the customers that can be chosen; never its rows in memory) and writes the audit
// record; the activity returns numbers, not rows.
//
// The SQL is the same function as `drawSample` in libs/domain/src/sampling.ts (which the tests compare it
// with): key = the first 60 bits of md5(seed || ':' || case number) as a bigint, one case per
// customer (its record, `cases.customer_id`; its phone for a case naming none) (the smallest key), customers unreachable twice this month skipped, per-branch seats from
// `allocateSample`, each branch taking its smallest keys.
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  allocateSample,
  DomainErrorCode,
  isValidRatioBp,
  MONTH_PATTERN,
  nextMonth,
  SAMPLE_KEY_HEX_DIGITS,
} from '@caseflow/domain';
import { DEFAULT_CALENDAR_ID, TimeZone } from '@caseflow/sla';
import { refusal } from './refusal';

export interface SampleBranch {
  branchId: string;
  population: number;
  skipped: number;
  eligible: number;
  chosen: number;
}

export interface DrawSampleInput {
  /** `yyyy-mm`. */
  month: string;
  ratioBp: number;
  trigger: 'schedule' | 'admin';
  /** A username, or 'system' for the schedule. */
  triggeredBy: string;
  /** Compute only: nothing is stored but the month's seed (so the draw will choose the same). */
  preview?: boolean;
  /**
   * An admin's draw of a month that has not ended yet (in the sampling calendar's time zone), with the
   * reason, which is recorded with the sample. Without it such a draw is refused.
   */
  force?: { reason: string };
}

/** A case a preview would choose. */
export interface PreviewedCase {
  caseNumber: string;
  branchId: string;
  customerName: string;
  customerPhone: string;
}

/** A draw's numbers (never its rows: the chosen cases stay in `sample_cases`). */
export interface DrawSampleResult {
  sampleId?: string;
  month: string;
  ratioBp: number;
  seed: string;
  population: number;
  skipped: number;
  chosen: number;
  branches: SampleBranch[];
  /** False when the month had been drawn already (the stored sample is answered). */
  created: boolean;
  /** A preview only (never a workflow's activity result): the cases the draw would choose. */
  cases?: PreviewedCase[];
}

/** A `samples` row's figures, as the draw reads them back. */
export interface SampleRow {
  id: string;
  month: string;
  ratio_bp: number;
  seed: string;
  population: number;
  skipped: number;
  chosen: number;
  branches: SampleBranch[];
}

/** The first and last instant (exclusive) of a month in a time zone. */
export function monthBounds(month: string, timeZone: string): { from: Date; to: Date } {
  const zone = TimeZone.of(timeZone);
  const start = (m: string) => zone.instantAt(Date.parse(`${m}-01T00:00:00Z`));
  return { from: new Date(start(month)), to: new Date(start(nextMonth(month))) };
}

/**
 * Draws (or previews) a month's sample. Idempotent: a month already drawn answers its stored sample; an
 * admin asking for it again with a different ratio is refused (CONFLICT, with the sample's id); the
 * schedule takes the stored one whatever its ratio (an admin drew it by hand first). An admin's draw of a
 * month that has not ended is refused unless forced with a reason. `onDrawn` runs in the draw's
 * transaction when a sample is stored (the API's audit entry).
 */
export async function drawMonthSample(
  dataSource: DataSource,
  input: DrawSampleInput,
  now: Date = new Date(),
  onDrawn?: (tx: EntityManager, sampleId: string) => Promise<void>,
): Promise<DrawSampleResult> {
  const { month, ratioBp } = input;
  if (!MONTH_PATTERN.test(month))
    throw fieldRefusal(DomainErrorCode.ValidationFailed, 'month', 'must be yyyy-mm');
  if (!isValidRatioBp(ratioBp))
    throw fieldRefusal(DomainErrorCode.ValidationFailed, 'ratio', 'must be between 10 % and 20 %');
  const timeZone = await calendarZone(dataSource);
  const { from, to } = monthBounds(month, timeZone);
  if (from.getTime() > now.getTime())
    throw fieldRefusal(
      DomainErrorCode.ValidationFailed,
      'month',
      `${month} has not begun: it cannot be drawn yet`,
    );
  if (input.trigger === 'admin' && !input.preview && !input.force && to.getTime() > now.getTime())
    throw fieldRefusal(
      DomainErrorCode.ValidationFailed,
      'month',
      `${month} has not ended yet (it ends at ${to.toISOString()}, midnight in ${timeZone}): draw it then, ` +
        'or force the draw with a reason',
    );

  return dataSource.transaction(async (tx) => {
    // The month's seed: generated once; the row lock serialises draws of the same month.
    await tx.query(
      `INSERT INTO "sample_seeds" ("month", "seed") VALUES ($1, md5(gen_random_uuid()::text))
       ON CONFLICT ("month") DO NOTHING`,
      [month],
    );
    const [{ seed }]: { seed: string }[] = await tx.query(
      `SELECT "seed" FROM "sample_seeds" WHERE "month" = $1 FOR UPDATE`,
      [month],
    );
    const [existing]: SampleRow[] = await tx.query(`SELECT * FROM "samples" WHERE "month" = $1`, [month]);
    if (existing && !input.preview) {
      if (input.trigger === 'admin' && existing.ratio_bp !== ratioBp) {
        throw refusal({
          type: DomainErrorCode.Conflict,
          message: `${month} was already drawn at ${existing.ratio_bp / 100} % (sample ${existing.id}); a month is drawn once`,
          details: [{ sampleId: existing.id, ratio: existing.ratio_bp / 10_000 }],
        });
      }
      return toResult(existing, false);
    }

    // The month's customers (one row each, with their key), sorted once per customer in memory, then
    // counted per branch with a histogram of their keys' top bits.
    await tx.query(`SET LOCAL work_mem = '256MB'`);
    // Hashing a million case numbers is most of the work, and the planner does not cost md5 per row: let
    // it scan and pre-sort in parallel workers (when the server has them to spare).
    await tx.query(`SET LOCAL parallel_setup_cost = 0`);
    await tx.query(`SET LOCAL parallel_tuple_cost = 0`);
    await tx.query(
      `CREATE TEMP TABLE "sample_population" ON COMMIT DROP AS
       WITH "served" AS (
         -- A customer is its record (a case that names none: its phone), so no customer twice in one month.
         SELECT "number", "customer_phone", COALESCE("customer_id"::text, "customer_phone") AS "customer_key",
                COALESCE("branch_id", '') AS "branch",
                ('x' || left(md5($1 || ':' || "number"), ${SAMPLE_KEY_HEX_DIGITS}))::bit(${SAMPLE_KEY_HEX_DIGITS * 4})::bigint AS "key"
           FROM "cases"
          WHERE "kind" IN ('service_request', 'inquiry') AND "state" <> 'cancelled'
            AND (("resolved_at" >= $2 AND "resolved_at" < $3) OR ("closed_at" >= $2 AND "closed_at" < $3))
       ), "customers" AS (
         SELECT DISTINCT ON ("customer_key") *
           FROM "served"
          ORDER BY "customer_key", "key", "number" COLLATE "C"
       ), "unreachable" AS (
         -- Callbacks this month that never reached the customer: work-queue callbacks recorded
         -- unreachable, and a case's own level-1/2 callbacks whose every attempt missed.
         SELECT "customer_key" FROM (
           SELECT COALESCE(k."customer_id"::text, t."customer_phone") AS "customer_key"
             FROM "callback_tasks" t LEFT JOIN "cases" k ON k."number" = t."case_number"
            WHERE t."outcome" = 'unreachable' AND t."closed_at" >= $2 AND t."closed_at" < $3
           UNION ALL
           SELECT COALESCE(k."customer_id"::text, k."customer_phone")
             FROM "callbacks" cb JOIN "cases" k ON k."number" = cb."case_number"
            WHERE cb."recorded_at" >= $2 AND cb."recorded_at" < $3 AND cb."idempotency_key" NOT LIKE 'callback-%'
            GROUP BY k."customer_id", k."customer_phone", cb."case_number", cb."level"
           HAVING NOT bool_or(cb."reached")
         ) "missed"
          GROUP BY "customer_key" HAVING count(*) >= 2
       )
       SELECT c."number", c."customer_phone", c."branch", c."key", u."customer_key" IS NOT NULL AS "skipped"
         FROM "customers" c LEFT JOIN "unreachable" u ON u."customer_key" = c."customer_key"`,
      [seed, from, to],
    );
    // Per branch: skipped customers (bucket -1) and eligible ones by the top bits of their key.
    const histogram: { branch: string; bucket: number; customers: number }[] = await tx.query(
      `SELECT "branch", CASE WHEN "skipped" THEN -1 ELSE ("key" >> ${KEY_BITS - BUCKET_BITS})::int END AS "bucket",
              count(*)::int AS "customers"
         FROM "sample_population" GROUP BY 1, 2 ORDER BY "branch" COLLATE "C", "bucket"`,
    );
    const counts = branchCounts(histogram);
    const allocation = allocateSample(
      counts.map((c) => ({ branchId: c.branch, eligible: c.population - c.skipped })),
      ratioBp,
    );
    const branches: SampleBranch[] = counts.map((c) => ({
      branchId: c.branch,
      population: c.population,
      skipped: c.skipped,
      eligible: c.population - c.skipped,
      chosen: allocation.get(c.branch) ?? 0,
    }));
    const totals = {
      population: branches.reduce((s, b) => s + b.population, 0),
      skipped: branches.reduce((s, b) => s + b.skipped, 0),
      chosen: branches.reduce((s, b) => s + b.chosen, 0),
    };
    if (input.preview) {
      const cases = await previewChosen(tx, branches, counts);
      return { month, ratioBp, seed, ...totals, branches, created: false, cases };
    }
    const [{ id }]: { id: string }[] = await tx.query(
      `INSERT INTO "samples" ("month", "ratio_bp", "seed", "population", "skipped", "chosen", "branches",
                              "trigger", "triggered_by", "force_reason")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING "id"`,
      [
        month,
        ratioBp,
        seed,
        totals.population,
        totals.skipped,
        totals.chosen,
        JSON.stringify(branches),
        input.trigger,
        input.triggeredBy,
        input.force?.reason ?? null,
      ],
    );
    await insertChosen(tx, id, branches, counts);
    await onDrawn?.(tx, id);
    return { sampleId: id, month, ratioBp, seed, ...totals, branches, created: true };
  });
}

const KEY_BITS = SAMPLE_KEY_HEX_DIGITS * 4;
/** The histogram's resolution: a branch ranks only the customers whose keys fall in its lowest buckets. */
const BUCKET_BITS = 6;

interface BranchCounts {
  branch: string;
  population: number;
  skipped: number;
  /** Eligible customers by the top bits of their key. */
  buckets: Map<number, number>;
}

function branchCounts(histogram: { branch: string; bucket: number; customers: number }[]): BranchCounts[] {
  const counts: BranchCounts[] = [];
  for (const { branch, bucket, customers } of histogram) {
    let c = counts[counts.length - 1];
    if (c?.branch !== branch) counts.push((c = { branch, population: 0, skipped: 0, buckets: new Map() }));
    c.population += customers;
    if (bucket < 0) c.skipped += customers;
    else c.buckets.set(bucket, customers);
  }
  return counts;
}

/**
 * The lowest buckets holding a branch's `seats` smallest keys: every customer above the last one has a
 * larger key than every customer in it, so ranking only these chooses exactly what ranking them all would.
 */
function lastBucket(buckets: Map<number, number>, seats: number): number {
  let within = 0;
  for (let bucket = 0; bucket < 2 ** BUCKET_BITS; bucket++) {
    within += buckets.get(bucket) ?? 0;
    if (within >= seats) return bucket;
  }
  return 2 ** BUCKET_BITS - 1;
}

/**
 * Each branch's smallest eligible keys, ranked among the customers in its lowest buckets only (about its
 * seats plus a sixty-fourth of the branch): a SELECT of number, branch and phone over `sample_population`,
 * with its parameters ($1–$4).
 */
function chosenQuery(branches: SampleBranch[], counts: BranchCounts[]): { sql: string; params: unknown[] } {
  const seats = branches.filter((b) => b.chosen > 0);
  const buckets = new Map(counts.map((c) => [c.branch, c.buckets]));
  const lastBuckets = seats.map((b) => lastBucket(buckets.get(b.branchId)!, b.chosen));
  return {
    sql: `SELECT r."number", r."branch", r."customer_phone"
       FROM (SELECT p."number", p."branch", p."customer_phone", a."seats",
                    row_number() OVER (PARTITION BY p."branch" ORDER BY p."key", p."number" COLLATE "C") AS "rank"
               FROM "sample_population" p
               JOIN unnest($1::text[], $2::int[], $3::int[]) AS a("branch", "seats", "last_bucket")
                 ON a."branch" = p."branch" AND p."key" < ((a."last_bucket" + 1)::bigint << ${KEY_BITS - BUCKET_BITS})
              WHERE NOT p."skipped" AND p."key" < ($4::bigint << ${KEY_BITS - BUCKET_BITS})) r
      WHERE r."rank" <= r."seats"`,
    params: [
      seats.map((b) => b.branchId),
      seats.map((b) => b.chosen),
      lastBuckets,
      Math.max(0, ...lastBuckets) + 1,
    ],
  };
}

/** The chosen cases, written in case-number order so the index and foreign-key look-ups walk forward. */
async function insertChosen(
  tx: EntityManager,
  sampleId: string,
  branches: SampleBranch[],
  counts: BranchCounts[],
): Promise<void> {
  const chosen = chosenQuery(branches, counts);
  await tx.query(
    `INSERT INTO "sample_cases" ("sample_id", "case_number", "branch_id", "customer_phone")
     SELECT $5, c."number", c."branch", c."customer_phone" FROM (${chosen.sql}) c
      ORDER BY c."number" COLLATE "C"`,
    [...chosen.params, sampleId],
  );
}

/** What a preview shows of the cases the draw would choose: number, customer and branch. */
async function previewChosen(
  tx: EntityManager,
  branches: SampleBranch[],
  counts: BranchCounts[],
): Promise<PreviewedCase[]> {
  const chosen = chosenQuery(branches, counts);
  const rows: { number: string; branch: string; customer_phone: string; customer_name: string }[] =
    await tx.query(
      `SELECT c."number", c."branch", c."customer_phone", k."customer_name"
         FROM (${chosen.sql}) c JOIN "cases" k ON k."number" = c."number"
        ORDER BY c."number" COLLATE "C"`,
      chosen.params,
    );
  return rows.map((r) => ({
    caseNumber: r.number,
    branchId: r.branch,
    customerName: r.customer_name,
    customerPhone: r.customer_phone,
  }));
}

/** The sampling calendar's time zone: months begin and end at local midnight. */
export async function calendarZone(dataSource: DataSource): Promise<string> {
  const rows: { zone: string }[] = await dataSource.query(
    `SELECT c."definition"->>'timeZone' AS "zone"
       FROM "calendars" c
      WHERE c."id" = COALESCE((SELECT "value"->>'calendarId' FROM "settings" WHERE "key" = 'sampling'), $1)`,
    [DEFAULT_CALENDAR_ID],
  );
  return rows[0]?.zone ?? 'Asia/Shanghai';
}

function toResult(row: SampleRow, created: boolean): DrawSampleResult {
  return {
    sampleId: row.id,
    month: row.month,
    ratioBp: row.ratio_bp,
    seed: row.seed,
    population: row.population,
    skipped: row.skipped,
    chosen: row.chosen,
    branches: row.branches,
    created,
  };
}

function fieldRefusal(type: DomainErrorCode, field: string, problem: string): ApplicationFailure {
  return refusal({
    type,
    message: `Invalid request: ${field} ${problem}`,
    details: [{ errors: { [field]: [problem] } }],
  });
}
