// 800电话信息统计报表: every case logged in the period — by channel, kind and category; solved on the call
// (answered on the call) vs forwarded (a case is forwarded when the hotline passed it to a department,
// and then carries that department); per operator; per local hour of day, and per weekday and hour (the
// console's heat map of when the phones ring).
import { BOUNDS_SQL, CASE_DEPARTMENT_SQL, type Queryable, type ReportWindow, windowParams } from './window';

export interface CountRow {
  key: string;
  cases: number;
}

export interface OperatorRow {
  operatorNo: number;
  operator: string;
  cases: number;
  solvedOnCall: number;
  forwarded: number;
}

export interface HotlineReport {
  cases: number;
  solvedOnCall: number;
  forwarded: number;
  byChannel: CountRow[];
  byKind: CountRow[];
  byCategory: CountRow[];
  /** Forwarded cases by the department they went to. */
  forwardedTo: CountRow[];
  byOperator: OperatorRow[];
  /** 24 rows, 0 … 23, in the period's time zone. */
  byHour: { hour: number; cases: number }[];
  /** 168 cells, Monday (1) … Sunday (7) × hour 0 … 23, in the period's time zone. */
  byWeekdayHour: { weekday: number; hour: number; cases: number }[];
}

const SQL = `
WITH b AS (${BOUNDS_SQL}),
logged AS MATERIALIZED (
  SELECT c."channel", c."kind", c."category", c."department", c."resolution", c."operator_no", c."operator_username",
         extract(hour FROM c."received_at" AT TIME ZONE $3)::int AS hour,
         extract(isodow FROM c."received_at" AT TIME ZONE $3)::int AS weekday
    FROM "cases" c, b
   WHERE c."received_at" >= b."from" AND c."received_at" < b."to"
     AND ($4::text IS NULL OR c."branch_id" = $4) AND ($5::text IS NULL OR ${CASE_DEPARTMENT_SQL} = $5)
),
groups AS (
  SELECT CASE WHEN grouping("channel") = 0 THEN 'channel' WHEN grouping("kind") = 0 THEN 'kind'
              WHEN grouping("category") = 0 THEN 'category' WHEN grouping("department") = 0 THEN 'forwarded_to'
              WHEN grouping(weekday) = 0 THEN 'weekday_hour' WHEN grouping(hour) = 0 THEN 'hour' WHEN grouping("operator_no") = 0 THEN 'operator' ELSE 'total' END AS g,
         CASE WHEN grouping(weekday) = 0 THEN weekday || ':' || hour
              ELSE COALESCE("channel", "kind", "category", "department", hour::text, "operator_no"::text) END AS "key",
         max("operator_username") AS operator,
         count(*)::int AS cases,
         count(*) FILTER (WHERE "resolution" = 'answered_on_call')::int AS solved_on_call,
         count(*) FILTER (WHERE "department" IS NOT NULL)::int AS forwarded
    FROM logged
   GROUP BY GROUPING SETS ((), ("channel"), ("kind"), ("category"), ("department"), (hour), (weekday, hour),
                          ("operator_no"))
)
SELECT * FROM groups WHERE g = 'total' OR "key" IS NOT NULL ORDER BY g, "key"`;

export async function hotlineReport(db: Queryable, window: ReportWindow): Promise<HotlineReport> {
  const rows: {
    g: string;
    key: string | null;
    operator: string | null;
    cases: number;
    solved_on_call: number;
    forwarded: number;
  }[] = await db.query(SQL, windowParams(window));
  const total = rows.find((r) => r.g === 'total');
  const counts = (g: string): CountRow[] =>
    rows
      .filter((r) => r.g === g)
      .map((r) => ({ key: r.key as string, cases: r.cases }))
      .sort((a, b) => b.cases - a.cases || a.key.localeCompare(b.key));
  const hours = new Map(rows.filter((r) => r.g === 'hour').map((r) => [Number(r.key), r.cases]));
  const cells = new Map(rows.filter((r) => r.g === 'weekday_hour').map((r) => [r.key, r.cases]));
  return {
    cases: total?.cases ?? 0,
    solvedOnCall: total?.solved_on_call ?? 0,
    forwarded: total?.forwarded ?? 0,
    byChannel: counts('channel'),
    byKind: counts('kind'),
    byCategory: counts('category'),
    forwardedTo: counts('forwarded_to'),
    byOperator: rows
      .filter((r) => r.g === 'operator')
      .map((r) => ({
        operatorNo: Number(r.key),
        operator: r.operator ?? '',
        cases: r.cases,
        solvedOnCall: r.solved_on_call,
        forwarded: r.forwarded,
      }))
      .sort((a, b) => a.operatorNo - b.operatorNo),
    byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, cases: hours.get(hour) ?? 0 })),
    byWeekdayHour: Array.from({ length: 7 * 24 }, (_, i) => {
      const weekday = Math.floor(i / 24) + 1;
      const hour = i % 24;
      return { weekday, hour, cases: cells.get(`${weekday}:${hour}`) ?? 0 };
    }),
  };
}
