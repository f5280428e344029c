// The case workflows' side effects on PostgreSQL: the timeline and read model, escalation records with
// their notifications, the assignment check, and messages to customers. Each is one transaction, keyed so
// that a retry — after a crash, a timeout, a lost reply — leaves exactly the rows the first call left.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CaseView,
  defaultDepartmentFor,
  Department,
  DomainErrorCode,
  ladderTemplate,
  NotificationType,
  TimelineEntry,
} from '@caseflow/domain';
import { escalationMessage } from './escalation-message';
import {
  EscalationWriter,
  handOver as handOverRows,
  insertEscalationSql,
  type EscalationRecord,
  type RecipientLevel,
} from '@caseflow/persistence';
import {
  insertNotification,
  settledNotificationsCte,
  staffNotificationKeys,
  staffNotifications,
  tellStaff,
  type NotificationDispatcher,
} from '@caseflow/persistence/outbox';
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
import { refusal } from './refusal';

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

  const handOver = (keys: string[]) => handOverRows(dataSource, dispatcher, keys);

  // Each activity is a module-level function below, given what they share.
  const deps: Deps = { dataSource, dispatcher, warn, handOver };
  return {
    recordCaseEvent: (input: RecordCaseEventInput): Promise<void> => recordCaseEvent(deps, input),
    fireLadderStep: (input: FireLadderStepInput): Promise<FireLadderStepResult> =>
      fireLadderStep(deps, input),
    checkAssignable: (input: { staffId: string; caseNumber?: string }): Promise<AssignableStaff> =>
      checkAssignable(deps, input),
    notifyCustomer: (input: NotifyCustomerInput): Promise<void> => notifyCustomer(deps, input),
  };
}

/** What the activities share: the database, delivery of written outbox rows, and where warnings go. */
interface Deps {
  dataSource: DataSource;
  dispatcher?: NotificationDispatcher;
  warn: (message: string, meta?: Record<string, unknown>) => void;
  /** Hands the outbox rows with these keys to delivery (after their transaction committed). */
  handOver: (keys: string[]) => ReturnType<typeof handOverRows>;
}

/**
 * A ladder step and its timeline entry in one statement: the case row and commitments brought up to the
 * view, the escalation, its outbox rows (settled on write where writing is the delivery) and the entry,
 * which names the escalation. Reads first (the recipient from the chart, the message template), then one
 * write: a step costs a handful of round trips, which is what lets a worker keep up when thousands of
 * deadlines fall due together. A retry finds the escalation by its key and writes nothing new.
 */
async function fireStepOnTimeline(
  { dataSource, dispatcher, warn, handOver }: Deps,
  input: FireLadderStepInput,
  target: StaffTarget,
  { entry, view }: { entry: TimelineEntry; view: CaseView },
): Promise<FireLadderStepResult> {
  const key = `${input.workflowId}:${input.commitmentId}:${input.stepId}`;
  const db = dataSource.manager;
  const recipient = await resolveRecipient(db, {
    target,
    assigneeId: input.assigneeId ?? view.assignee?.id,
    branchId: input.branchId ?? view.branchId,
    department: view.department ?? defaultDepartmentFor(view.category),
    operatorUserId: view.operator.userId,
  });
  const timeZone = input.timeZone ?? 'UTC';
  const message = stepMessage(input, target, recipient.level, timeZone);
  const escalationId = randomUUID();
  const data = { ...stepFacts(input), escalationId, target, recipientLevel: recipient.level, message };
  // Staff hear of it on every staff channel the chart has an address for (in-app, e-mail).
  const rows = recipient.staffId
    ? staffNotifications(
        key,
        { staffId: recipient.staffId, language: recipient.language, email: recipient.email },
        { caseNumber: input.caseNumber, template: ladderTemplate(input), data },
      ).map((row) => ({
        ...row,
        id: randomUUID(),
        key: row.idempotencyKey,
        caseNumber: input.caseNumber,
        recipientStaffId: recipient.staffId!,
        recipientName: recipient.name,
        timeZone,
      }))
    : [];
  const settled = (await dispatcher?.settle?.(db, rows)) ?? [];

  const q = new Statement();
  const keyParam = q.add(key);
  const ctes = [
    `"escalation" AS (${insertEscalationSql(
      {
        ...escalationOf(input, key, target, recipient.level, recipient.staffId, message),
        id: escalationId,
      },
      (value) => q.add(value),
    )})`,
    // An earlier attempt's record (the statement's snapshot does not see its own insert).
    `"earlier" AS (SELECT "id", "recipient_staff_id" FROM "escalations" WHERE "idempotency_key" = ${keyParam})`,
    `"step" AS (SELECT * FROM "escalation" UNION ALL SELECT * FROM "earlier" LIMIT 1)`,
    // Only with a new escalation: a retry's recipient may differ, the first attempt's rows stand.
    settledNotificationsCte(
      (value) => q.add(value),
      rows.map((row, i) => ({
        ...row,
        status: settled[i]?.status ?? 'pending',
        // Sent, pending or kept undeliverable: with the words it sends (or would have sent).
        subject: settled[i]?.subject ?? null,
        body: settled[i]?.body ?? null,
        error: settled[i]?.status === 'undeliverable' ? settled[i].error : null,
      })),
    ),
  ];
  const entryData = `${q.add(jsonOrNull(entry.data ?? {}))}::jsonb || COALESCE((SELECT jsonb_build_object(
      'escalationId', s."id", 'recipients', CASE WHEN s."recipient_staff_id" IS NULL THEN '[]'::jsonb
        ELSE jsonb_build_array(s."recipient_staff_id") END) FROM "step" s), '{}'::jsonb)`;
  const [written]: { step: FireLadderStepResult | null; pending: string[] | null; inserted: boolean }[] =
    await db.query(
      `${timelineStatement(q, view, entry, { ctes, entryData })}
       SELECT (SELECT json_build_object('escalationId', s."id", 'recipients',
                 CASE WHEN s."recipient_staff_id" IS NULL THEN '[]'::json
                 ELSE json_build_array(s."recipient_staff_id") END) FROM "step" s) AS "step",
              EXISTS (SELECT 1 FROM "escalation") AS "inserted",
              (SELECT json_agg(o."id") FROM "outbox" o WHERE o."status" = 'pending') AS "pending"`,
      q.values,
    );

  if (written.inserted) {
    if (recipient.staffId === null) {
      warn(`Escalation ${key} has no recipient: the organisation chart has nobody for it`, {
        ...stepFacts(input),
        escalationId,
        target,
      });
    }
    // Rows settled on write need no workflow; the step is still an event for webhook subscribers.
    if (dispatcher && rows.length > 0)
      await dispatcher.dispatch({ notificationIds: written.pending ?? [], eventId: rows[0].id });
  } else {
    await handOver(staffNotificationKeys(key));
  }
  // Neither new nor seen: an attempt racing ours wrote it after our snapshot.
  return written.step ?? (await findEscalation(db, key)) ?? { recipients: [] };
}

async function recordCaseEvent(
  { dataSource, handOver, warn }: Deps,
  { workflowId, entry, view }: RecordCaseEventInput,
): Promise<void> {
  // The case row, its commitments and the entry are one statement (atomic on its own); a callback entry
  // also lands in `callbacks`, and the intake entry of a routed case queues the head's message, in the
  // same transaction.
  const headId = entry.type === 'case_received' ? view.routing?.headId : null;
  if (headId) {
    const keys = staffNotificationKeys(`${workflowId}:routed`);
    await dataSource.transaction(async (tx) => {
      await writeTimeline(tx, view, entry);
      await tellRoutedHead(tx, `${workflowId}:routed`, view, headId);
    });
    await handOver(keys);
    return;
  }
  if (!CALLBACK_ENTRY_TYPES.has(entry.type)) return writeTimeline(dataSource.manager, view, entry);
  await dataSource.transaction(async (tx) => {
    await writeTimeline(tx, view, entry);
    await recordCallback(tx, workflowId, view.number, entry, warn);
  });
}

async function fireLadderStep(deps: Deps, input: FireLadderStepInput): Promise<FireLadderStepResult> {
  const { dataSource, handOver, warn } = deps;
  const key = `${input.workflowId}:${input.commitmentId}:${input.stepId}`;
  const about = stepFacts(input);

  if (input.target === 'customer') {
    await insertNotification(dataSource.manager, {
      idempotencyKey: `${key}:notify`,
      caseNumber: input.caseNumber,
      recipientKind: 'customer',
      recipientAddress: input.customer.phone,
      channel: 'sms',
      template: ladderTemplate(input),
      language: input.customer.language ?? 'zh-CN',
      data: about,
    });
    if (input.timeline) {
      const { entry, view } = input.timeline;
      await writeTimeline(dataSource.manager, view, {
        ...entry,
        data: { ...entry.data, recipients: ['customer'] },
      });
    }
    await handOver([`${key}:notify`]);
    return { recipients: ['customer'] };
  }
  const target: StaffTarget = input.target;
  if (input.timeline) return fireStepOnTimeline(deps, input, target, input.timeline);

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
      throw new Error(`Case ${input.caseNumber} has no read-model row yet: recordCaseEvent must run first`);
    }

    const recipient = await resolveRecipient(tx, {
      target,
      assigneeId: input.assigneeId ?? row.assignee_id ?? undefined,
      branchId: input.branchId ?? row.branch_id ?? undefined,
      department: row.department ?? defaultDepartmentFor(row.category),
      operatorUserId: row.operator_user_id,
    });
    const message = stepMessage(input, target, recipient.level, row.time_zone ?? 'UTC');

    const escalationId = await new EscalationWriter(tx).insert(
      escalationOf(input, key, target, recipient.level, recipient.staffId, message),
    );
    // A concurrent attempt of the same step got there first: its record stands.
    if (!escalationId) return (await findEscalation(tx, key))!;

    if (recipient.staffId === null) {
      warn(`Escalation ${key} has no recipient: the organisation chart has nobody for it`, {
        ...about,
        escalationId,
        target,
      });
      return { escalationId, recipients: [] };
    }
    // In-app, and by e-mail too when the chart has an address for them (read from `staff`).
    await tellStaff(
      tx,
      key,
      { staffId: recipient.staffId, language: recipient.language },
      {
        caseNumber: input.caseNumber,
        escalationId,
        template: ladderTemplate(input),
        data: { ...about, escalationId, target, recipientLevel: recipient.level, message },
      },
    );
    return { escalationId, recipients: [recipient.staffId] };
  });
  await handOver(staffNotificationKeys(key));
  return result;
}

async function checkAssignable(
  { dataSource }: Deps,
  input: { staffId: string; caseNumber?: string },
): Promise<AssignableStaff> {
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
    throw assignmentRefusal(
      DomainErrorCode.NotFound,
      `No staff member has the id "${staffId}"`,
      'no such staff member',
    );
  }
  if (!staff.active) {
    throw assignmentRefusal(
      DomainErrorCode.ValidationFailed,
      `Staff ${staff.name} is not active and cannot be assigned`,
      `${staff.name} is not active`,
    );
  }
  if (!staff.certified) {
    throw assignmentRefusal(
      DomainErrorCode.ValidationFailed,
      `Staff ${staff.name} is not certified: only certified engineers can be assigned`,
      `${staff.name} is not certified`,
    );
  }
  if (staff.expired) {
    const on = staff.certification_expires_at!.toISOString();
    throw assignmentRefusal(
      DomainErrorCode.ValidationFailed,
      `Staff ${staff.name}'s certification expired on ${on}: only certified engineers can be assigned`,
      `${staff.name}'s certification expired on ${on}`,
    );
  }
  if (staff.suspended_at) {
    throw assignmentRefusal(
      DomainErrorCode.ValidationFailed,
      `Staff ${staff.name} is suspended (disqualified) and cannot be assigned`,
      `${staff.name} is suspended`,
    );
  }
  if (!staff.covers_product_line) {
    throw assignmentRefusal(
      DomainErrorCode.ValidationFailed,
      `Staff ${staff.name} holds no valid certificate for the product line "${staff.product_line}"`,
      `${staff.name} is not certified for the product line "${staff.product_line}"`,
    );
  }
  // Another branch's engineer only with a supervisor's reasoned override for this very case.
  if (staff.case_branch_id && staff.branch_id !== staff.case_branch_id && !staff.overridden) {
    throw assignmentRefusal(
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
}

async function notifyCustomer(
  { dataSource, handOver }: Deps,
  { idempotencyKey, caseNumber, customer, template, data }: NotifyCustomerInput,
): Promise<void> {
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

/** An assignment the rules refuse, naming the assigneeId field. */
function assignmentRefusal(type: DomainErrorCode, message: string, fieldMessage: string): ApplicationFailure {
  return refusal({ type, message, details: [{ errors: { assigneeId: [fieldMessage] } }] });
}

/** Timeline entries that record a callback attempt; both land in `callbacks` too (reached or not). */
const CALLBACK_ENTRY_TYPES = new Set(['callback_recorded', 'callback_not_reached']);

const jsonOrNull = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** What a step's records and messages say about it (notification data, log fields). */
function stepFacts(input: FireLadderStepInput) {
  return {
    caseNumber: input.caseNumber,
    commitmentId: input.commitmentId,
    commitmentKind: input.commitmentKind,
    stepId: input.stepId,
    action: input.action,
    commitmentDueAt: input.commitmentDueAt,
    stepDueAt: input.dueAt,
    firedAt: input.firedAt,
    lateMs: input.commitmentDueAt ? Date.parse(input.firedAt) - Date.parse(input.commitmentDueAt) : undefined,
    customerName: input.customer.name,
  };
}

/** The escalation's one readable sentence, in the case's local time. */
function stepMessage(
  input: FireLadderStepInput,
  target: StaffTarget,
  recipientLevel: RecipientLevel,
  timeZone: string,
): string {
  return escalationMessage({
    action: input.action,
    template: input.template,
    caseNumber: input.caseNumber,
    customerName: input.customer.name,
    commitmentKind: input.commitmentKind,
    commitmentDueAt: input.commitmentDueAt,
    firedAt: input.firedAt,
    timeZone,
    targetRole: target,
    recipientLevel,
  });
}

/** The parameters of one SQL statement being built: `add` answers the placeholder for a value. */
class Statement {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Written with the row, never from a later view: the customer record a case names may move (a merge, the
 * migration onto records of a case logged before them), and the workflow's view keeps the id it started with.
 */
const INSERT_ONLY_COLUMNS = new Set(['customer_id', 'contact_id', 'site_id', 'equipment_id']);

/**
 * The customer's personal fields on the row: once the customer is erased on request they stay erased, whatever
 * the case's workflow still holds in its state.
 */
const ERASABLE_COLUMNS = new Set(['customer_name', 'customer_phone', 'customer_address']);
const ERASED_CUSTOMER = `EXISTS (SELECT 1 FROM "customers" e WHERE e."id" = c."customer_id" AND e."erased_at" IS NOT NULL)`;

/** The case row's columns from a view. */
function caseColumns(view: CaseView): [string, unknown][] {
  const running = view.commitments.filter((c) => c.status === 'running' && c.dueAt);
  const nextDueAt = running.length
    ? running.map((c) => c.dueAt!).sort((a, b) => Date.parse(a) - Date.parse(b))[0]
    : null;
  return [
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
    ['customer_id', view.customer.id ?? null],
    ['contact_id', view.customer.contactId ?? null],
    ['site_id', view.customer.siteId ?? null],
    ['equipment_id', view.customer.equipmentId ?? null],
    ['product', view.product ?? null],
    ['description', view.description],
    ['branch_id', view.branchId ?? null],
    ['operator_user_id', view.operator.userId],
    ['operator_username', view.operator.username],
    ['operator_no', view.operator.operatorNo],
    ['assignee_id', view.assignee?.id ?? null],
    ['department', view.department ?? null],
    ['routing_department', view.routing?.department ?? null],
    ['routing_unit_id', view.routing?.unitId ?? null],
    ['routing_unit_name', view.routing?.unitName ?? null],
    ['routing_head_id', view.routing?.headId ?? null],
    ['routing_head_name', view.routing?.headName ?? null],
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
}

/**
 * The WITH clause of one statement that brings the read model up to `view` — the case row (created if
 * missing, refreshed only by a newer view, so an older retry never rolls the case back) and exactly the
 * view's commitments — and adds `entry` to the timeline once. `extra.ctes` run in the same statement before
 * the entry, whose data is `extra.entryData` (SQL) when given. Foreign keys are checked at the end of the
 * statement, so the case row may be new.
 */
function timelineStatement(
  q: Statement,
  view: CaseView,
  entry: TimelineEntry,
  extra?: { ctes: string[]; entryData: string },
): string {
  const columns = caseColumns(view);
  const number = q.add(view.number);
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const values = columns.map(([, value]) => q.add(value)).join(', ');
  const updates = columns
    .filter(([name]) => !INSERT_ONLY_COLUMNS.has(name))
    .map(([name]) =>
      ERASABLE_COLUMNS.has(name)
        ? `"${name}" = CASE WHEN ${ERASED_CUSTOMER} THEN c."${name}" ELSE EXCLUDED."${name}" END`
        : `"${name}" = EXCLUDED."${name}"`,
    )
    .join(', ');
  const commitments = [...new Map(view.commitments.map((c) => [c.id, c])).values()];
  return `WITH "case_row" AS (
      INSERT INTO "cases" AS c ("number", ${names}, "idempotency_key")
      VALUES (${number}, ${values}, (SELECT k."idempotency_key" FROM "case_intake_keys" k WHERE k."case_number" = ${number}))
      ON CONFLICT ("number") DO UPDATE SET ${updates}
      WHERE c."last_seq" < EXCLUDED."last_seq"
      RETURNING c."number"),
    "dropped" AS (
      DELETE FROM "commitments" WHERE "case_number" IN (SELECT "number" FROM "case_row")
        AND NOT ("commitment_id" = ANY (${q.add(commitments.map((c) => c.id))}::text[]))),
    "kept" AS (
      INSERT INTO "commitments" ("case_number", "commitment_id", "kind", "status", "policy_version", "started_at",
        "due_at", "warn_at", "breached", "breached_at", "met_at", "remaining_ms")
      SELECT r."number", x."id", x."kind", x."status", x."policyVersion", x."startedAt", x."dueAt", x."warnAt",
             x."breached", x."breachedAt", x."metAt", round(x."remainingMs")::bigint
        FROM "case_row" r CROSS JOIN jsonb_to_recordset(${q.add(JSON.stringify(commitments))}::jsonb) AS x("id" text,
             "kind" text, "status" text, "policyVersion" integer, "startedAt" timestamptz, "dueAt" timestamptz,
             "warnAt" timestamptz, "breached" boolean, "breachedAt" timestamptz, "metAt" timestamptz,
             "remainingMs" numeric)
      ON CONFLICT ("case_number", "commitment_id") DO UPDATE SET
        "kind" = EXCLUDED."kind", "status" = EXCLUDED."status", "policy_version" = EXCLUDED."policy_version",
        "started_at" = EXCLUDED."started_at", "due_at" = EXCLUDED."due_at", "warn_at" = EXCLUDED."warn_at",
        "breached" = EXCLUDED."breached", "breached_at" = EXCLUDED."breached_at", "met_at" = EXCLUDED."met_at",
        "remaining_ms" = EXCLUDED."remaining_ms"),
    ${extra ? `${extra.ctes.join(',\n    ')},` : ''}
    "entry" AS (
      INSERT INTO "case_events" ("case_number", "seq", "at", "type", "actor", "summary", "data")
      VALUES (${number}, ${q.add(entry.seq)}, ${q.add(entry.at)}, ${q.add(entry.type)}, ${q.add(entry.actor)},
        ${q.add(entry.summary)}, ${extra?.entryData ?? `${q.add(jsonOrNull(entry.data))}::jsonb`})
      ON CONFLICT ("case_number", "seq") DO NOTHING)`;
}

/** The read model brought up to `view` and `entry` on the timeline, in one statement. */
async function writeTimeline(db: EntityManager, view: CaseView, entry: TimelineEntry): Promise<void> {
  const q = new Statement();
  await db.query(`${timelineStatement(q, view, entry)} SELECT 1`, q.values);
}

/**
 * The routed-to head hears of a new case in-app, and by e-mail when the chart has an address (the staff
 * channels of a ladder step); keyed by the case's workflow, so a retried intake entry queues nothing new.
 */
async function tellRoutedHead(tx: EntityManager, key: string, view: CaseView, headId: string): Promise<void> {
  const [head]: { language: string; email: string | null }[] = await tx.query(
    `SELECT "language", "email" FROM "staff" WHERE "id" = $1`,
    [headId],
  );
  if (!head) return;
  await tellStaff(
    tx,
    key,
    { staffId: headId, language: head.language, email: head.email },
    {
      caseNumber: view.number,
      template: NotificationType.CaseRouted,
      data: {
        caseNumber: view.number,
        customerName: view.customer.name,
        category: view.category,
        department: view.routing?.department,
        unitName: view.routing?.unitName ?? undefined,
      },
    },
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
  const found = await new EscalationWriter(tx).find(key);
  return (
    found && { escalationId: found.id, recipients: found.recipientStaffId ? [found.recipientStaffId] : [] }
  );
}

/** A case ladder step's escalation record, addressed to where the step landed. */
function escalationOf(
  input: FireLadderStepInput,
  key: string,
  target: StaffTarget,
  recipientLevel: RecipientLevel,
  recipientStaffId: string | null,
  message: string,
): EscalationRecord {
  return {
    idempotencyKey: key,
    caseNumber: input.caseNumber,
    commitmentId: input.commitmentId,
    commitmentKind: input.commitmentKind,
    stepId: input.stepId,
    action: input.action,
    targetRole: target,
    recipientLevel,
    recipientStaffId,
    dueAt: input.dueAt,
    firedAt: input.firedAt,
    commitmentDueAt: input.commitmentDueAt ?? null,
    message,
  };
}
