// Flagging an engineer's open cases for reassignment when they may no longer work them (certificate lapsed or
// revoked, disqualified, deactivated): the certification activities and the API's staff and penalty pages
// raise the same flags, through this one writer of `reassignments` (and the escalation and message each
// flag brings).
import { insertNotification } from '../outbox/outbox.repository';
import type { EntityManager } from 'typeorm';
import { consolePath, NotificationType, OPEN_CASE_STATES, type Department } from '@caseflow/domain';
import type { ReassignmentReason } from '../entities';
import { EscalationWriter } from './escalations';
import { resolveRecipient } from './org-chart';

/** How long a supervisor has to reassign a flagged case (the commitment on the flag). */
export const REASSIGNMENT_DUE_MS = 24 * 3600_000;

/** An in-app message to one member of staff (the certification reminders' and a flag's), once per key. */
export async function insertStaffNotification(
  tx: EntityManager,
  key: string,
  staffId: string,
  template: NotificationType,
  language: string,
  data: Record<string, unknown>,
  extra: { caseNumber?: string; escalationId?: string } = {},
): Promise<void> {
  await insertNotification(tx, {
    idempotencyKey: key,
    caseNumber: extra.caseNumber,
    escalationId: extra.escalationId,
    recipientKind: 'staff',
    recipientStaffId: staffId,
    channel: 'in_app',
    template,
    language,
    data,
  });
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
    const escalationId = await new EscalationWriter(tx).insert({
      idempotencyKey: key,
      caseNumber: kase.number,
      commitmentId: 'reassignment',
      commitmentKind: 'reassignment',
      stepId: input.reason,
      action: 'escalate',
      targetRole: 'supervisor',
      recipientLevel: recipient.level,
      recipientStaffId: recipient.staffId,
      dueAt: now,
      firedAt: now,
      commitmentDueAt: dueAt,
      message,
    });
    if (!escalationId) continue;
    await tx.query(
      `INSERT INTO "reassignments" ("idempotency_key", "case_number", "staff_id", "reason", "supervisor_staff_id",
         "escalation_id", "flagged_at", "due_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ("idempotency_key") DO NOTHING`,
      [key, kase.number, input.staffId, input.reason, recipient.staffId, escalationId, now, dueAt],
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
        { caseNumber: kase.number, escalationId: escalationId },
      );
    }
    flagged++;
  }
  return flagged;
}
