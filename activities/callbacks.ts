// Side effects of the callback work queue and its weekly summary: thin, idempotent writes keyed by the
// callback's id (+ attempt number or sequence), so a retried activity never writes twice.
import type { DataSource } from 'typeorm';
import { consolePath, DomainErrorCode, NotificationType, SYSTEM_ACTOR } from '@caseflow/domain';
import { allocateCaseNumber, PolicySnapshotReader, readSamplingSettings } from '@caseflow/persistence';
import { dispatchByKeys, tellStaff, type NotificationDispatcher } from '@caseflow/persistence/outbox';
import { createCalendar, DEFAULT_CALENDAR_ID, DEFAULT_SERVICE_SCHEDULE, TimeZone } from '@caseflow/sla';
import type {
  CallbackActivities,
  CallbackAttemptRecord,
  CallbackTaskRecord,
  LinkedCaseInput,
  LinkedCaseStart,
  WeeklySummaryInput,
  WeeklySummaryResult,
} from './callback-types';
import { refusal } from './refusal';

export interface CallbackDependencies {
  dataSource: DataSource;
  dispatcher?: NotificationDispatcher;
}

/** The system's own operator number in case numbers it opens itself (a linked case after a callback). */
export const SYSTEM_OPERATOR_NO = 0;

// The factory only binds its dependencies: each activity's body is a module-level function below, so that no
// one function carries the whole queue.
export function createCallbackActivities({
  dataSource,
  dispatcher,
}: CallbackDependencies): CallbackActivities {
  return {
    async loadSamplingSettings() {
      const settings = await readSamplingSettings(dataSource);
      const calendar = await new PolicySnapshotReader(dataSource).calendarDefinition(settings.calendarId);
      return { settings, calendar };
    },

    async assignCallback(input) {
      return assignStaff(dataSource, input);
    },

    async recordCallbackTask(t) {
      await upsertCallbackTask(dataSource, t);
    },

    async recordCallbackAttempt(a) {
      await insertCallbackAttempt(dataSource, a);
    },

    async prepareLinkedCase(input): Promise<LinkedCaseStart> {
      return linkedCaseStart(dataSource, input);
    },

    async writeWeeklySummary(input) {
      return sendWeeklySummary(dataSource, dispatcher, input);
    },
  };
}

async function assignStaff(
  dataSource: DataSource,
  { callbackId }: { callbackId: string },
): Promise<{ staffId: string; name: string } | undefined> {
  return dataSource.transaction(async (tx) => {
    // One assignment at a time, so a sample's hundred callbacks spread over the desk instead of all
    // landing on whoever was least loaded when they started.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('callback-assignment'))`);
    const [task]: { assignee_staff_id: string | null }[] = await tx.query(
      `SELECT "assignee_staff_id" FROM "callback_tasks" WHERE "id" = $1`,
      [callbackId],
    );
    if (task?.assignee_staff_id) {
      const [staff]: { id: string; name: string }[] = await tx.query(
        `SELECT "id", "name" FROM "staff" WHERE "id" = $1`,
        [task.assignee_staff_id],
      );
      return { staffId: staff.id, name: staff.name };
    }
    const [chosen]: { id: string; name: string }[] = await tx.query(
      `SELECT s."id", s."name"
         FROM "staff" s
         LEFT JOIN "callback_tasks" t
           ON t."assignee_staff_id" = s."id" AND t."state" IN ('pending', 'open', 'retry_scheduled')
        WHERE s."role" = 'quality' AND s."active"
        GROUP BY s."id", s."name"
        ORDER BY count(t."id"), s."name", s."id"
        LIMIT 1`,
    );
    if (!chosen) return undefined;
    await tx.query(`UPDATE "callback_tasks" SET "assignee_staff_id" = $2 WHERE "id" = $1`, [
      callbackId,
      chosen.id,
    ]);
    return { staffId: chosen.id, name: chosen.name };
  });
}

async function upsertCallbackTask(dataSource: DataSource, t: CallbackTaskRecord): Promise<void> {
  await dataSource.query(
    `INSERT INTO "callback_tasks" AS ct ("id", "workflow_id", "case_number", "level", "state", "branch_id",
        "customer_name", "customer_phone", "sample_id", "assignee_staff_id", "engineer_staff_id", "starts_at",
        "due_at", "next_attempt_at", "attempts", "max_attempts", "outcome", "satisfaction", "engineer_rating",
        "fault_grade", "remarks", "reopened_case_number", "complaint_workflow_id", "breached", "last_seq",
        "closed_at")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
             $22, $23, $24, $25, $26)
     ON CONFLICT ("id") DO UPDATE SET
       "state" = EXCLUDED."state", "assignee_staff_id" = COALESCE(EXCLUDED."assignee_staff_id", ct."assignee_staff_id"),
       "due_at" = EXCLUDED."due_at", "next_attempt_at" = EXCLUDED."next_attempt_at",
       "attempts" = EXCLUDED."attempts", "outcome" = EXCLUDED."outcome",
       "satisfaction" = EXCLUDED."satisfaction", "engineer_rating" = EXCLUDED."engineer_rating",
       "fault_grade" = EXCLUDED."fault_grade", "remarks" = EXCLUDED."remarks",
       "reopened_case_number" = EXCLUDED."reopened_case_number",
       "complaint_workflow_id" = EXCLUDED."complaint_workflow_id", "breached" = EXCLUDED."breached",
       "last_seq" = EXCLUDED."last_seq", "closed_at" = EXCLUDED."closed_at", "updated_at" = now()
     WHERE ct."last_seq" < EXCLUDED."last_seq"`,
    [
      t.callbackId,
      t.workflowId,
      t.caseNumber,
      t.level,
      t.state,
      t.branchId ?? null,
      t.customer.name,
      t.customer.phone,
      t.sampleId ?? null,
      t.assigneeStaffId ?? null,
      t.engineerStaffId ?? null,
      t.startsAt,
      t.dueAt ?? null,
      t.nextAttemptAt ?? null,
      t.attempts,
      t.maxAttempts,
      t.outcome ?? null,
      t.satisfaction ?? null,
      t.engineerRating ?? null,
      t.faultGrade ?? null,
      t.remarks ?? null,
      t.reopenedCaseNumber ?? null,
      t.complaintWorkflowId ?? null,
      t.breached,
      t.seq,
      t.closedAt ?? null,
    ],
  );
}

async function insertCallbackAttempt(dataSource: DataSource, a: CallbackAttemptRecord): Promise<void> {
  await dataSource.query(
    `INSERT INTO "callbacks" ("idempotency_key", "case_number", "level", "due_at", "reached", "satisfaction",
        "engineer_rating", "remarks", "extremely_dissatisfied", "caller_user_id", "recorded_at")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT ("idempotency_key") DO NOTHING`,
    [
      `callback-${a.callbackId}:attempt-${a.attempt}`,
      a.caseNumber,
      a.level,
      a.dueAt ?? null,
      a.reached,
      a.satisfaction ?? null,
      a.engineerRating ?? null,
      a.remarks ?? null,
      a.extremelyDissatisfied ?? false,
      a.callerUserId,
      a.recordedAt,
    ],
  );
}

async function linkedCaseStart(
  dataSource: DataSource,
  { key, caseNumber, reason }: LinkedCaseInput,
): Promise<LinkedCaseStart> {
  const [row]: Record<string, string | boolean | null>[] = await dataSource.query(
    `SELECT c.*, COALESCE(b."calendar_id", $2) AS "calendar_id"
       FROM "cases" c LEFT JOIN "branches" b ON b."id" = c."branch_id" WHERE c."number" = $1`,
    [caseNumber, DEFAULT_CALENDAR_ID],
  );
  if (!row) {
    throw refusal({ type: DomainErrorCode.NotFound, message: `Case ${caseNumber} was not found` });
  }
  const snapshots = new PolicySnapshotReader(dataSource);
  const calendar = await snapshots.calendarDefinition(row.calendar_id as string);
  const now = new Date();
  const { number } = await allocateCaseNumber(dataSource, {
    date: createCalendar(calendar).localDateOf(now),
    operatorNo: SYSTEM_OPERATOR_NO,
    idempotencyKey: `linked:${key}`,
  });
  // The new case runs under its branch's current case policy, as one logged by the hotline would.
  const { policy, calendars } = await snapshots.casePolicy((row.branch_id as string | null) ?? undefined);
  return {
    intake: {
      number,
      kind: row.kind === 'inquiry' ? 'inquiry' : 'service_request',
      channel: row.channel as never,
      category: row.category as never,
      dispatched: false,
      receivedAt: now.toISOString(),
      customer: {
        name: row.customer_name as string,
        phone: row.customer_phone as string,
        ...(row.customer_address ? { address: row.customer_address as string } : {}),
        tier: row.customer_tier as never,
        language: row.customer_language as never,
      },
      ...(row.product ? { product: row.product as string } : {}),
      description: `Reopened from case ${caseNumber}: ${reason}. The original request: ${row.description as string}`,
      ...(row.branch_id ? { branchId: row.branch_id as string } : {}),
      operator: { ...SYSTEM_ACTOR, operatorNo: SYSTEM_OPERATOR_NO },
    },
    policy,
    calendars,
    schedule: DEFAULT_SERVICE_SCHEDULE,
  };
}

async function sendWeeklySummary(
  dataSource: DataSource,
  dispatcher: NotificationDispatcher | undefined,
  { weekStart, weekEnd, timeZone }: WeeklySummaryInput,
): Promise<WeeklySummaryResult> {
  const zone = TimeZone.of(timeZone);
  const from = new Date(zone.instantAt(Date.parse(`${weekStart}T00:00:00Z`)));
  const to = new Date(zone.instantAt(Date.parse(`${weekEnd}T00:00:00Z`) + 86_400_000));
  const summary = await weeklySummary(dataSource, from, to);
  await dataSource.query(
    `INSERT INTO "callback_summaries" ("week_start", "week_end", "summary") VALUES ($1, $2, $3::jsonb)
     ON CONFLICT ("week_start") DO NOTHING`,
    [weekStart, weekEnd, JSON.stringify(summary)],
  );
  const managers: { id: string; name: string; language: string; email: string | null }[] =
    await dataSource.query(
      `SELECT "id", "name", "language", "email" FROM "staff"
        WHERE "role" IN ('manager', 'gm_office') AND "active" ORDER BY "id"`,
    );
  const text = summaryText(summary);
  const keys: string[] = [];
  for (const m of managers) {
    keys.push(
      ...(await tellStaff(
        dataSource.manager,
        (channel) => `weekly-summary:${weekStart}:${m.id}:${channel}`,
        { staffId: m.id, language: m.language, email: m.email },
        {
          template: NotificationType.WeeklySummary,
          data: {
            recipientName: m.name,
            weekStart,
            weekEnd,
            summary: text,
            link: consolePath({ page: 'callbacks' }),
          },
        },
      )),
    );
  }
  await dispatchByKeys(dispatcher, dataSource, keys);
  return { callbacksDone: summary.total.done, recipients: managers.length };
}

export interface SummaryLine {
  /** Callbacks finished (a reached customer or recorded unreachable). */
  done: number;
  reached: number;
  /** reached ÷ done, 0–100, one decimal. */
  reachedPercent: number;
  /** Mean satisfaction (1–5) of the reached customers. */
  satisfaction: number | null;
  reopened: number;
}

export interface WeeklySummary {
  total: SummaryLine;
  byBranch: (SummaryLine & { branchId: string })[];
  byEngineer: (SummaryLine & { staffId: string | null; name: string })[];
}

/**
 * A week of callbacks, all levels: each callback (case + level, or a level-3 task) counts once, reached if
 * any attempt reached the customer; reopened counts the cases a callback reopened (or relinked).
 */
export async function weeklySummary(db: DataSource, from: Date, to: Date): Promise<WeeklySummary> {
  const rows: {
    branch_id: string | null;
    staff_id: string | null;
    staff_name: string | null;
    done: number;
    reached: number;
    satisfaction: string | null;
    reopened: number;
  }[] = await db.query(
    `WITH "calls" AS (
       SELECT cb."case_number", cb."level", bool_or(cb."reached") AS "reached",
              max(cb."satisfaction") FILTER (WHERE cb."reached") AS "satisfaction"
         FROM "callbacks" cb
        WHERE cb."recorded_at" >= $1 AND cb."recorded_at" < $2
        GROUP BY cb."case_number", cb."level"
     ), "reopens" AS (
       -- Cases a callback reopened, and closed cases a level-3 callback opened again as a new linked case.
       SELECT "case_number", count(*)::int AS "n" FROM (
         SELECT e."case_number" FROM "case_events" e
          WHERE e."type" = 'reopened' AND e."at" >= $1 AND e."at" < $2 AND e."data" ? 'callbackLevel'
         UNION ALL
         SELECT t."case_number" FROM "callback_tasks" t
          WHERE t."closed_at" >= $1 AND t."closed_at" < $2 AND t."reopened_case_number" <> t."case_number"
       ) "r"
       GROUP BY "case_number"
     )
     SELECT c."branch_id", s."id" AS "staff_id", s."name" AS "staff_name",
            count(*)::int AS "done", count(*) FILTER (WHERE k."reached")::int AS "reached",
            avg(k."satisfaction") AS "satisfaction", COALESCE(sum(r."n"), 0)::int AS "reopened"
       FROM "calls" k JOIN "cases" c ON c."number" = k."case_number"
       LEFT JOIN "staff" s ON s."id" = c."assignee_id"
       LEFT JOIN "reopens" r ON r."case_number" = k."case_number"
      GROUP BY c."branch_id", s."id", s."name"`,
    [from, to],
  );
  const line = (group: typeof rows): SummaryLine => {
    const done = group.reduce((s, r) => s + r.done, 0);
    const reached = group.reduce((s, r) => s + r.reached, 0);
    const weighted = group.filter((r) => r.satisfaction !== null);
    const weight = weighted.reduce((s, r) => s + r.reached, 0);
    return {
      done,
      reached,
      reachedPercent: done ? Math.round((reached / done) * 1000) / 10 : 0,
      satisfaction: weight
        ? Math.round((weighted.reduce((s, r) => s + Number(r.satisfaction) * r.reached, 0) / weight) * 100) /
          100
        : null,
      reopened: group.reduce((s, r) => s + r.reopened, 0),
    };
  };
  const groupBy = <K>(key: (r: (typeof rows)[number]) => K) => {
    const groups = new Map<K, typeof rows>();
    for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    return [...groups];
  };
  return {
    total: line(rows),
    byBranch: groupBy((r) => r.branch_id ?? '')
      .map(([branchId, g]) => ({ branchId, ...line(g) }))
      .sort((a, b) => (a.branchId < b.branchId ? -1 : 1)),
    byEngineer: groupBy((r) => r.staff_id)
      .map(([staffId, g]) => ({ staffId, name: g[0].staff_name ?? 'unassigned', ...line(g) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

function summaryText(s: WeeklySummary): string {
  const fmt = (l: SummaryLine) =>
    `${l.done} callbacks, ${l.reachedPercent} % reached, satisfaction ${l.satisfaction ?? '–'}/5, ${l.reopened} reopened`;
  return [
    `All: ${fmt(s.total)}`,
    ...s.byBranch.map((b) => `Branch ${b.branchId || '(none)'}: ${fmt(b)}`),
    ...s.byEngineer.map((e) => `${e.name}: ${fmt(e)}`),
  ].join('\n');
}
