// Staff supervision's side effects: certification reminders and expiry, and flagging an engineer's open
// cases for reassignment when they may no longer work them (certificate lapsed or revoked, disqualified).
// Every write is keyed (workflow id + expiry, or the penalty), so a retry leaves what the first call left.
import type { DataSource, EntityManager } from 'typeorm';
import { consolePath, NotificationType, OPEN_CASE_STATES, type Department } from '@caseflow/domain';
import type { ReassignmentReason } from '@caseflow/persistence';
import type { NotificationDispatcher } from './notifications/dispatcher';
import { resolveRecipient } from './org-chart';
import type { CertificateTimeInput, RemindResult, StaffActivities, WithdrawResult } from './staff-types';

/** How long a supervisor has to reassign a flagged case (the commitment on the flag). */
export const REASSIGNMENT_DUE_MS = 24 * 3600_000;

export interface StaffActivityDependencies {
  dataSource: DataSource;
  dispatcher?: NotificationDispatcher;
}

interface CertificateRow {
  id: string;
  staff_id: string;
  state: string;
  expires_at: Date;
  product_lines: string[];
  staff_name: string;
  supervisor_id: string | null;
  language: string;
  supervisor_language: string | null;
}

export function createStaffActivities({
  dataSource,
  dispatcher,
}: StaffActivityDependencies): StaffActivities {
  const handOver = async (keys: string[]): Promise<void> => {
    if (!dispatcher || keys.length === 0) return;
    const rows: { id: string; idempotency_key: string }[] = await dataSource.query(
      `SELECT "id", "idempotency_key" FROM "notifications" WHERE "idempotency_key" = ANY ($1)`,
      [keys],
    );
    const ids = keys.flatMap((k) => rows.filter((r) => r.idempotency_key === k).map((r) => r.id));
    if (ids.length > 0) await dispatcher.dispatch({ notificationIds: ids, eventId: ids[0] });
  };

  return {
    async remindCertificationExpiry(input: CertificateTimeInput): Promise<RemindResult> {
      const key = `${input.workflowId}:${input.expiresAt}:remind`;
      const keys: string[] = [];
      const recipients = await dataSource.transaction(async (tx) => {
        const cert = await loadCertificate(tx, input.certificateId);
        if (!cert || cert.state !== 'active' || cert.expires_at.toISOString() !== input.expiresAt) return [];
        const data = {
          certificateId: cert.id,
          staffId: cert.staff_id,
          staffName: cert.staff_name,
          productLines: cert.product_lines,
          expiresAt: input.expiresAt,
        };
        const told: string[] = [];
        const tell = async (staffId: string, language: string, who: string) => {
          const k = `${key}:${who}`;
          await insertStaffNotification(
            tx,
            k,
            staffId,
            NotificationType.CertificationExpiring,
            language,
            data,
          );
          keys.push(k);
          told.push(staffId);
        };
        await tell(cert.staff_id, cert.language, 'engineer');
        if (cert.supervisor_id)
          await tell(cert.supervisor_id, cert.supervisor_language ?? 'zh-CN', 'supervisor');
        await tx.query(
          `UPDATE "certificates" SET "reminded_at" = now() WHERE "id" = $1 AND "reminded_at" IS NULL`,
          [cert.id],
        );
        return told;
      });
      await handOver(keys);
      return { recipients };
    },

    async expireCertificate(input: CertificateTimeInput): Promise<WithdrawResult> {
      return dataSource.transaction(async (tx) => {
        // Lapses only the expiry the workflow waited for: a renewal that raced the timer wins.
        const updated: { staff_id: string }[] = await tx.query(
          `UPDATE "certificates" SET "state" = 'expired', "expired_at" = now(), "updated_at" = now()
            WHERE "id" = $1 AND "state" = 'active' AND "expires_at" = $2
            RETURNING "staff_id"`,
          [input.certificateId, input.expiresAt],
        );
        const cert = await loadCertificate(tx, input.certificateId);
        if (
          !cert ||
          (updated.length === 0 && !(cert.state === 'expired' && sameTime(cert.expires_at, input.expiresAt)))
        ) {
          return { withdrawn: false, flagged: 0 };
        }
        await tx.query(`SELECT "refresh_staff_certification"($1)`, [cert.staff_id]);
        const flagged = await flagCasesForReassignment(tx, {
          staffId: cert.staff_id,
          reason: 'certification_expired',
          key: `${input.workflowId}:${input.expiresAt}`,
        });
        return { withdrawn: true, flagged };
      });
    },

    async settleRevokedCertificate(input): Promise<WithdrawResult> {
      return dataSource.transaction(async (tx) => {
        const cert = await loadCertificate(tx, input.certificateId);
        if (!cert || cert.state !== 'revoked') return { withdrawn: false, flagged: 0 };
        await tx.query(`SELECT "refresh_staff_certification"($1)`, [cert.staff_id]);
        const flagged = await flagCasesForReassignment(tx, {
          staffId: cert.staff_id,
          reason: 'certificate_revoked',
          key: `${input.workflowId}:revoked`,
        });
        return { withdrawn: true, flagged };
      });
    },
  };
}

const sameTime = (a: Date, iso: string) => a.getTime() === Date.parse(iso);

async function loadCertificate(tx: EntityManager, id: string): Promise<CertificateRow | undefined> {
  const rows: CertificateRow[] = await tx.query(
    `SELECT c."id", c."staff_id", c."state", c."expires_at", c."product_lines", s."name" AS staff_name,
            s."supervisor_id", s."language", sup."language" AS supervisor_language
       FROM "certificates" c JOIN "staff" s ON s."id" = c."staff_id"
       LEFT JOIN "staff" sup ON sup."id" = s."supervisor_id"
      WHERE c."id" = $1`,
    [id],
  );
  return rows[0];
}

async function insertStaffNotification(
  tx: EntityManager,
  key: string,
  staffId: string,
  template: NotificationType,
  language: string,
  data: Record<string, unknown>,
  extra: { caseNumber?: string; escalationId?: string } = {},
): Promise<void> {
  await tx.query(
    `INSERT INTO "notifications" ("idempotency_key", "case_number", "escalation_id", "recipient_kind",
       "recipient_staff_id", "channel", "template", "language", "data")
     VALUES ($1, $2, $3, 'staff', $4, 'in_app', $5, $6, $7::jsonb)
     ON CONFLICT ("idempotency_key") DO NOTHING`,
    [
      key,
      extra.caseNumber ?? null,
      extra.escalationId ?? null,
      staffId,
      template,
      language,
      JSON.stringify(data),
    ],
  );
}

/** Why the engineer may no longer work the case, as the flag's message says it. */
const FLAG_REASON_TEXT: Record<ReassignmentReason, string> = {
  disqualified: 'has been disqualified.',
  certificate_revoked: 'no longer holds a certificate for it (revoked).',
  certification_expired: 'no longer holds a certificate for it (expired).',
  deactivated: 'has been deactivated (left, or on leave).',
};

export interface FlagCasesInput {
  staffId: string;
  reason: ReassignmentReason;
  /** Unique per cause (the workflow and expiry, the penalty): with the case number it keys each flag. */
  key: string;
  /** When the flag is raised (default now); the supervisor's due time follows from it. */
  now?: Date;
}

/**
 * Flags the engineer's open cases that they may no longer work: all of them when they are suspended or hold
 * no valid certificate any more, otherwise those of product lines no remaining certificate covers. Each flag
 * is a reassignment record with a due time, an escalation in the supervisor's inbox (which the chart resolves,
 * passing over vacancies) and an in-app message. Runs inside the caller's transaction; returns how many
 * cases were newly flagged.
 */
export async function flagCasesForReassignment(tx: EntityManager, input: FlagCasesInput): Promise<number> {
  const cases: { number: string; branch_id: string | null; department: string | null }[] = await tx.query(
    `SELECT c."number", c."branch_id", c."department" FROM "cases" c JOIN "staff" s ON s."id" = c."assignee_id"
      WHERE c."assignee_id" = $1 AND c."state" = ANY ($2::text[])
        AND (s."suspended_at" IS NOT NULL OR NOT s."active" OR NOT EXISTS (
              SELECT 1 FROM "certificates" cert
               WHERE cert."staff_id" = s."id" AND cert."state" = 'active'
                 AND (product_line_of(c."product") IS NULL OR product_line_of(c."product") = ANY (cert."product_lines"))))
      ORDER BY c."number"`,
    [input.staffId, OPEN_CASE_STATES],
  );
  const now = input.now ?? new Date();
  const dueAt = new Date(now.getTime() + REASSIGNMENT_DUE_MS);
  let flagged = 0;
  for (const kase of cases) {
    const key = `reassign:${input.key}:${kase.number}`;
    const recipient = await resolveRecipient(tx, {
      target: 'supervisor',
      assigneeId: input.staffId,
      branchId: kase.branch_id ?? undefined,
      department: (kase.department ?? undefined) as Department | undefined,
    });
    const message =
      `Case ${kase.number} must be reassigned by ${dueAt.toISOString()}: its engineer ` +
      FLAG_REASON_TEXT[input.reason];
    const escalation: { id: string }[] = await tx.query(
      `INSERT INTO "escalations" ("idempotency_key", "case_number", "commitment_id", "commitment_kind", "step_id",
         "action", "target_role", "recipient_level", "recipient_staff_id", "due_at", "fired_at", "commitment_due_at", "message")
       VALUES ($1, $2, 'reassignment', 'reassignment', $3, 'escalate', 'supervisor', $4, $5, $6, $6, $7, $8)
       ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id"`,
      [key, kase.number, input.reason, recipient.level, recipient.staffId, now, dueAt, message],
    );
    if (escalation.length === 0) continue;
    await tx.query(
      `INSERT INTO "reassignments" ("idempotency_key", "case_number", "staff_id", "reason", "supervisor_staff_id",
         "escalation_id", "flagged_at", "due_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ("idempotency_key") DO NOTHING`,
      [key, kase.number, input.staffId, input.reason, recipient.staffId, escalation[0].id, now, dueAt],
    );
    if (recipient.staffId) {
      await insertStaffNotification(
        tx,
        `${key}:notify`,
        recipient.staffId,
        NotificationType.CaseReassignmentRequired,
        recipient.language,
        {
          caseNumber: kase.number,
          reason: input.reason,
          dueAt: dueAt.toISOString(),
          message,
          link: consolePath({ page: 'case', number: kase.number }),
        },
        { caseNumber: kase.number, escalationId: escalation[0].id },
      );
    }
    flagged++;
  }
  return flagged;
}
