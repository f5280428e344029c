// Commitment compliance: the commitments (cases' and complaints') that fell due in the period — met on
// time, breached, escalated to a supervisor or a manager, and how long meeting one took (median, p90) — by
// commitment kind, branch, team and engineer, plus the list of every breach with a link to its page.
// A complaint's commitments belong to no team or engineer: they count in the kind, branch and total rows.
import { consolePath } from '@caseflow/domain';
import { BOUNDS_SQL, type Queryable, type ReportWindow, ratio, windowParams } from './window';

export type ComplianceDimension = 'total' | 'kind' | 'branch' | 'team' | 'engineer';

export interface ComplianceRow {
  dimension: ComplianceDimension;
  /** The kind, branch id, team (org unit) id or engineer (staff) id; null for the total. */
  key: string | null;
  name: string | null;
  due: number;
  metOnTime: number;
  breached: number;
  escalatedToSupervisor: number;
  escalatedToManager: number;
  /** metOnTime ÷ due; null when nothing fell due. */
  onTimeRate: number | null;
  /** Minutes from start to met, over the commitments met (on time or late). */
  medianMinutesToMeet: number | null;
  p90MinutesToMeet: number | null;
}

export interface BreachRow {
  subject: 'case' | 'complaint';
  number: string;
  commitmentId: string;
  kind: string;
  branchId: string | null;
  engineerId: string | null;
  engineerName: string | null;
  dueAt: string;
  breachedAt: string | null;
  metAt: string | null;
  /** The console page of the case or complaint. */
  link: string;
}

// The commitments due in the period, cases' and complaints' ($6: only breached ones, for the list), read from
// their summary (`commitment_facts`: one row per commitment that counts, its branch, department and engineer
// copied on it by triggers as they are written), so a period is one index range, not a join with every case.
const DUE_SQL = `
b AS MATERIALIZED (${BOUNDS_SQL}),
due AS (
  SELECT f."subject", f."number", f."commitment_id", f."kind", f."branch_id", f."engineer_id", f."started_at",
         f."due_at", f."met_at", f."breached", f."breached_at"
    FROM b, "commitment_facts" f
   WHERE f."due_at" >= b."from" AND f."due_at" < b."to" AND (NOT $6 OR f."breached")
     AND ($4::text IS NULL OR f."branch_id" = $4) AND ($5::text IS NULL OR f."department" = $5)
)`;

// Escalations to a supervisor or a manager of those commitments, one line per commitment. An escalation
// names the due time of the commitment it fired for (commitment_due_at), so only the period's are read.
const summarySql = (groupingSets: string, dimensions: string) => `
WITH ${DUE_SQL},
esc AS (
  SELECT COALESCE(e."case_number", e."complaint_number") AS "number", e."commitment_id",
         bool_or(e."target_role" = 'supervisor') AS to_supervisor, bool_or(e."target_role" = 'manager') AS to_manager
    FROM b, "escalations" e
   WHERE e."target_role" IN ('supervisor', 'manager')
     AND e."commitment_due_at" >= b."from" AND e."commitment_due_at" < b."to"
   GROUP BY 1, 2
),
rows AS (
  SELECT d."kind", d."branch_id", s."unit_id" AS team_id, d.engineer_id, d."breached",
         NOT d."breached" AND d."met_at" IS NOT NULL AS met_on_time,
         COALESCE(x.to_supervisor, false) AS to_supervisor, COALESCE(x.to_manager, false) AS to_manager,
         (extract(epoch FROM d."met_at" - d."started_at") / 60)::float8 AS minutes
    FROM due d LEFT JOIN esc x ON x."number" = d."number" AND x."commitment_id" = d."commitment_id"
    LEFT JOIN "staff" s ON s."id" = d.engineer_id
),
agg AS (
  SELECT ${dimensions},
         count(*)::int AS due,
         count(*) FILTER (WHERE met_on_time)::int AS met_on_time,
         count(*) FILTER (WHERE "breached")::int AS breached,
         count(*) FILTER (WHERE to_supervisor)::int AS to_supervisor,
         count(*) FILTER (WHERE to_manager)::int AS to_manager,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY minutes) FILTER (WHERE minutes IS NOT NULL)
           AS percentiles
    FROM rows
   GROUP BY GROUPING SETS (${groupingSets})
)
SELECT a.*, a.percentiles[1] AS median, a.percentiles[2] AS p90,
       CASE a.dimension WHEN 'branch' THEN br."name" WHEN 'team' THEN u."name"
                        WHEN 'engineer' THEN s."name" WHEN 'kind' THEN a."key" END AS "name"
  FROM agg a
  LEFT JOIN "branches" br ON a.dimension = 'branch' AND br."id" = a."key"
  LEFT JOIN "org_units" u ON a.dimension = 'team' AND u."id"::text = a."key"
  LEFT JOIN "staff" s ON a.dimension = 'engineer' AND s."id"::text = a."key"
 WHERE a.dimension = 'total' OR a."key" IS NOT NULL
 ORDER BY array_position(ARRAY['total', 'kind', 'branch', 'team', 'engineer'], a.dimension), "name", a."key"`;

const SUMMARY_SQL = summarySql(
  `(), ("kind"), ("branch_id"), (team_id), (engineer_id)`,
  `CASE WHEN grouping("kind") = 0 THEN 'kind' WHEN grouping("branch_id") = 0 THEN 'branch'
        WHEN grouping(team_id) = 0 THEN 'team' WHEN grouping(engineer_id) = 0 THEN 'engineer'
        ELSE 'total' END AS dimension,
   COALESCE("kind", "branch_id", team_id::text, engineer_id::text) AS "key"`,
);
// The scorecard needs the engineers' rows alone: one grouping, not five.
const ENGINEER_SQL = summarySql(`(engineer_id)`, `'engineer' AS dimension, engineer_id::text AS "key"`);

const BREACHES_SQL = `
WITH ${DUE_SQL}
SELECT d.subject, d."number", d."commitment_id", d."kind", d."branch_id", d.engineer_id, s."name" AS engineer_name,
       d."due_at", d."breached_at", d."met_at"
  FROM due d LEFT JOIN "staff" s ON s."id" = d.engineer_id
 ORDER BY d."due_at", d."number", d."commitment_id"`;

const round1 = (value: number | null): number | null =>
  value === null ? null : Math.round(Number(value) * 10) / 10;

/** The figures in total and by kind, branch, team and engineer; `engineersOnly` for the scorecard. */
export async function complianceReport(
  db: Queryable,
  window: ReportWindow,
  { engineersOnly = false }: { engineersOnly?: boolean } = {},
): Promise<ComplianceRow[]> {
  const rows: {
    dimension: ComplianceDimension;
    key: string | null;
    name: string | null;
    due: number;
    met_on_time: number;
    breached: number;
    to_supervisor: number;
    to_manager: number;
    median: number | null;
    p90: number | null;
  }[] = await db.query(engineersOnly ? ENGINEER_SQL : SUMMARY_SQL, [...windowParams(window), false]);
  return rows.map((row) => ({
    dimension: row.dimension,
    key: row.key,
    name: row.name,
    due: row.due,
    metOnTime: row.met_on_time,
    breached: row.breached,
    escalatedToSupervisor: row.to_supervisor,
    escalatedToManager: row.to_manager,
    onTimeRate: ratio(row.met_on_time, row.due),
    medianMinutesToMeet: round1(row.median),
    p90MinutesToMeet: round1(row.p90),
  }));
}

export async function breachesReport(db: Queryable, window: ReportWindow): Promise<BreachRow[]> {
  const rows: {
    subject: 'case' | 'complaint';
    number: string;
    commitment_id: string;
    kind: string;
    branch_id: string | null;
    engineer_id: string | null;
    engineer_name: string | null;
    due_at: Date;
    breached_at: Date | null;
    met_at: Date | null;
  }[] = await db.query(BREACHES_SQL, [...windowParams(window), true]);
  return rows.map((row) => ({
    subject: row.subject,
    number: row.number,
    commitmentId: row.commitment_id,
    kind: row.kind,
    branchId: row.branch_id,
    engineerId: row.engineer_id,
    engineerName: row.engineer_name,
    dueAt: row.due_at.toISOString(),
    breachedAt: row.breached_at?.toISOString() ?? null,
    metAt: row.met_at?.toISOString() ?? null,
    link: consolePath({ page: row.subject, number: row.number }),
  }));
}
