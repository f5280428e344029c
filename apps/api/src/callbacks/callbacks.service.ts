import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { callbackWorkflowId, DomainError, Role } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import { callbackAttemptUpdate } from '../../../../workflows/callback-messages';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { rowOfVisibleCaseSql } from '../cases/case-read-model';
import { readsComplaints } from '../complaints/complaint-readers';
import { StaffService } from '../staff/staff.service';
import {
  OPEN_CALLBACK_STATES,
  type CallbackDto,
  type CallbackListDto,
  type CallbackStateName,
  type ListCallbacksQuery,
  type RecordAttemptDto,
} from './dto/callback.dto';

interface CallbackRow {
  id: string;
  workflow_id: string;
  case_number: string;
  level: number;
  state: CallbackStateName;
  customer_name: string;
  customer_phone: string;
  branch_id: string | null;
  sample_id: string | null;
  assignee_staff_id: string | null;
  assignee_name: string | null;
  starts_at: Date;
  due_at: Date | null;
  next_attempt_at: Date | null;
  attempts: number;
  max_attempts: number;
  outcome: string | null;
  satisfaction: number | null;
  reopened_case_number: string | null;
  complaint_number: string | null;
  breached: boolean;
}

const SELECT = `SELECT t.*, s."name" AS "assignee_name", c."number" AS "complaint_number"
  FROM "callback_tasks" t LEFT JOIN "staff" s ON s."id" = t."assignee_staff_id"
  LEFT JOIN "complaint_numbers" c ON c."workflow_id" = t."complaint_workflow_id"`;

/** The callback work queue: read from `callback_tasks`, attempts sent to the callback's workflow. */
@Injectable()
export class CallbacksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
    private readonly staff: StaffService,
  ) {}

  async list(user: AuthenticatedUser, query: ListCallbacksQuery): Promise<CallbackListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.mine) {
      const me = await this.staff.findByUserId(user.id);
      if (!me) return { items: [], total: 0, page, pageSize };
      params.push(me.id);
      where.push(`t."assignee_staff_id" = $${params.length}`);
    } else if (!user.roles.some((r) => r === Role.Supervisor || r === Role.Admin)) {
      throw DomainError.forbidden('Only supervisors and admins see every callback; use mine=true for yours.');
    }
    // A callback carries its customer's name and phone: only for those who may open its case.
    const scope = await this.staff.caseScope(user);
    if (!scope.all) {
      const param = (value: unknown) => `$${params.push(value)}`;
      where.push(
        rowOfVisibleCaseSql(scope, param, {
          about: 't."case_number"',
          readsComplaints: readsComplaints(user.roles),
        }),
      );
    }
    if (query.state) {
      params.push(query.state);
      where.push(`t."state" = $${params.length}`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS "total" FROM "callback_tasks" t ${filter}`,
      params,
    );
    const rows: CallbackRow[] = await this.db.query(
      `${SELECT} ${filter} ORDER BY t."due_at" ASC NULLS LAST, t."id"
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toDto), total, page, pageSize };
  }

  /**
   * One call to the customer. A closed callback (done, unreachable, cancelled) is a 409; otherwise the
   * callback's workflow validates and records it, and answers the callback as it is after it.
   */
  async recordAttempt(
    user: AuthenticatedUser,
    id: string,
    body: RecordAttemptDto,
    updateId?: string,
  ): Promise<CallbackDto> {
    const row = await this.find(id);
    if (!OPEN_CALLBACK_STATES.includes(row.state)) throw closed(row);
    // Closed between our read and the update (the workflow has completed): 409 as well.
    if (!(await this.sendAttempt(user, row.workflow_id, body, updateId))) throw closed(await this.find(id));
    return toDto(await this.find(id));
  }

  /**
   * One call on a case's own level-1/2 callback, by its id (`L1-<case>-<round>`): sent to its workflow even
   * before the callback has written its queue row (it starts with the case's resolution). Undefined when
   * there is no such callback at all (a case resolved before callbacks ran as workflows); 409 when it is
   * closed.
   */
  async recordCaseCallbackAttempt(
    user: AuthenticatedUser,
    id: string,
    body: RecordAttemptDto,
    updateId?: string,
  ): Promise<CallbackDto | undefined> {
    if (await this.sendAttempt(user, callbackWorkflowId(id), body, updateId))
      return toDto(await this.find(id));
    const [row]: CallbackRow[] = await this.db.query(`${SELECT} WHERE t."id" = $1`, [id]);
    if (row) throw closed(row);
    return undefined;
  }

  /** The attempt, validated and recorded by the callback's workflow; false when it is not running. */
  private async sendAttempt(
    user: AuthenticatedUser,
    workflowId: string,
    body: RecordAttemptDto,
    updateId?: string,
  ): Promise<boolean> {
    try {
      await this.temporal.deliver((client) =>
        this.temporal.withinActionTimeout(client, () =>
          client.workflow.getHandle(workflowId).executeUpdate(callbackAttemptUpdate, {
            args: [{ ...body, actor: { userId: user.id, username: user.username } }],
            ...(updateId ? { updateId } : {}),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /** The case's callback of this level that can still be worked, if any (the case's own callback route). */
  async openCallbackId(caseNumber: string, level: 1 | 2 | 3): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT "id" FROM "callback_tasks"
        WHERE "case_number" = $1 AND "level" = $2 AND "state" = ANY ($3::text[])
        ORDER BY "created_at" DESC LIMIT 1`,
      [caseNumber, level, OPEN_CALLBACK_STATES],
    );
    return rows[0]?.id;
  }

  private async find(id: string): Promise<CallbackRow> {
    const [row]: CallbackRow[] = await this.db.query(`${SELECT} WHERE t."id" = $1`, [id]);
    if (!row) throw DomainError.notFound(`Callback ${id} was not found.`, { id });
    return row;
  }
}

function closed(row: CallbackRow): DomainError {
  return DomainError.invalidState(
    `Callback ${row.id} is ${row.state}: no more attempts can be recorded on it.`,
    { state: row.state, outcome: row.outcome },
  );
}

function toDto(r: CallbackRow): CallbackDto {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    caseNumber: r.case_number,
    level: r.level,
    state: r.state,
    customerName: r.customer_name,
    customerPhone: r.customer_phone,
    branchId: r.branch_id,
    sampleId: r.sample_id,
    assignee: r.assignee_staff_id ? { id: r.assignee_staff_id, name: r.assignee_name ?? '' } : null,
    startsAt: iso(r.starts_at)!,
    dueAt: iso(r.due_at),
    nextAttemptAt: iso(r.next_attempt_at),
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    outcome: r.outcome,
    satisfaction: r.satisfaction,
    reopenedCaseNumber: r.reopened_case_number,
    complaintNumber: r.complaint_number,
    breached: r.breached,
  };
}
