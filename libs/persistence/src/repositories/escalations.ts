// The one writer of `escalations`: a ladder step of a case or a complaint, and a reassignment flag. Each
// record is keyed (workflow id + commitment + step, or the flag's cause and case): a retry writes nothing
// new and finds the first attempt's record by its key. The case ladder writes its step, outbox rows and
// timeline entry in one statement, so the insert is also offered as SQL for a common table expression.
import type { RecipientLevel } from '../entities';
import type { Queryable } from '../policy-snapshots';

export interface EscalationRecord {
  /** Given when the caller names the record before writing it (the one-statement case step). */
  id?: string;
  idempotencyKey: string;
  /** The case, or the complaint, it is about. */
  caseNumber?: string;
  complaintNumber?: string;
  commitmentId: string;
  commitmentKind: string;
  stepId: string;
  action: string;
  targetRole: string;
  recipientLevel: RecipientLevel;
  recipientStaffId: string | null;
  dueAt: string | Date;
  firedAt: string | Date;
  commitmentDueAt?: string | Date | null;
  message: string;
}

/** A written record, as a retry finds it. */
export interface EscalationFound {
  id: string;
  recipientStaffId: string | null;
}

/**
 * `INSERT … ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id", "recipient_staff_id"` for `record`,
 * its values added through `param` (which answers each value's placeholder).
 */
export function insertEscalationSql(record: EscalationRecord, param: (value: unknown) => string): string {
  const values = [
    record.id === undefined ? 'DEFAULT' : param(record.id),
    param(record.idempotencyKey),
    param(record.caseNumber ?? null),
    param(record.complaintNumber ?? null),
    param(record.commitmentId),
    param(record.commitmentKind),
    param(record.stepId),
    param(record.action),
    param(record.targetRole),
    param(record.recipientLevel),
    param(record.recipientStaffId),
    param(record.dueAt),
    param(record.firedAt),
    param(record.commitmentDueAt ?? null),
    param(record.message),
  ];
  return `INSERT INTO "escalations" ("id", "idempotency_key", "case_number", "complaint_number", "commitment_id",
       "commitment_kind", "step_id", "action", "target_role", "recipient_level", "recipient_staff_id", "due_at",
       "fired_at", "commitment_due_at", "message")
     VALUES (${values.join(', ')})
     ON CONFLICT ("idempotency_key") DO NOTHING
     RETURNING "id", "recipient_staff_id"`;
}

export class EscalationWriter {
  constructor(private readonly db: Queryable) {}

  /** Writes the record unless its key was written before: the new record's id, or undefined. */
  async insert(record: EscalationRecord): Promise<string | undefined> {
    const params: unknown[] = [];
    const rows = await this.db.query<{ id: string }[]>(
      insertEscalationSql(record, (value) => `$${params.push(value)}`),
      params,
    );
    return rows[0]?.id;
  }

  /** The record written under `key`, if any. */
  async find(key: string): Promise<EscalationFound | undefined> {
    const [row] = await this.db.query<{ id: string; recipient_staff_id: string | null }[]>(
      `SELECT "id", "recipient_staff_id" FROM "escalations" WHERE "idempotency_key" = $1`,
      [key],
    );
    return row && { id: row.id, recipientStaffId: row.recipient_staff_id };
  }
}
