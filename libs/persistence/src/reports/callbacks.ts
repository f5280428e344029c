// Callback coverage and results. A customer is a customer record (`cases.customer_id`; the phone number only
// for a case that names no record — the same rule the month-end sample uses), so "served customers" are the
// distinct customers of the service requests completed in the period, and a customer is covered at a level
// when any of their completed cases had a callback of that level recorded.
import { BOUNDS_SQL, CASE_DEPARTMENT_SQL, type Queryable, type ReportWindow, ratio, windowParams } from './window';

export interface CallbackLevelRow {
  level: 1 | 2;
  servedCustomers: number;
  calledCustomers: number;
  /** calledCustomers ÷ servedCustomers. */
  coverage: number | null;
}

export interface CallbackSampleSummary {
  /** The months (`YYYY-MM`) whose month-end samples fall in the period. */
  months: string[];
  population: number;
  size: number;
  /** size ÷ population. */
  ratio: number | null;
  /** Sample callbacks finished (done or given up as unreachable). */
  completed: number;
  completion: number | null;
  reached: number;
}

export interface CallbacksReport {
  levels: CallbackLevelRow[];
  sample: CallbackSampleSummary;
  /** Callbacks (any level) recorded in the period, and how many reached the customer. */
  calls: number;
  reached: number;
  reachedRate: number | null;
  /** Satisfaction 1 … 5 of the reached callbacks recorded in the period. */
  satisfaction: { score: number; callbacks: number }[];
  reopenedByCallback: number;
  raisedAsComplaints: number;
}

const SQL = `
WITH b AS (${BOUNDS_SQL}),
scoped AS NOT MATERIALIZED (
  SELECT c.* FROM "cases" c
   WHERE ($4::text IS NULL OR c."branch_id" = $4) AND ($5::text IS NULL OR ${CASE_DEPARTMENT_SQL} = $5)
),
served AS MATERIALIZED (
  SELECT c."number", COALESCE(c."customer_id"::text, c."customer_phone") AS "customer_key" FROM scoped c, b
   WHERE c."kind" = 'service_request' AND c."state" IN ('resolved', 'closed')
     AND c."resolved_at" >= b."from" AND c."resolved_at" < b."to"
),
levels AS (
  SELECT l AS level, (SELECT count(DISTINCT "customer_key") FROM served)::int AS served_customers,
         (SELECT count(DISTINCT s."customer_key") FROM served s
           WHERE EXISTS (SELECT 1 FROM "callbacks" cb WHERE cb."case_number" = s."number" AND cb."level" = l))::int
           AS called_customers
    FROM unnest(ARRAY[1, 2]) l
),
calls AS MATERIALIZED (
  SELECT cb.* FROM "callbacks" cb JOIN scoped c ON c."number" = cb."case_number", b
   WHERE cb."recorded_at" >= b."from" AND cb."recorded_at" < b."to"
),
reopened AS (
  SELECT e."case_number" FROM "case_events" e JOIN scoped c ON c."number" = e."case_number", b
   WHERE e."type" = 'reopened' AND e."at" >= b."from" AND e."at" < b."to" AND e."data" ? 'callbackLevel'
  UNION ALL
  SELECT t."case_number" FROM "callback_tasks" t JOIN scoped c ON c."number" = t."case_number", b
   WHERE t."closed_at" >= b."from" AND t."closed_at" < b."to" AND t."reopened_case_number" <> t."case_number"
)
SELECT (SELECT json_agg(levels ORDER BY level) FROM levels) AS levels,
       (SELECT count(*) FROM calls)::int AS calls,
       (SELECT count(*) FILTER (WHERE "reached") FROM calls)::int AS reached,
       (SELECT json_agg(json_build_object('score', s, 'callbacks',
                 (SELECT count(*) FROM calls WHERE "reached" AND "satisfaction" = s)) ORDER BY s)
          FROM generate_series(1, 5) s) AS satisfaction,
       (SELECT count(*) FROM reopened)::int AS reopened,
       (SELECT count(*) FROM "complaints" p, b
         WHERE p."source" = 'callback' AND p."received_at" >= b."from" AND p."received_at" < b."to"
           AND ($4::text IS NULL OR p."branch_id" = $4) AND ($5::text IS NULL OR p."department" = $5))::int
         AS complaints`;

// The month-end samples of the months the period covers; a branch filter reads that branch's stratum.
const SAMPLE_SQL = `
WITH months AS (
  SELECT to_char(m, 'YYYY-MM') AS month
    FROM generate_series(date_trunc('month', $1::date), ($2::date - 1), interval '1 month') m
),
s AS (SELECT * FROM "samples" WHERE "month" IN (SELECT month FROM months)),
strata AS (
  SELECT s."id", s."month",
         CASE WHEN $3::text IS NULL THEN s."population" ELSE COALESCE((x->>'population')::int, 0) END AS population,
         CASE WHEN $3::text IS NULL THEN s."chosen" ELSE COALESCE((x->>'chosen')::int, 0) END AS chosen
    FROM s LEFT JOIN LATERAL (SELECT x FROM jsonb_array_elements(s."branches") x WHERE x->>'branchId' = $3) br ON true
)
SELECT COALESCE(json_agg(DISTINCT st."month"), '[]') AS months,
       COALESCE(sum(st.population), 0)::int AS population, COALESCE(sum(st.chosen), 0)::int AS size,
       (SELECT count(*) FROM "callback_tasks" t JOIN strata q ON q."id" = t."sample_id"
         WHERE t."state" IN ('done', 'unreachable') AND ($3::text IS NULL OR t."branch_id" = $3))::int AS completed,
       (SELECT count(*) FROM "callback_tasks" t JOIN strata q ON q."id" = t."sample_id"
         WHERE t."outcome" IN ('satisfied', 'not_satisfied') AND ($3::text IS NULL OR t."branch_id" = $3))::int
         AS reached
  FROM strata st`;

export async function callbacksReport(db: Queryable, window: ReportWindow): Promise<CallbacksReport> {
  const [row]: {
    levels: { level: 1 | 2; served_customers: number; called_customers: number }[];
    calls: number;
    reached: number;
    satisfaction: { score: number; callbacks: number }[];
    reopened: number;
    complaints: number;
  }[] = await db.query(SQL, windowParams(window));
  const [sample]: {
    months: string[];
    population: number;
    size: number;
    completed: number;
    reached: number;
  }[] = await db.query(SAMPLE_SQL, [window.from, window.to, window.branch ?? null]);
  return {
    levels: row.levels.map((l) => ({
      level: l.level,
      servedCustomers: l.served_customers,
      calledCustomers: l.called_customers,
      coverage: ratio(l.called_customers, l.served_customers),
    })),
    sample: {
      months: [...sample.months].sort(),
      population: sample.population,
      size: sample.size,
      ratio: ratio(sample.size, sample.population),
      completed: sample.completed,
      completion: ratio(sample.completed, sample.size),
      reached: sample.reached,
    },
    calls: row.calls,
    reached: row.reached,
    reachedRate: ratio(row.reached, row.calls),
    satisfaction: row.satisfaction.map((s) => ({ score: s.score, callbacks: Number(s.callbacks) })),
    reopenedByCallback: row.reopened,
    raisedAsComplaints: row.complaints,
  };
}
