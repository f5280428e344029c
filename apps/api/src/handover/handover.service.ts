import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, type CaseState } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { visibleToSql } from '../cases/case-read-model';
import { SlaSnapshots } from '../cases/sla-snapshot';
import { StaffService } from '../staff/staff.service';
import type { HandoverCommitmentDto, HandoverDto, HandoverQuery } from './dto/handover.dto';

interface HandoverRow {
  number: string;
  kind: string;
  state: CaseState;
  assignee_id: string | null;
  assignee_name: string | null;
  customer_name: string;
  branch_id: string | null;
  received_at: Date;
  breached: boolean;
  open_commitments: HandoverCommitmentDto[];
}

/**
 * The shift handover list: a case not solved by the end of a working day is on the next working day's
 * list, and that shift must pick it up. Working days come from the default business calendar.
 */
@Injectable()
export class HandoverService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sla: SlaSnapshots,
    private readonly staff: StaffService,
  ) {}

  /** The list as `user` may see it: the same cases as their case list (an engineer: their own and their team's). */
  async list(user: AuthenticatedUser, query: HandoverQuery): Promise<HandoverDto> {
    const calendar = await this.sla.calendar();
    const date = query.date ?? calendar.localDateOf(Date.now());
    if (!isRealDate(date)) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { date: [`date must be a real calendar date, got "${date}"`] },
      });
    }
    const previousWorkingDay = calendar.previousWorkingDay(date);
    const periods = calendar.workingPeriodsOn(previousWorkingDay);
    const cutoff = periods[periods.length - 1].end;

    const params: unknown[] = [cutoff];
    const param = (value: unknown) => `$${params.push(value)}`;
    const branch = query.branch ? `AND c."branch_id" = ${param(query.branch)}` : '';
    const scope = await this.staff.caseScope(user);
    const visible = scope.all ? '' : `AND ${visibleToSql(scope, param)}`;
    const rows: HandoverRow[] = await this.db.query(
      `SELECT c."number", c."kind", c."state", c."assignee_id", s."name" AS "assignee_name", c."customer_name",
              c."branch_id", c."received_at", c."breached",
              COALESCE((
                SELECT json_agg(json_build_object('id', m."commitment_id", 'kind', m."kind", 'status', m."status",
                                                  'dueAt', m."due_at", 'breached', m."breached")
                                ORDER BY m."due_at" NULLS LAST, m."commitment_id")
                  FROM "commitments" m
                 WHERE m."case_number" = c."number" AND m."status" IN ('running', 'paused')
              ), '[]'::json) AS "open_commitments"
         FROM "cases" c LEFT JOIN "staff" s ON s."id" = c."assignee_id"
        WHERE c."received_at" < $1
          AND (c."resolved_at" IS NULL OR c."resolved_at" > $1)
          AND (c."closed_at" IS NULL OR c."closed_at" > $1)
          ${branch}
          ${visible}
        ORDER BY c."next_due_at" ASC NULLS LAST, c."received_at", c."number"`,
      params,
    );
    return {
      date,
      previousWorkingDay,
      cutoff: cutoff.toISOString(),
      timeZone: calendar.definition.timeZone,
      items: rows.map((row) => ({
        number: row.number,
        kind: row.kind,
        state: row.state,
        assignee: row.assignee_id
          ? { id: row.assignee_id, name: row.assignee_name ?? row.assignee_id }
          : null,
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
      })),
    };
  }
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
