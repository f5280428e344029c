// What every report query is given: a period as local calendar dates, cut in one time zone, and the
// optional filters. The queries turn the dates into instants in SQL (`date::timestamp AT TIME ZONE tz`), so a
// case logged at 23:30 on the 31st in Shanghai belongs to that month, whatever the server's zone is.

import type { Queryable } from '../policy-snapshots';

export type { Queryable };

export interface ReportWindow {
  /** First local day of the period, `YYYY-MM-DD`. */
  from: string;
  /** The local day after the period's last (exclusive), `YYYY-MM-DD`. */
  to: string;
  /** IANA time zone the days are cut in: the branch calendar's, or the default calendar's. */
  timeZone: string;
  branch?: string | null;
  department?: string | null;
}

/**
 * The calendar time zone a branch's periods are cut in: its own calendar's, the default calendar's when it
 * uses 'default' or when no branch is named; UTC only when no calendar exists at all.
 */
export async function reportTimeZone(db: Queryable, branch?: string | null): Promise<string> {
  const rows: { tz: string | null }[] = await db.query(
    `SELECT COALESCE(
       (SELECT c."definition"->>'timeZone' FROM "branches" b JOIN "calendars" c ON c."id" = b."calendar_id"
         WHERE b."id" = $1),
       (SELECT c."definition"->>'timeZone' FROM "calendars" c WHERE c."id" = 'default'),
       'UTC') AS tz`,
    [branch ?? null],
  );
  return rows[0]?.tz ?? 'UTC';
}

/** Whether a branch exists (retired ones too: their history is still reported). */
export async function branchExists(db: Queryable, branch: string): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM "branches" WHERE "id" = $1`, [branch]);
  return rows.length > 0;
}

/**
 * The case's department for reports: where it was forwarded (the department that did the work), else where
 * intake routed it, else the category's default routing (cases logged before routing was recorded).
 * The `commitment_facts` triggers (migration CommitmentFacts1795491000000) copy the same expression.
 */
export const CASE_DEPARTMENT_SQL = `COALESCE(c."department", c."routing_department",
  CASE c."category" WHEN 'sales' THEN 'product_division' WHEN 'service' THEN 'customer_service' ELSE 'tech_support' END)`;

/** `$n` parameters 1–3 as the period's instants: from, to (exclusive). */
export const BOUNDS_SQL = `SELECT ($1::date::timestamp AT TIME ZONE $3) AS "from", ($2::date::timestamp AT TIME ZONE $3) AS "to"`;

export const windowParams = (w: ReportWindow): unknown[] => [
  w.from,
  w.to,
  w.timeZone,
  w.branch ?? null,
  w.department ?? null,
];

/** Rounds a ratio for display; null when there is nothing to divide by (shown as "—"). */
export function ratio(numerator: number, denominator: number, digits = 4): number | null {
  if (!denominator) return null;
  const factor = 10 ** digits;
  return Math.round((numerator / denominator) * factor) / factor;
}
