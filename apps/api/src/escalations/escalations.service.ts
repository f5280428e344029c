import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { consolePath, DomainError, Role, type CaseState, type ComplaintState } from '@caseflow/domain';
import type { RecipientLevel } from '@caseflow/persistence';
import type { StepAction } from '@caseflow/sla';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { rowOfVisibleCaseSql } from '../cases/case-read-model';
import { readsComplaints } from '../complaints/complaint-readers';
import { StaffService } from '../staff/staff.service';
import type { EscalationDto, EscalationListDto, ListEscalationsQuery } from './dto/escalation.dto';

interface EscalationRow {
  id: string;
  case_number: string | null;
  case_state: CaseState | null;
  complaint_number: string | null;
  complaint_state: ComplaintState | null;
  customer_name: string;
  commitment_id: string;
  commitment_kind: string;
  step_id: string;
  action: StepAction;
  target_role: string;
  recipient_level: RecipientLevel;
  recipient_staff_id: string | null;
  recipient_name: string | null;
  due_at: Date;
  fired_at: Date;
  commitment_due_at: Date | null;
  message: string;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

// About a case or a complaint (exactly one of the two).
const SELECT = `SELECT e.*, c."state" AS "case_state", k."state" AS "complaint_state",
    COALESCE(c."customer_name", k."customer_name") AS "customer_name", s."name" AS "recipient_name"
  FROM "escalations" e
  LEFT JOIN "cases" c ON c."number" = e."case_number"
  LEFT JOIN "complaints" k ON k."number" = e."complaint_number"
  LEFT JOIN "staff" s ON s."id" = e."recipient_staff_id"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class EscalationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
  ) {}

  async list(user: AuthenticatedUser, query: ListEscalationsQuery): Promise<EscalationListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.mine) {
      const me = await this.staff.findByUserId(user.id);
      if (!me) return { items: [], total: 0, page, pageSize };
      params.push(me.id);
      where.push(`e."recipient_staff_id" = $${params.length}`);
    } else if (!user.roles.includes(Role.Supervisor) && !user.roles.includes(Role.Admin)) {
      throw DomainError.forbidden(
        'Only supervisors and admins see every escalation; ask for your own with mine=true.',
        { requiredRoles: [Role.Supervisor, Role.Admin] },
      );
    }
    // An escalation shows what its case shows (the customer's name, the state): only to those who may open
    // that case; a complaint's, to those who read complaints (and to its recipient).
    const scope = await this.staff.caseScope(user);
    if (!scope.all) {
      const param = (value: unknown) => `$${params.push(value)}`;
      const me = query.mine ? params.length : undefined;
      where.push(
        rowOfVisibleCaseSql(scope, param, {
          about: 'e."case_number"',
          complaint: 'e."complaint_number"',
          readsComplaints: readsComplaints(user.roles),
          ...(me !== undefined && {
            orElse: `(e."complaint_number" IS NOT NULL AND e."recipient_staff_id" = $${me})`,
          }),
        }),
      );
    }
    const status = query.status ?? (query.mine ? 'all' : 'open');
    if (status === 'open') where.push(`e."acknowledged_at" IS NULL`);
    if (status === 'acknowledged') where.push(`e."acknowledged_at" IS NOT NULL`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';

    const [{ total }] = (await this.db.query(
      `SELECT count(*)::int AS "total" FROM "escalations" e ${whereSql}`,
      params,
    )) as { total: number }[];
    const rows: EscalationRow[] = await this.db.query(
      `${SELECT} ${whereSql} ORDER BY e."fired_at" DESC, e."id" LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toDto), total, page, pageSize };
  }

  /**
   * Marks an escalation as seen. The recipient, anyone above them in the chart, or an admin may; a
   * repeat by the same user is answered as before (a retried click), by anyone else with 409.
   */
  async acknowledge(user: AuthenticatedUser, id: string): Promise<EscalationDto> {
    const escalation = await this.find(id);
    if (!escalation) throw DomainError.notFound(`Escalation ${id} was not found.`, { id });
    if (!(await this.mayAcknowledge(user, escalation.recipient_staff_id))) {
      throw DomainError.forbidden(
        'Only the escalation’s recipient, someone above them in the organisation chart, or an admin may acknowledge it.',
      );
    }
    await this.db.query(
      `UPDATE "escalations" SET "acknowledged_at" = now(), "acknowledged_by" = $2
        WHERE "id" = $1 AND "acknowledged_at" IS NULL`,
      [id, user.id],
    );
    const after = (await this.find(id))!;
    if (after.acknowledged_by !== user.id) {
      throw DomainError.conflict(
        `Escalation ${id} was already acknowledged at ${after.acknowledged_at!.toISOString()}.`,
        { acknowledgedAt: after.acknowledged_at, acknowledgedBy: after.acknowledged_by },
      );
    }
    return toDto(after);
  }

  private async find(id: string): Promise<EscalationRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: EscalationRow[] = await this.db.query(`${SELECT} WHERE e."id" = $1`, [id]);
    return rows[0];
  }

  private async mayAcknowledge(user: AuthenticatedUser, recipientStaffId: string | null): Promise<boolean> {
    if (user.roles.includes(Role.Admin)) return true;
    if (!recipientStaffId) return false;
    const me = await this.staff.findByUserId(user.id);
    if (me?.id === recipientStaffId) return true;
    return this.staff.isAbove(user.id, recipientStaffId);
  }
}

function toDto(row: EscalationRow): EscalationDto {
  return {
    id: row.id,
    caseNumber: row.case_number,
    caseState: row.case_state,
    complaintNumber: row.complaint_number,
    complaintState: row.complaint_state,
    link: row.complaint_number
      ? consolePath({ page: 'complaint', number: row.complaint_number })
      : consolePath({ page: 'case', number: row.case_number! }),
    customerName: row.customer_name,
    commitmentId: row.commitment_id,
    commitmentKind: row.commitment_kind,
    stepId: row.step_id,
    action: row.action,
    targetRole: row.target_role,
    recipientLevel: row.recipient_level,
    recipient: row.recipient_staff_id
      ? { id: row.recipient_staff_id, name: row.recipient_name ?? row.recipient_staff_id }
      : null,
    dueAt: row.due_at.toISOString(),
    firedAt: row.fired_at.toISOString(),
    commitmentDueAt: row.commitment_due_at?.toISOString(),
    message: row.message,
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: row.acknowledged_by,
  };
}
