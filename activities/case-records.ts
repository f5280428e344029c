// The case workflows' side effects on PostgreSQL: the timeline and read model, escalation records with
// their notifications, the assignment check, and messages to customers. Each is one transaction, keyed so
// that a retry — after a crash, a timeout, a lost reply — leaves exactly the rows the first call left.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CaseView,
  CommitmentSummary,
  defaultDepartmentFor,
  Department,
  DomainErrorCode,
  TimelineEntry,
} from '@caseflow/domain';
import { escalationMessage } from './escalation-message';
import type { NotificationDispatcher } from './notifications/dispatcher';
import { isUuid, resolveRecipient, StaffTarget } from './org-chart';
import type {
  AssignableStaff,
  CallbackRecordedData,
  CaseRecordActivities,
  FireLadderStepInput,
  FireLadderStepResult,
  NotifyCustomerInput,
  RecordCaseEventInput,
} from './types';

/** Where warnings go outside an activity context (tests, scripts); inside one, the activity's logger. */
export interface RecordsLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface CaseRecordDependencies {
  dataSource: DataSource;
  logger?: RecordsLogger;
  /** Hands written outbox rows to delivery (after their transaction committed); none: they stay pending. */
  dispatcher?: NotificationDispatcher;
}

export function createCaseRecordActivities({
  dataSource,
  logger,
  dispatcher,
}: CaseRecordDependencies): CaseRecordActivities {
  const warn = (message: string, meta?: Record<string, unknown>) => {
    let log: RecordsLogger;
    try {
      log = Context.current().log;
    } catch {
      log = logger ?? { warn: (m, extra) => console.warn(m, extra ?? '') };
    }
    log.warn(message, meta);
  };

  /**
   * Starts delivery of the rows with these keys, new or not: a retried activity cannot tell whether its
   * first attempt dispatched before it died, and a second dispatch of a row is refused by Temporal (one
   * workflow id per row). The first key's row is the event webhook subscribers receive.
   */
  const handOver = async (keys: string[]): Promise<void> => {
    if (!dispatcher) return;
    const rows: { id: string; idempotency_key: string }[] = await dataSource.query(
      `SELECT "id", "idempotency_key" FROM "notifications" WHERE "idempotency_key" = ANY ($1)`,
      [keys],
    );
    const ordered = keys.flatMap((k) => rows.filter((r) => r.idempotency_key === k).map((r) => r.id));
    if (ordered.length > 0) await dispatcher.dispatch({ notificationIds: ordered, eventId: ordered[0] });
  };

  return {
    async recordCaseEvent({ workflowId, entry, view }: RecordCaseEventInput): Promise<void> {
      await dataSource.transaction(async (tx) => {
        // The case row first (any view creates it if missing, so the timeline's foreign key always holds),
        // and only when this view is newer than the one stored: an older retry never rolls the case back.
        if (await upsertCase(tx, view)) await replaceCommitments(tx, view.number, view.commitments);
        await tx.query(
          `INSERT INTO "case_events" ("case_number", "seq", "at", "type", "actor", "summary", "data")
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
           ON CONFLICT ("case_number", "seq") DO NOTHING`,
          [view.number, entry.seq, entry.at, entry.type, entry.actor, entry.summary, jsonOrNull(entry.data)],
        );
        if (CALLBACK_ENTRY_TYPES.has(entry.type)) {
          await recordCallback(tx, workflowId, view.number, entry, warn);
        }
      });
    },

    async fireLadderStep(input: FireLadderStepInput): Promise<FireLadderStepResult> {
      const key = `${input.workflowId}:${input.commitmentId}:${input.stepId}`;
      const lateMs = input.commitmentDueAt
        ? Date.parse(input.firedAt) - Date.parse(input.commitmentDueAt)
        : undefined;
      const about = {
        caseNumber: input.caseNumber,
        commitmentId: input.commitmentId,
        commitmentKind: input.commitmentKind,
        stepId: input.stepId,
        action: input.action,
        commitmentDueAt: input.commitmentDueAt,
        stepDueAt: input.dueAt,
        firedAt: input.firedAt,
        lateMs,
        customerName: input.customer.name,
      };

      if (input.target === 'customer') {
        await insertNotification(dataSource.manager, {
          idempotencyKey: `${key}:notify`,
          caseNumber: input.caseNumber,
          recipientKind: 'customer',
          recipientAddress: input.customer.phone,
          channel: 'sms',
          template: input.template ?? `commitment_${input.action}`,
          language: input.customer.language ?? 'zh-CN',
          data: about,
        });
        await handOver([`${key}:notify`]);
        return { recipients: ['customer'] };
      }
      const target: StaffTarget = input.target;

      const result = await dataSource.transaction(async (tx): Promise<FireLadderStepResult> => {
        const existing = await findEscalation(tx, key);
        if (existing) return existing;

        const caseRows: CaseRow[] = await tx.query(
          `SELECT c."assignee_id", c."branch_id", c."department", c."category", c."operator_user_id",
                  (SELECT cal."definition"->>'timeZone' FROM "calendars" cal
                    WHERE cal."id" = COALESCE(b."calendar_id", 'default')) AS time_zone
             FROM "cases" c LEFT JOIN "branches" b ON b."id" = c."branch_id"
            WHERE c."number" = $1`,
          [input.caseNumber],
        );
        const row = caseRows[0];
        // Retryable on purpose: the case's first timeline entry (which creates the row) may still be in flight.
        if (!row) {
          throw new Error(
            `Case ${input.caseNumber} has no read-model row yet: recordCaseEvent must run first`,
          );
        }

        const recipient = await resolveRecipient(tx, {
          target,
          assigneeId: input.assigneeId ?? row.assignee_id ?? undefined,
          branchId: input.branchId ?? row.branch_id ?? undefined,
          department: row.department ?? defaultDepartmentFor(row.category),
          operatorUserId: row.operator_user_id,
        });
        const message = escalationMessage({
          action: input.action,
          template: input.template,
          caseNumber: input.caseNumber,
          customerName: input.customer.name,
          commitmentKind: input.commitmentKind,
          commitmentDueAt: input.commitmentDueAt,
          firedAt: input.firedAt,
          timeZone: row.time_zone ?? 'UTC',
          targetRole: target,
          recipientLevel: recipient.level,
        });

        const inserted: { id: string }[] = await tx.query(
          `INSERT INTO "escalations" ("idempotency_key", "case_number", "commitment_id", "commitment_kind", "step_id",
             "action", "target_role", "recipient_level", "recipient_staff_id", "due_at", "fired_at",
             "commitment_due_at", "message")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
           ON CONFLICT ("idempotency_key") DO NOTHING
           RETURNING "id"`,
          [
            key,
            input.caseNumber,
            input.commitmentId,
            input.commitmentKind,
            input.stepId,
            input.action,
            target,
            recipient.level,
            recipient.staffId,
            input.dueAt,
            input.firedAt,
            input.commitmentDueAt ?? null,
            message,
          ],
        );
        // A concurrent attempt of the same step got there first: its record stands.
        if (inserted.length === 0) return (await findEscalation(tx, key))!;
        const escalationId = inserted[0].id;

        if (recipient.staffId === null) {
          warn(`Escalation ${key} has no recipient: the organisation chart has nobody for it`, {
            ...about,
            escalationId,
            target,
          });
          return { escalationId, recipients: [] };
        }
        const notification = {
          caseNumber: input.caseNumber,
          escalationId,
          recipientKind: 'staff' as const,
          recipientStaffId: recipient.staffId,
          template: input.template ?? `commitment_${input.action}`,
          language: recipient.language,
          data: { ...about, escalationId, target, recipientLevel: recipient.level, message },
        };
        await insertNotification(tx, { ...notification, idempotencyKey: `${key}:notify`, channel: 'in_app' });
        // Staff hear of it by e-mail too, when the chart has an address for them (sent from `staff.email`).
        const [contact]: { email: string | null }[] = await tx.query(
          `SELECT "email" FROM "staff" WHERE "id" = $1`,
          [recipient.staffId],
        );
        if (contact?.email) {
          await insertNotification(tx, {
            ...notification,
            idempotencyKey: `${key}:email`,
            channel: 'email',
            recipientAddress: contact.email,
          });
        }
        return { escalationId, recipients: [recipient.staffId] };
      });
      await handOver([`${key}:notify`, `${key}:email`]);
      return result;
    },

    async checkAssignable(input: { staffId: string; caseNumber?: string }): Promise<AssignableStaff> {
      const { staffId } = input;
      const caseNumber = input.caseNumber ?? callingCaseNumber();
      const rows: StaffCheckRow[] = isUuid(staffId)
        ? await dataSource.query(
            `SELECT s."id", s."name", s."supervisor_id", s."active", s."certified", s."certification_expires_at",
                    (s."certification_expires_at" IS NOT NULL AND s."certification_expires_at" <= now()) AS expired,
                    s."suspended_at", s."branch_id",
                    c."branch_id" AS case_branch_id, product_line_of(c."product") AS product_line,
                    (product_line_of(c."product") IS NULL OR EXISTS (
                       SELECT 1 FROM "certificates" cert
                        WHERE cert."staff_id" = s."id" AND cert."state" = 'active' AND cert."expires_at" > now()
                          AND product_line_of(c."product") = ANY (cert."product_lines"))) AS covers_product_line,
                    EXISTS (SELECT 1 FROM "assignment_overrides" o
                             WHERE o."case_number" = c."number" AND o."staff_id" = s."id") AS overridden
               FROM "staff" s LEFT JOIN "cases" c ON c."number" = $2
              WHERE s."id" = $1`,
            [staffId, caseNumber ?? null],
          )
        : [];
      const staff = rows[0];
      if (!staff) {
        throw refusal(
          DomainErrorCode.NotFound,
          `No staff member has the id "${staffId}"`,
          'no such staff member',
        );
      }
      if (!staff.active) {
        throw refusal(
          DomainErrorCode.ValidationFailed,
          `Staff ${staff.name} is not active and cannot be assigned`,
          `${staff.name} is not active`,
        );
      }
      if (!staff.certified) {
        throw refusal(
          DomainErrorCode.ValidationFailed,
          `Staff ${staff.name} is not certified: only certified engineers can be assigned`,
          `${staff.name} is not certified`,
        );
      }
      if (staff.expired) {
        const on = staff.certification_expires_at!.toISOString();
        throw refusal(
          DomainErrorCode.ValidationFailed,
          `Staff ${staff.name}'s certification expired on ${on}: only certified engineers can be assigned`,
          `${staff.name}'s certification expired on ${on}`,
        );
      }
      if (staff.suspended_at) {
        throw refusal(
          DomainErrorCode.ValidationFailed,
          `Staff ${staff.name} is suspended (disqualified) and cannot be assigned`,
          `${staff.name} is suspended`,
        );
      }
      if (!staff.covers_product_line) {
        throw refusal(
          DomainErrorCode.ValidationFailed,
          `Staff ${staff.name} holds no valid certificate for the product line "${staff.product_line}"`,
          `${staff.name} is not certified for the product line "${staff.product_line}"`,
        );
      }
      // Another branch's engineer only with a supervisor's reasoned override for this very case.
      if (staff.case_branch_id && staff.branch_id !== staff.case_branch_id && !staff.overridden) {
        throw refusal(
          DomainErrorCode.ValidationFailed,
          `Staff ${staff.name} does not work in branch ${staff.case_branch_id}: a supervisor may override this with a reason`,
          `${staff.name} is not in the case's branch (${staff.case_branch_id})`,
        );
      }
      return {
        id: staff.id,
        name: staff.name,
        ...(staff.supervisor_id ? { supervisorId: staff.supervisor_id } : {}),
      };
    },

    async notifyCustomer({
      idempotencyKey,
      caseNumber,
      customer,
      template,
      data,
    }: NotifyCustomerInput): Promise<void> {
      await insertNotification(dataSource.manager, {
        idempotencyKey,
        caseNumber,
        recipientKind: 'customer',
        recipientAddress: customer.phone,
        channel: 'sms',
        template,
        language: customer.language ?? 'zh-CN',
        data: { ...data, caseNumber, customerName: customer.name },
      });
      await handOver([idempotencyKey]);
    },
  };
}

interface CaseRow {
  assignee_id: string | null;
  branch_id: string | null;
  department: Department | null;
  category: CaseView['category'];
  operator_user_id: string;
  time_zone: string | null;
}

interface StaffCheckRow {
  id: string;
  name: string;
  supervisor_id: string | null;
  active: boolean;
  certified: boolean;
  certification_expires_at: Date | null;
  expired: boolean;
  suspended_at: Date | null;
  branch_id: string | null;
  /** The case being assigned (null when the check is not about a known case). */
  case_branch_id: string | null;
  product_line: string | null;
  covers_product_line: boolean;
  overridden: boolean;
}

/** The case the calling workflow is about (`case-<number>`), when the check runs inside one. */
function callingCaseNumber(): string | undefined {
  try {
    const id = Context.current().info.workflowExecution?.workflowId;
    return id?.startsWith('case-') ? id.slice('case-'.length) : undefined;
  } catch {
    return undefined;
  }
}

function refusal(type: DomainErrorCode, message: string, fieldMessage: string): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: [{ errors: { assigneeId: [fieldMessage] } }],
  });
}

/** Timeline entries that record a callback attempt; both land in `callbacks` too (reached or not). */
const CALLBACK_ENTRY_TYPES = new Set(['callback_recorded', 'callback_not_reached']);

const jsonOrNull = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Inserts or refreshes the case row from the view; true when the view was applied (it was newer). */
async function upsertCase(tx: EntityManager, view: CaseView): Promise<boolean> {
  const running = view.commitments.filter((c) => c.status === 'running' && c.dueAt);
  const nextDueAt = running.length
    ? running.map((c) => c.dueAt!).sort((a, b) => Date.parse(a) - Date.parse(b))[0]
    : null;
  const columns: [string, unknown][] = [
    ['workflow_id', view.workflowId],
    ['kind', view.kind],
    ['state', view.state],
    ['resolution', view.resolution ?? null],
    ['channel', view.channel],
    ['category', view.category],
    ['dispatched', view.dispatched],
    ['customer_name', view.customer.name],
    ['customer_phone', view.customer.phone],
    ['customer_address', view.customer.address ?? null],
    ['customer_tier', view.customer.tier],
    ['customer_language', view.customer.language ?? 'zh-CN'],
    ['product', view.product ?? null],
    ['description', view.description],
    ['branch_id', view.branchId ?? null],
    ['operator_user_id', view.operator.userId],
    ['operator_username', view.operator.username],
    ['operator_no', view.operator.operatorNo],
    ['assignee_id', view.assignee?.id ?? null],
    ['department', view.department ?? null],
    ['visit_at', view.visitAt ?? null],
    ['summary', view.summary ?? null],
    ['fault_grade', view.faultGrade ?? null],
    ['received_at', view.receivedAt],
    ['resolved_at', view.resolvedAt ?? null],
    ['closed_at', view.closedAt ?? null],
    ['reopen_count', view.reopenCount],
    ['policy_id', view.policy.id],
    ['policy_version', view.policy.version],
    ['allowed_actions', view.allowedActions],
    ['breached', view.commitments.some((c) => c.breached)],
    ['next_due_at', nextDueAt],
    ['last_seq', view.lastSeq],
    ['updated_at', view.updatedAt],
  ];
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const values = columns.map((_, i) => `$${i + 2}`).join(', ');
  const updates = columns.map(([name]) => `"${name}" = EXCLUDED."${name}"`).join(', ');
  const applied: unknown[] = await tx.query(
    `INSERT INTO "cases" AS c ("number", ${names}, "idempotency_key")
     VALUES ($1, ${values}, (SELECT k."idempotency_key" FROM "case_intake_keys" k WHERE k."case_number" = $1))
     ON CONFLICT ("number") DO UPDATE SET ${updates}
     WHERE c."last_seq" < EXCLUDED."last_seq"
     RETURNING c."number"`,
    [view.number, ...columns.map(([, value]) => value)],
  );
  return applied.length > 0;
}

/** Makes the case's `commitments` rows exactly the view's commitments. */
async function replaceCommitments(tx: EntityManager, caseNumber: string, commitments: CommitmentSummary[]) {
  const byId = new Map(commitments.map((c) => [c.id, c]));
  await tx.query(
    `DELETE FROM "commitments" WHERE "case_number" = $1 AND NOT ("commitment_id" = ANY ($2::text[]))`,
    [caseNumber, [...byId.keys()]],
  );
  if (byId.size === 0) return;
  await tx.query(
    `INSERT INTO "commitments" ("case_number", "commitment_id", "kind", "status", "policy_version", "started_at",
       "due_at", "warn_at", "breached", "breached_at", "met_at", "remaining_ms")
     SELECT $1, x."id", x."kind", x."status", x."policyVersion", x."startedAt", x."dueAt", x."warnAt",
            x."breached", x."breachedAt", x."metAt", round(x."remainingMs")::bigint
       FROM jsonb_to_recordset($2::jsonb) AS x("id" text, "kind" text, "status" text, "policyVersion" integer,
            "startedAt" timestamptz, "dueAt" timestamptz, "warnAt" timestamptz, "breached" boolean,
            "breachedAt" timestamptz, "metAt" timestamptz, "remainingMs" numeric)
     ON CONFLICT ("case_number", "commitment_id") DO UPDATE SET
       "kind" = EXCLUDED."kind", "status" = EXCLUDED."status", "policy_version" = EXCLUDED."policy_version",
       "started_at" = EXCLUDED."started_at", "due_at" = EXCLUDED."due_at", "warn_at" = EXCLUDED."warn_at",
       "breached" = EXCLUDED."breached", "breached_at" = EXCLUDED."breached_at", "met_at" = EXCLUDED."met_at",
       "remaining_ms" = EXCLUDED."remaining_ms"`,
    [caseNumber, JSON.stringify([...byId.values()])],
  );
}

/** Projects a callback entry into `callbacks`; malformed data stays on the timeline only. */
async function recordCallback(
  tx: EntityManager,
  workflowId: string,
  caseNumber: string,
  entry: TimelineEntry,
  warn: (message: string, meta?: Record<string, unknown>) => void,
): Promise<void> {
  const data = (entry.data ?? {}) as Partial<CallbackRecordedData>;
  const score = (v: unknown) =>
    v === undefined || v === null || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5);
  if (
    ![1, 2, 3].includes(data.level as number) ||
    typeof data.reached !== 'boolean' ||
    !score(data.satisfaction) ||
    !score(data.engineerRating)
  ) {
    warn(`Callback entry ${workflowId}:${entry.seq} has unexpected data; it stays on the timeline only`, {
      caseNumber,
      data: entry.data,
    });
    return;
  }
  await tx.query(
    `INSERT INTO "callbacks" ("idempotency_key", "case_number", "level", "due_at", "reached", "satisfaction",
       "engineer_rating", "remarks", "extremely_dissatisfied", "caller_user_id", "recorded_at")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT ("idempotency_key") DO NOTHING`,
    [
      `${workflowId}:${entry.seq}`,
      caseNumber,
      data.level,
      data.dueAt ?? null,
      data.reached,
      data.satisfaction ?? null,
      data.engineerRating ?? null,
      data.remarks ?? null,
      data.extremelyDissatisfied ?? false,
      data.callerUserId ?? entry.actor,
      entry.at,
    ],
  );
}

async function findEscalation(tx: EntityManager, key: string): Promise<FireLadderStepResult | undefined> {
  const rows: { id: string; recipient_staff_id: string | null }[] = await tx.query(
    `SELECT "id", "recipient_staff_id" FROM "escalations" WHERE "idempotency_key" = $1`,
    [key],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { escalationId: row.id, recipients: row.recipient_staff_id ? [row.recipient_staff_id] : [] };
}

interface OutboxRow {
  idempotencyKey: string;
  caseNumber: string;
  escalationId?: string;
  recipientKind: 'staff' | 'customer';
  recipientStaffId?: string;
  recipientAddress?: string;
  channel: 'in_app' | 'sms' | 'email';
  template: string;
  language: string;
  data: Record<string, unknown>;
}

/** One outbox row per key; a second write with the same key is a no-op. */
async function insertNotification(db: EntityManager, row: OutboxRow): Promise<void> {
  await db.query(
    `INSERT INTO "notifications" ("idempotency_key", "case_number", "escalation_id", "recipient_kind",
       "recipient_staff_id", "recipient_address", "channel", "template", "language", "data")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
     ON CONFLICT ("idempotency_key") DO NOTHING`,
    [
      row.idempotencyKey,
      row.caseNumber,
      row.escalationId ?? null,
      row.recipientKind,
      row.recipientStaffId ?? null,
      row.recipientAddress ?? null,
      row.channel,
      row.template,
      row.language,
      JSON.stringify(row.data),
    ],
  );
}
