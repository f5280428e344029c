import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '@caseflow/domain';
import { isUuid } from '../staff/field-error';
import type { AssessmentDto } from './dto/assessment.dto';

// The monthly assessment, computed in one SQL statement over what the workflows and the supervision
// features record: callbacks, complaints, penalties, evaluations, resolutions (fault grade) and commitments.
// The month runs from the 1st 00:00 to the next 1st in the default calendar's time zone.
const ASSESSMENT_SQL = `
WITH bounds AS (
  SELECT (($1 || '-01')::timestamp AT TIME ZONE tz) AS "from",
         ((($1 || '-01')::date + interval '1 month')::timestamp AT TIME ZONE tz) AS "to"
    FROM (SELECT COALESCE((SELECT "definition"->>'timeZone' FROM "calendars" WHERE "id" = 'default'), 'UTC') AS tz) z
),
engineers AS (
  SELECT s."id", s."name", s."branch_id" FROM "staff" s
   WHERE s."role" = 'engineer' AND ($2::text IS NULL OR s."branch_id" = $2) AND ($3::uuid IS NULL OR s."id" = $3)
),
cb AS (
  SELECT k."assignee_id" AS staff_id, count(*)::int AS callbacks,
         count(*) FILTER (WHERE cb."reached")::int AS reached,
         round(avg(cb."satisfaction") FILTER (WHERE cb."reached"), 2)::float AS satisfaction,
         round(avg(cb."engineer_rating"), 2)::float AS engineer_rating
    FROM "callbacks" cb JOIN "cases" k ON k."number" = cb."case_number", bounds b
   WHERE cb."recorded_at" >= b."from" AND cb."recorded_at" < b."to"
   GROUP BY k."assignee_id"
),
complaint_links AS (
  SELECT k."assignee_id" AS staff_id, c."number" FROM "complaints" c
    JOIN "cases" k ON k."number" = c."source_case_number", bounds b
   WHERE c."received_at" >= b."from" AND c."received_at" < b."to"
  UNION
  SELECT e."staff_id", c."number" FROM "complaints" c
    JOIN "evaluations" e ON e."id"::text = c."source_evaluation_id", bounds b
   WHERE c."received_at" >= b."from" AND c."received_at" < b."to"
  UNION
  SELECT p."staff_id", p."complaint_number" FROM "penalties" p, bounds b
   WHERE p."complaint_number" IS NOT NULL AND p."proposed_at" >= b."from" AND p."proposed_at" < b."to"
),
cp AS (SELECT staff_id, count(DISTINCT "number")::int AS complaints FROM complaint_links GROUP BY staff_id),
pen AS (
  SELECT p."staff_id", count(*) FILTER (WHERE p."kind" = 'warning')::int AS warnings,
         count(*) FILTER (WHERE p."kind" = 'fine')::int AS fines,
         COALESCE(sum(p."amount") FILTER (WHERE p."kind" = 'fine'), 0)::numeric(12, 2)::text AS fines_amount,
         count(*) FILTER (WHERE p."kind" = 'disqualification')::int AS disqualifications
    FROM "penalties" p, bounds b
   WHERE p."state" = 'confirmed' AND p."decided_at" >= b."from" AND p."decided_at" < b."to"
   GROUP BY p."staff_id"
),
ev AS (
  SELECT e."staff_id", count(DISTINCT e."id")::int AS evaluations,
         round(avg(x.technical), 1)::float AS technical, round(avg(x.attitude), 1)::float AS attitude
    FROM "evaluations" e, bounds b,
         LATERAL (VALUES (e."pre_sales_technical", e."pre_sales_attitude"),
                         (e."implementation_technical", e."implementation_attitude"),
                         (e."after_sales_technical", e."after_sales_attitude")) AS x(technical, attitude)
   WHERE e."month" = (SELECT ($1 || '-01')::date) AND x.technical IS NOT NULL
   GROUP BY e."staff_id"
),
res AS (
  SELECT k."assignee_id" AS staff_id, count(*)::int AS resolved,
         count(*) FILTER (WHERE k."fault_grade" = 'A')::int AS a, count(*) FILTER (WHERE k."fault_grade" = 'B')::int AS b,
         count(*) FILTER (WHERE k."fault_grade" = 'C')::int AS c, count(*) FILTER (WHERE k."fault_grade" = 'D')::int AS d
    FROM "cases" k, bounds b
   WHERE k."resolved_at" >= b."from" AND k."resolved_at" < b."to"
   GROUP BY k."assignee_id"
),
cm AS (
  -- Read through the met_at / breached_at indexes: only the month's commitments, not every one ever made.
  SELECT k."assignee_id" AS staff_id, count(*) FILTER (WHERE x.met)::int AS met,
         count(*) FILTER (WHERE NOT x.met)::int AS breached
    FROM (SELECT m."case_number", true AS met FROM "commitments" m, bounds b
           WHERE m."met_at" >= b."from" AND m."met_at" < b."to"
          UNION ALL
          SELECT m."case_number", false FROM "commitments" m, bounds b
           WHERE m."breached" AND m."breached_at" >= b."from" AND m."breached_at" < b."to") x
    JOIN "cases" k ON k."number" = x."case_number"
   GROUP BY k."assignee_id"
)
SELECT en."id" AS staff_id, en."name", en."branch_id",
       COALESCE(cb.callbacks, 0) AS callbacks, COALESCE(cb.reached, 0) AS callbacks_reached,
       cb.satisfaction, cb.engineer_rating,
       COALESCE(cp.complaints, 0) AS complaints,
       COALESCE(pen.warnings, 0) AS warnings, COALESCE(pen.fines, 0) AS fines,
       COALESCE(pen.fines_amount, '0.00') AS fines_amount, COALESCE(pen.disqualifications, 0) AS disqualifications,
       COALESCE(ev.evaluations, 0) AS evaluations, ev.technical, ev.attitude,
       COALESCE(res.resolved, 0) AS resolved, COALESCE(res.a, 0) AS a, COALESCE(res.b, 0) AS b,
       COALESCE(res.c, 0) AS c, COALESCE(res.d, 0) AS d,
       COALESCE(cm.met, 0) AS met, COALESCE(cm.breached, 0) AS breached
  FROM engineers en
  LEFT JOIN cb ON cb.staff_id = en."id"
  LEFT JOIN cp ON cp.staff_id = en."id"
  LEFT JOIN pen ON pen."staff_id" = en."id"
  LEFT JOIN ev ON ev."staff_id" = en."id"
  LEFT JOIN res ON res.staff_id = en."id"
  LEFT JOIN cm ON cm.staff_id = en."id"
 ORDER BY en."name", en."id"`;

interface Row {
  staff_id: string;
  name: string;
  branch_id: string | null;
  callbacks: number;
  callbacks_reached: number;
  satisfaction: number | null;
  engineer_rating: number | null;
  complaints: number;
  warnings: number;
  fines: number;
  fines_amount: string;
  disqualifications: number;
  evaluations: number;
  technical: number | null;
  attitude: number | null;
  resolved: number;
  a: number;
  b: number;
  c: number;
  d: number;
  met: number;
  breached: number;
}

@Injectable()
export class AssessmentsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async month(month: string, branch?: string): Promise<AssessmentDto[]> {
    const rows: Row[] = await this.db.query(ASSESSMENT_SQL, [month, branch ?? null, null]);
    return rows.map((row) => toDto(month, row));
  }

  async engineer(month: string, staffId: string): Promise<AssessmentDto> {
    const rows: Row[] = isUuid(staffId) ? await this.db.query(ASSESSMENT_SQL, [month, null, staffId]) : [];
    if (!rows[0]) throw DomainError.notFound(`No engineer has the id "${staffId}".`);
    return toDto(month, rows[0]);
  }
}

function toDto(month: string, row: Row): AssessmentDto {
  return {
    month,
    staffId: row.staff_id,
    name: row.name,
    branchId: row.branch_id,
    callbacks: row.callbacks,
    callbacksReached: row.callbacks_reached,
    satisfaction: row.satisfaction,
    engineerRating: row.engineer_rating,
    complaints: row.complaints,
    warnings: row.warnings,
    fines: row.fines,
    finesAmount: row.fines_amount,
    disqualifications: row.disqualifications,
    evaluations: row.evaluations,
    technicalScore: row.technical,
    attitudeScore: row.attitude,
    resolved: row.resolved,
    faultGrades: { A: row.a, B: row.b, C: row.c, D: row.d },
    commitmentsMet: row.met,
    commitmentsBreached: row.breached,
  };
}

const CSV_COLUMNS: [string, (a: AssessmentDto) => unknown][] = [
  ['month', (a) => a.month],
  ['staff_id', (a) => a.staffId],
  ['name', (a) => a.name],
  ['branch', (a) => a.branchId],
  ['callbacks', (a) => a.callbacks],
  ['callbacks_reached', (a) => a.callbacksReached],
  ['satisfaction', (a) => a.satisfaction],
  ['engineer_rating', (a) => a.engineerRating],
  ['complaints', (a) => a.complaints],
  ['warnings', (a) => a.warnings],
  ['fines', (a) => a.fines],
  ['fines_amount', (a) => a.finesAmount],
  ['disqualifications', (a) => a.disqualifications],
  ['evaluations', (a) => a.evaluations],
  ['technical_score', (a) => a.technicalScore],
  ['attitude_score', (a) => a.attitudeScore],
  ['resolved', (a) => a.resolved],
  ['grade_a', (a) => a.faultGrades.A],
  ['grade_b', (a) => a.faultGrades.B],
  ['grade_c', (a) => a.faultGrades.C],
  ['grade_d', (a) => a.faultGrades.D],
  ['commitments_met', (a) => a.commitmentsMet],
  ['commitments_breached', (a) => a.commitmentsBreached],
];

/** RFC 4180, with a formula-looking cell defused so a spreadsheet never runs it. */
export function toCsv(rows: AssessmentDto[]): string {
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(CSV_COLUMNS.map(([, get]) => cell(get(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
