import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, type CaseState, type ComplaintState } from '@caseflow/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { visibleToSql } from '../cases/case-read-model';
import { SlaSnapshots } from '../cases/sla-snapshot';
import { READING_COMPLAINTS } from '../complaints/complaints.controller';
import { StaffService } from '../staff/staff.service';
import type { HandoverCommitmentDto, HandoverDto, HandoverItemDto, HandoverQuery } from './dto/handover.dto';

interface HandoverRow {
  type: 'case' | 'complaint';
  number: string;
  kind: string;
  state: CaseState | ComplaintState;
  assignee_id: string | null;
  assignee_name: string | null;
  customer_name: string;
  branch_id: string | null;
  received_at: Date;
  breached: boolean;
  open_commitments: HandoverCommitmentDto[];
  picked_up_by: string | null;
  picked_up_by_username: string | null;
  picked_up_at: Date | null;
}

/** A working day's list: its date, the day before it and when that day ended. */
interface HandoverDay {
  date: string;
  previousWorkingDay: string;
  cutoff: Date;
  timeZone: string;
}

/**
 * The shift handover list: a case or complaint not solved by the end of a working day is on the next
 * working day's list, and that shift must pick it up (recorded with who and when). Working days come from
 * the default business calendar.
 */
@Injectable()
export class HandoverService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sla: SlaSnapshots,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The list as `user` may see it: the same cases as their case list (an engineer: their own and their
   * team's), and the open complaints when they may read complaints.
   */
  async list(user: AuthenticatedUser, query: HandoverQuery): Promise<HandoverDto> {
    const day = await this.day(query.date);
    const items = await this.entries(user, day, { branch: query.branch });
    return { ...day, cutoff: day.cutoff.toISOString(), items };
  }

  /**
   * Marks an entry of a day's list (default today's) picked up by `user`. Idempotent: the first pick-up
   * stands and is answered again. An entry not on that list (or not visible to the user) is a 404.
   */
  async pickUp(
    user: AuthenticatedUser,
    number: string,
    date: string | undefined,
    ip?: string,
  ): Promise<HandoverItemDto> {
    const day = await this.day(date);
    const [entry] = await this.entries(user, day, { number });
    if (!entry) {
      throw DomainError.notFound(
        `${number} is not on the handover list of ${day.date}: only a case or complaint still open at the ` +
          `end of ${day.previousWorkingDay} (${day.cutoff.toISOString()}) is handed over to that shift.`,
        { number, date: day.date },
      );
    }
    if (entry.pickedUp) return entry;
    await this.db.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO "handover_pickups" ("date", "number", "type", "picked_up_by", "picked_up_by_username")
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("date", "number") DO NOTHING RETURNING 1`,
        [day.date, number, entry.type, user.id, user.username],
      );
      if (inserted.length === 0) return; // picked up a moment ago by someone else: theirs stands
      await this.audit.change(tx, user, {
        action: 'handover.pick_up',
        entityType: entry.type,
        entityId: number,
        summary: `${user.username} picked up ${number} from the handover list of ${day.date}`,
        after: { date: day.date, number, type: entry.type },
        ip: ip ?? null,
      });
    });
    const [picked] = await this.entries(user, day, { number });
    return picked;
  }

  private async day(date: string | undefined): Promise<HandoverDay> {
    const calendar = await this.sla.calendar();
    const listDate = date ?? calendar.localDateOf(Date.now());
    if (!isRealDate(listDate)) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { date: [`date must be a real calendar date, got "${listDate}"`] },
      });
    }
    const previousWorkingDay = calendar.previousWorkingDay(listDate);
    const periods = calendar.workingPeriodsOn(previousWorkingDay);
    return {
      date: listDate,
      previousWorkingDay,
      cutoff: periods[periods.length - 1].end,
      timeZone: calendar.definition.timeZone,
    };
  }

  private async entries(
    user: AuthenticatedUser,
    day: HandoverDay,
    filter: { branch?: string; number?: string },
  ): Promise<HandoverItemDto[]> {
    const params: unknown[] = [day.cutoff, day.date];
    const param = (value: unknown) => `$${params.push(value)}`;
    const branch = filter.branch ? param(filter.branch) : undefined;
    const number = filter.number ? param(filter.number) : undefined;
    const scope = await this.staff.caseScope(user);
    const visible = scope.all ? '' : `AND ${visibleToSql(scope, param)}`;
    const complaints = user.roles.some((role) => READING_COMPLAINTS.includes(role));
    const rows: HandoverRow[] = await this.db.query(
      `SELECT e.*, p."picked_up_by", p."picked_up_by_username", p."picked_up_at"
         FROM (
           SELECT 'case' AS "type", c."number", c."kind", c."state", c."assignee_id", s."name" AS "assignee_name",
                  c."customer_name", c."branch_id", c."received_at", c."breached", c."next_due_at",
                  ${openCommitments('commitments', 'case_number', 'c')} AS "open_commitments"
             FROM "cases" c LEFT JOIN "staff" s ON s."id" = c."assignee_id"
            WHERE c."received_at" < $1
              AND (c."resolved_at" IS NULL OR c."resolved_at" > $1)
              AND (c."closed_at" IS NULL OR c."closed_at" > $1)
              ${branch ? `AND c."branch_id" = ${branch}` : ''}
              ${number ? `AND c."number" = ${number}` : ''}
              ${visible}
           ${
             complaints
               ? `UNION ALL
           SELECT 'complaint', k."number", 'complaint', k."state", NULL, NULL, k."customer_name", k."branch_id",
                  k."received_at", k."breached", k."next_due_at",
                  ${openCommitments('complaint_commitments', 'complaint_number', 'k')}
             FROM "complaints" k
            WHERE k."received_at" < $1
              AND (k."closed_at" IS NULL OR k."closed_at" > $1)
              ${branch ? `AND k."branch_id" = ${branch}` : ''}
              ${number ? `AND k."number" = ${number}` : ''}`
               : ''
           }
         ) e
         LEFT JOIN "handover_pickups" p ON p."date" = $2::date AND p."number" = e."number"
        ORDER BY e."next_due_at" ASC NULLS LAST, e."received_at", e."number"`,
      params,
    );
    return rows.map((row) => ({
      type: row.type,
      number: row.number,
      kind: row.kind,
      state: row.state,
      assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? row.assignee_id } : null,
      customerName: row.customer_name,
      branchId: row.branch_id,
      receivedAt: row.received_at.toISOString(),
      breached: row.breached,
      openCommitments: row.open_commitments.map((c) => ({
        id: c.id,
        kind: c.kind,
        status: c.status,
        ...(c.dueAt ? { dueAt: new Date(c.dueAt).toISOString() } : {}),
        breached: c.breached,
      })),
      pickedUp:
        row.picked_up_by && row.picked_up_at
          ? {
              userId: row.picked_up_by,
              username: row.picked_up_by_username ?? '',
              at: row.picked_up_at.toISOString(),
            }
          : null,
    }));
  }
}

/** An entry's running or paused commitments as a JSON array, soonest first. */
function openCommitments(table: string, numberColumn: string, alias: string): string {
  return `COALESCE((
    SELECT json_agg(json_build_object('id', m."commitment_id", 'kind', m."kind", 'status', m."status",
                                      'dueAt', m."due_at", 'breached', m."breached")
                    ORDER BY m."due_at" NULLS LAST, m."commitment_id")
      FROM "${table}" m
     WHERE m."${numberColumn}" = ${alias}."number" AND m."status" IN ('running', 'paused')
  ), '[]'::json)`;
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
