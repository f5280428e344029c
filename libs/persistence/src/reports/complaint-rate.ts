// 月/季度客户投诉率统计表: per department, the complaints received in the period (a complaint counts once,
// however many rounds of handling it took), the repairs completed in it (service requests resolved or
// closed, by their latest resolution: a reopened case counts again only once it is solved again, and then
// in the period of that resolution), the rate complaints ÷ repairs, and the same for the previous period.
import { BOUNDS_SQL, CASE_DEPARTMENT_SQL, type Queryable, type ReportWindow, ratio, windowParams } from './window';

export const REPORT_DEPARTMENTS = [
  'tech_support',
  'product_division',
  'customer_service',
  'quality_desk',
  'gm_office',
] as const;

export interface ComplaintRateRow {
  department: string;
  complaints: number;
  repairs: number;
  /** complaints ÷ repairs; null when the department completed no repairs (shown as "—"). */
  rate: number | null;
  previousComplaints: number;
  previousRepairs: number;
  previousRate: number | null;
  /** rate − previous rate; null when either is null. */
  change: number | null;
}

const COUNTS_SQL = `
WITH b AS (${BOUNDS_SQL}),
complaints AS (
  SELECT p."department", count(*)::int AS n
    FROM "complaints" p, b
   WHERE p."received_at" >= b."from" AND p."received_at" < b."to"
     AND ($4::text IS NULL OR p."branch_id" = $4) AND ($5::text IS NULL OR p."department" = $5)
   GROUP BY p."department"
),
repairs AS (
  SELECT d."department", count(*)::int AS n
    FROM "cases" c, b, LATERAL (SELECT ${CASE_DEPARTMENT_SQL} AS "department") d
   WHERE c."kind" = 'service_request' AND c."state" IN ('resolved', 'closed')
     AND c."resolved_at" >= b."from" AND c."resolved_at" < b."to"
     AND ($4::text IS NULL OR c."branch_id" = $4) AND ($5::text IS NULL OR d."department" = $5)
   GROUP BY d."department"
)
SELECT dep AS "department", COALESCE(complaints.n, 0) AS "complaints", COALESCE(repairs.n, 0) AS "repairs"
  FROM unnest($6::text[]) WITH ORDINALITY AS d(dep, i)
  LEFT JOIN complaints ON complaints."department" = dep
  LEFT JOIN repairs ON repairs."department" = dep
 ORDER BY i`;

interface Counts {
  department: string;
  complaints: number;
  repairs: number;
}

async function counts(db: Queryable, window: ReportWindow): Promise<Map<string, Counts>> {
  const departments = window.department ? [window.department] : [...REPORT_DEPARTMENTS];
  const rows: Counts[] = await db.query(COUNTS_SQL, [...windowParams(window), departments]);
  return new Map(rows.map((row) => [row.department, row]));
}

/** One row per department (every department, or the one filtered), in the departments' fixed order. */
export async function complaintRateReport(
  db: Queryable,
  window: ReportWindow,
  previous: ReportWindow,
): Promise<ComplaintRateRow[]> {
  const [now, before] = await Promise.all([counts(db, window), counts(db, previous)]);
  return [...now.values()].map((row) => {
    const prior = before.get(row.department) ?? { complaints: 0, repairs: 0 };
    const rate = ratio(row.complaints, row.repairs);
    const previousRate = ratio(prior.complaints, prior.repairs);
    return {
      department: row.department,
      complaints: row.complaints,
      repairs: row.repairs,
      rate,
      previousComplaints: prior.complaints,
      previousRepairs: prior.repairs,
      previousRate,
      change: rate === null || previousRate === null ? null : Math.round((rate - previousRate) * 1e4) / 1e4,
    };
  });
}
