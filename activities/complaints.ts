// The complaint workflow's side effects on PostgreSQL: its number, its timeline and read model, routing to
// the responsible supervisor (complaint desk copied) and to the GM office, ladder steps, and the handling
// report's penalty proposals. Each is one transaction, keyed so that a retry leaves exactly the rows the
// first call left.
import type { DataSource, EntityManager } from 'typeorm';
import {
  complaintLadderTemplate,
  consolePath,
  currentComplaintSource,
  DEFAULT_COMPLAINT_ROUND_LIMIT,
  DomainErrorCode,
  formatComplaintNumber,
  NotificationType,
  type ComplaintView,
  type StaffRef,
} from '@caseflow/domain';
import { EscalationWriter, handOver as handOverRows, PolicySnapshotReader } from '@caseflow/persistence';
import {
  insertNotification,
  staffNotificationKeys,
  tellStaff as tellStaffMember,
} from '@caseflow/persistence/outbox';
import { TimeZone } from '@caseflow/sla';
import type {
  ComplaintActivities,
  FireComplaintStepInput,
  OpenComplaintInput,
  ProposePenaltiesInput,
  RecordComplaintEventInput,
  RouteComplaintInput,
  RouteToGmOfficeInput,
} from './complaint-types';
import { escalationMessage } from './escalation-message';
import type { NotificationDispatcher } from './notifications/dispatcher';
import { departmentSupervisor, gmOffice, isUuid, resolveRecipient, type Recipient } from './org-chart';
import { refusal } from './refusal';

export interface ComplaintDependencies {
  dataSource: DataSource;
  /** Hands written outbox rows to delivery (after their transaction committed); none: they stay pending. */
  dispatcher?: NotificationDispatcher;
}

/** Settings key (`settings` table) of the complaint procedure's tunables: `{ "roundLimit": 3 }`. */
export const COMPLAINT_SETTINGS_KEY = 'complaints';

export function createComplaintActivities(deps: ComplaintDependencies): ComplaintActivities {
  // One factory per concern, each short enough to read on its own.
  return {
    ...recordActivities(deps),
    ...routingActivities(deps),
    ...ladderActivities(deps),
    ...reportActivities(deps),
  };
}

/** The complaint's number, policy and settings; its timeline and read model. */
function recordActivities({
  dataSource,
}: ComplaintDependencies): Pick<ComplaintActivities, 'openComplaint' | 'recordComplaintEvent'> {
  return {
    async openComplaint({ workflowId, intake }: OpenComplaintInput) {
      const number = await dataSource.transaction(async (tx) => {
        const [existing]: { number: string }[] = await tx.query(
          `SELECT "number" FROM "complaint_numbers" WHERE "workflow_id" = $1`,
          [workflowId],
        );
        if (existing) return existing.number;
        // One allocation at a time: the day's serial is the next after the day's highest.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('complaint_numbers'))`);
        const date = await localDate(tx, intake.branchId, intake.receivedAt);
        const [{ serial }]: { serial: number }[] = await tx.query(
          `SELECT COALESCE(MAX("serial"), 0) + 1 AS "serial" FROM "complaint_numbers" WHERE "date" = $1`,
          [date],
        );
        const allocated = formatComplaintNumber(date, serial);
        await tx.query(
          `INSERT INTO "complaint_numbers" ("workflow_id", "number", "date", "serial") VALUES ($1, $2, $3, $4)`,
          [workflowId, allocated, date, serial],
        );
        return allocated;
      });

      // The complaint runs under its branch's complaint policy, on its branch's calendar.
      const { policy, calendars } = await new PolicySnapshotReader(dataSource).complaintPolicy(
        intake.branchId,
      );
      const [setting]: { value: { roundLimit?: unknown } }[] = await dataSource.query(
        `SELECT "value" FROM "settings" WHERE "key" = $1`,
        [COMPLAINT_SETTINGS_KEY],
      );
      const limit = setting?.value?.roundLimit;
      return {
        number,
        policy,
        calendars,
        roundLimit:
          Number.isInteger(limit) && (limit as number) >= 1
            ? (limit as number)
            : DEFAULT_COMPLAINT_ROUND_LIMIT,
      };
    },

    async recordComplaintEvent({ entry, view }: RecordComplaintEventInput): Promise<void> {
      await dataSource.transaction(async (tx) => {
        if (await upsertComplaint(tx, view)) await replaceCommitments(tx, view);
        await tx.query(
          `INSERT INTO "complaint_events" ("complaint_number", "seq", "round", "at", "type", "actor", "summary", "data")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
           ON CONFLICT ("complaint_number", "seq") DO NOTHING`,
          [
            view.number,
            entry.seq,
            entry.round,
            entry.at,
            entry.type,
            entry.actor,
            entry.summary,
            entry.data === undefined ? null : JSON.stringify(entry.data),
          ],
        );
      });
    },
  };
}

/** Routing to the responsible supervisor (complaint desk copied) and to the GM office. */
function routingActivities({
  dataSource,
  dispatcher,
}: ComplaintDependencies): Pick<ComplaintActivities, 'routeComplaint' | 'routeToGmOffice'> {
  const handOver = (keys: string[]) => handOverRows(dataSource, dispatcher, keys);

  return {
    async routeComplaint(input: RouteComplaintInput) {
      const key = `${input.workflowId}:round-${input.round}:forward`;
      const { result, keys } = await dataSource.transaction(async (tx) => {
        const supervisor = await departmentSupervisor(tx, {
          department: input.department,
          branchId: input.branchId,
        });
        const desk = await resolveRecipient(tx, { target: 'quality_desk', branchId: input.branchId });
        const data = {
          caseNumber: input.complaintNumber,
          customerName: input.customerName,
          dueAt: input.answerDueAt,
          message: input.summary,
          round: input.round,
        };
        const written = [
          ...(await tellStaff(tx, supervisor, {
            key: `${key}:supervisor`,
            complaintNumber: input.complaintNumber,
            template: NotificationType.ComplaintForwarded,
            data,
          })),
          // The complaint desk is copied, unless it is the same person.
          ...(desk.staffId !== supervisor.staffId
            ? await tellStaff(tx, desk, {
                key: `${key}:quality`,
                complaintNumber: input.complaintNumber,
                template: NotificationType.ComplaintForwarded,
                data,
              })
            : []),
        ];
        return { result: { supervisor: ref(supervisor), qualityDesk: ref(desk) }, keys: written };
      });
      await handOver(keys);
      return result;
    },

    async routeToGmOffice(input: RouteToGmOfficeInput): Promise<StaffRef> {
      const key = `${input.workflowId}:round-${input.round}:gm-office`;
      const { gm, keys } = await dataSource.transaction(async (tx) => {
        const gm = await gmOffice(tx);
        const keys = await tellStaff(tx, gm, {
          key,
          complaintNumber: input.complaintNumber,
          template: NotificationType.ComplaintGmReview,
          data: {
            caseNumber: input.complaintNumber,
            customerName: input.customerName,
            message: input.summary,
            round: input.round,
          },
        });
        return { gm, keys };
      });
      await handOver(keys);
      return ref(gm);
    },
  };
}

/** The ladder steps of the complaint's commitments. */
function ladderActivities({
  dataSource,
  dispatcher,
}: ComplaintDependencies): Pick<ComplaintActivities, 'fireComplaintStep'> {
  const handOver = (keys: string[]) => handOverRows(dataSource, dispatcher, keys);

  return {
    async fireComplaintStep(input: FireComplaintStepInput) {
      const key = `${input.workflowId}:${input.commitmentId}:${input.stepId}`;
      const lateMs = input.commitmentDueAt
        ? Date.parse(input.firedAt) - Date.parse(input.commitmentDueAt)
        : undefined;
      const data = {
        caseNumber: input.complaintNumber,
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
          caseNumber: input.complaintNumber,
          recipientKind: 'customer',
          recipientAddress: input.customer.phone,
          channel: 'sms',
          template: complaintLadderTemplate(input),
          language: input.customer.language ?? 'zh-CN',
          data,
        });
        await handOver([`${key}:notify`]);
        return { recipients: ['customer'] };
      }
      const target = input.target;
      const template = complaintLadderTemplate(input);
      const { recipients, keys } = await dataSource.transaction(async (tx) => {
        // A retry finds the first attempt's escalation (and the rows written with it) by its key.
        const earlier = await findEscalation(tx, key);
        if (earlier) return { recipients: earlier, keys: staffNotificationKeys(key) };
        // The responsible supervisor is the complaint's "assignee": 'supervisor' and 'assignee' reach them,
        // 'manager' the person above them (or, where the chart stops, the GM office).
        let recipient: Recipient;
        if (target === 'assignee' || target === 'supervisor') {
          recipient = await departmentSupervisor(tx, {
            department: input.department,
            branchId: input.branchId,
          });
        } else if (target === 'manager') {
          const supervisor = await departmentSupervisor(tx, {
            department: input.department,
            branchId: input.branchId,
          });
          recipient = await resolveRecipient(tx, {
            target: 'supervisor',
            assigneeId: supervisor.staffId ?? undefined,
            branchId: input.branchId,
            department: input.department,
          });
          if (recipient.staffId === supervisor.staffId) recipient = await gmOffice(tx);
          // The supervisor's own supervisor is, for this complaint, its manager.
          else if (recipient.level === 'supervisor') recipient = { ...recipient, level: 'manager' };
        } else {
          recipient = await resolveRecipient(tx, {
            target,
            branchId: input.branchId,
            department: input.department,
          });
        }
        const message = escalationMessage({
          action: input.action,
          template: input.template,
          caseNumber: input.complaintNumber,
          about: 'complaint',
          customerName: input.customer.name,
          commitmentKind: input.commitmentKind,
          commitmentDueAt: input.commitmentDueAt,
          firedAt: input.firedAt,
          timeZone: await new PolicySnapshotReader(tx).timeZone(input.branchId),
          targetRole: target,
          recipientLevel: recipient.level,
        });
        // The inbox line, like a case's step: about the complaint, addressed to where the step landed.
        const escalationId = await new EscalationWriter(tx).insert({
          idempotencyKey: key,
          complaintNumber: input.complaintNumber,
          commitmentId: input.commitmentId,
          commitmentKind: input.commitmentKind,
          stepId: input.stepId,
          action: input.action,
          targetRole: target,
          recipientLevel: recipient.level,
          recipientStaffId: recipient.staffId,
          dueAt: input.dueAt,
          firedAt: input.firedAt,
          commitmentDueAt: input.commitmentDueAt ?? null,
          message,
        });
        // A concurrent attempt of the same step got there first: its record (and its rows) stand.
        if (!escalationId) return { recipients: (await findEscalation(tx, key)) ?? [], keys: [] };
        const keys = await tellStaff(tx, recipient, {
          key,
          complaintNumber: input.complaintNumber,
          template,
          escalationId,
          data: { ...data, escalationId, target, recipientLevel: recipient.level, message },
        });
        return { recipients: recipient.staffId ? [recipient.staffId] : [], keys };
      });
      await handOver(keys);
      return { recipients };
    },
  };
}

/** The handling report: the staff it names, and its penalty proposals. */
function reportActivities({
  dataSource,
}: ComplaintDependencies): Pick<ComplaintActivities, 'checkStaffInvolved' | 'proposePenalties'> {
  return {
    async checkStaffInvolved({ staffIds }: { staffIds: string[] }): Promise<StaffRef[]> {
      const valid = staffIds.filter(isUuid);
      const rows: { id: string; name: string }[] = valid.length
        ? await dataSource.query(`SELECT "id", "name" FROM "staff" WHERE "id" = ANY ($1::uuid[])`, [valid])
        : [];
      const errors: Record<string, string[]> = {};
      staffIds.forEach((id, i) => {
        if (!rows.some((r) => r.id === id))
          errors[`staffInvolved[${i}].staffId`] = [`no staff member has the id "${id}"`];
      });
      if (Object.keys(errors).length > 0) {
        throw refusal({
          type: DomainErrorCode.ValidationFailed,
          message: `Unknown staff in the handling report: ${Object.keys(errors).join(', ')}`,
          details: [{ errors }],
        });
      }
      return staffIds.map((id) => ({ staffId: id, name: rows.find((r) => r.id === id)!.name }));
    },

    async proposePenalties({ complaintNumber, round, proposals, proposedBy }: ProposePenaltiesInput) {
      let proposed = 0;
      await dataSource.transaction(async (tx) => {
        for (const p of proposals) {
          const inserted: unknown[] = await tx.query(
            `INSERT INTO "penalties" ("staff_id", "kind", "amount", "reason", "source", "complaint_number",
               "proposed_by_user_id", "proposed_by", "idempotency_key")
             VALUES ($1, $2, $3, $4, 'complaint', $5, $6, $7, $8)
             ON CONFLICT ("idempotency_key") DO NOTHING
             RETURNING "id"`,
            [
              p.staffId,
              p.kind,
              p.amount ?? null,
              p.reason,
              complaintNumber,
              proposedBy.userId,
              proposedBy.username,
              penaltyKey(complaintNumber, round, p.staffId),
            ],
          );
          proposed += inserted.length;
        }
      });
      return { proposed };
    },
  };
}

/** In-app (and e-mail, when the chart has an address) to one member of staff; answers the keys written. */
async function tellStaff(
  tx: EntityManager,
  recipient: Recipient,
  message: {
    key: string;
    complaintNumber: string;
    template: NotificationType;
    data: Record<string, unknown>;
    escalationId?: string;
  },
): Promise<string[]> {
  if (recipient.staffId === null) return [];
  return tellStaffMember(
    tx,
    message.key,
    { staffId: recipient.staffId, language: recipient.language },
    {
      caseNumber: message.complaintNumber,
      escalationId: message.escalationId,
      template: message.template,
      data: {
        ...message.data,
        recipientName: recipient.name,
        link: consolePath({ page: 'complaint', number: message.complaintNumber }),
      },
    },
  );
}

/** One proposal per complaint, round and staff member: a retried report proposes nothing new. */
export const penaltyKey = (complaintNumber: string, round: number, staffId: string) =>
  `complaint-${complaintNumber}-round-${round}-${staffId}`;

/** The staff a complaint step's escalation reached (empty when the chart had nobody), if it was written. */
async function findEscalation(tx: EntityManager, key: string): Promise<string[] | undefined> {
  const found = await new EscalationWriter(tx).find(key);
  return found && (found.recipientStaffId ? [found.recipientStaffId] : []);
}

const ref = (r: Recipient): StaffRef => ({ staffId: r.staffId, ...(r.name ? { name: r.name } : {}) });

/** The business date the complaint was received on, in its branch calendar's time zone. */
async function localDate(
  tx: EntityManager,
  branchId: string | undefined,
  receivedAt: string,
): Promise<string> {
  const zone = TimeZone.of(await new PolicySnapshotReader(tx).timeZone(branchId));
  return new Date(zone.wallClockAt(Date.parse(receivedAt))).toISOString().slice(0, 10);
}

/** Inserts or refreshes the complaint row from the view; true when the view was applied (it was newer). */
async function upsertComplaint(tx: EntityManager, workflowView: ComplaintView): Promise<boolean> {
  // A complaint started before `hotline` was renamed `phone` still says hotline: the read model says phone.
  const view = { ...workflowView, source: currentComplaintSource(workflowView.source) };
  const running = view.commitments.filter((c) => c.status === 'running' && c.dueAt).map((c) => c.dueAt!);
  const nextDueAt = running.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
  const columns: [string, unknown][] = [
    ['workflow_id', view.workflowId],
    ['state', view.state],
    ['source', view.source],
    ['category', view.category],
    ['complexity', view.complexity],
    ['department', view.department],
    ['customer_name', view.customer.name],
    ['customer_phone', view.customer.phone],
    ['customer_tier', view.customer.tier],
    ['customer_id', view.customer.id ?? null],
    ['contact_id', view.customer.contactId ?? null],
    ['description', view.description],
    ['branch_id', view.branchId ?? null],
    ['source_case_number', view.sourceCaseNumber ?? null],
    ['source_callback_id', view.sourceCallbackId ?? null],
    ['source_evaluation_id', view.sourceEvaluationId ?? null],
    ['raised_by', view.raisedBy.username],
    ['received_at', view.receivedAt],
    ['round', view.round],
    ['round_limit', view.roundLimit],
    ['policy_id', view.policy.id],
    ['policy_version', view.policy.version],
    ['allowed_actions', view.allowedActions],
    ['breached', view.breached],
    ['next_due_at', nextDueAt],
    ['closed_at', view.closedAt ?? null],
    ['view', JSON.stringify(view)],
    ['last_seq', view.lastSeq],
    ['updated_at', view.updatedAt],
  ];
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const values = columns.map(([name], i) => (name === 'view' ? `$${i + 2}::jsonb` : `$${i + 2}`)).join(', ');
  // The customer record is the row's own after the first write (a merge moves it; see case-records.ts).
  // An erased customer's personal fields stay erased, whatever the workflow still holds.
  const erased = `EXISTS (SELECT 1 FROM "customers" e WHERE e."id" = c."customer_id" AND e."erased_at" IS NOT NULL)`;
  const updates = columns
    .filter(([name]) => name !== 'customer_id' && name !== 'contact_id')
    .map(([name]) =>
      name === 'customer_name' || name === 'customer_phone'
        ? `"${name}" = CASE WHEN ${erased} THEN c."${name}" ELSE EXCLUDED."${name}" END`
        : name === 'view'
          ? `"view" = CASE WHEN ${erased} THEN jsonb_set(EXCLUDED."view", '{customer}', c."view" -> 'customer') ELSE EXCLUDED."view" END`
          : `"${name}" = EXCLUDED."${name}"`,
    )
    .join(', ');
  const applied: unknown[] = await tx.query(
    `INSERT INTO "complaints" AS c ("number", ${names}) VALUES ($1, ${values})
     ON CONFLICT ("number") DO UPDATE SET ${updates}
     WHERE c."last_seq" < EXCLUDED."last_seq"
     RETURNING c."number"`,
    [view.number, ...columns.map(([, value]) => value)],
  );
  return applied.length > 0;
}

/** Makes the complaint's `complaint_commitments` rows exactly the view's commitments. */
async function replaceCommitments(tx: EntityManager, view: ComplaintView): Promise<void> {
  await tx.query(`DELETE FROM "complaint_commitments" WHERE "complaint_number" = $1`, [view.number]);
  if (view.commitments.length === 0) return;
  await tx.query(
    `INSERT INTO "complaint_commitments" ("complaint_number", "commitment_id", "round", "kind", "status",
       "policy_version", "started_at", "due_at", "breached", "breached_at", "met_at")
     SELECT $1, x."id", x."round", x."kind", x."status", x."policyVersion", x."startedAt", x."dueAt",
            x."breached", x."breachedAt", x."metAt"
       FROM jsonb_to_recordset($2::jsonb) AS x("id" text, "round" integer, "kind" text, "status" text,
            "policyVersion" integer, "startedAt" timestamptz, "dueAt" timestamptz, "breached" boolean,
            "breachedAt" timestamptz, "metAt" timestamptz)`,
    [view.number, JSON.stringify(view.commitments)],
  );
}
