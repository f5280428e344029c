import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  COMPLAINT_NUMBER_PATTERN,
  complaintIntakeErrors,
  CUSTOMER_FACING_COMPLAINT_FIELDS,
  customerFacingTexts,
  complaintWorkflowId,
  DomainError,
  DomainErrorCode,
  parseCaseNumber,
  type Actor,
  type ComplaintAction,
  type ComplaintActionArgs,
  type ComplaintIntake,
  type ComplaintView,
} from '@caseflow/domain';
import { ForbiddenPhrasesService } from '../forbidden-phrases/forbidden-phrases.service';
import { claimComplaintIntakeKey, requestHash } from '@caseflow/persistence';
import type { ComplaintActionRequest } from '../../../../workflows/complaint-messages';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { IDEMPOTENCY_KEY_PATTERN, updateIdFor } from '../common/idempotency-key';
import { CustomersService } from '../customers/customers.service';
import { complaintNotFound, ComplaintWorkflowClient } from './complaint-workflow.client';
import {
  toComplaintDto,
  type ComplaintDetailDto,
  type ComplaintDto,
  type ComplaintListDto,
  type ComplaintTimelineEntryDto,
} from './dto/complaint.dto';
import type { CreateComplaintDto } from './dto/create-complaint.dto';
import type { ListComplaintsQuery } from './dto/list-complaints.query';

/**
 * Complaints from every source: the API's intake, and other modules (customer evaluations) through
 * `raise`. Workflows raise complaints themselves with `raiseComplaint` (workflows/raise-complaint.ts).
 * Lists and details come from the read model (`complaints`, `complaint_events`); actions are workflow updates.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflows: ComplaintWorkflowClient,
    private readonly customers: CustomersService,
    private readonly phrases: ForbiddenPhrasesService,
  ) {}

  /**
   * Raises a complaint at most once per key (e.g. `evaluation-<id>`): a second call with the same key
   * answers the complaint the first one raised. Resolves once the complaint has its number.
   */
  async raise(intake: ComplaintIntake, key: string): Promise<{ number: string; workflowId: string }> {
    const problems = complaintIntakeErrors(intake);
    if (Object.keys(problems).length > 0) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: Object.fromEntries(
          Object.entries(problems).map(([field, problem]) => [field, [`${field} ${problem}`]]),
        ),
      });
    }
    const { view } = await this.workflows.start(intake, key);
    return { number: view.number, workflowId: view.workflowId };
  }

  /**
   * Logs a complaint from a channel: everything a person can fix is checked first (nothing starts on a 4xx).
   * With an Idempotency-Key a retry answers the complaint the first attempt raised (`created: false`); the
   * same key with a different body is refused (422).
   */
  async create(
    user: AuthenticatedUser,
    body: CreateComplaintDto,
    idempotencyKey?: string,
  ): Promise<{ complaint: ComplaintDto; created: boolean }> {
    const errors: Record<string, string[]> = {};
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
      errors['Idempotency-Key'] = ['Idempotency-Key must be 1–200 printable ASCII characters'];
    if (body.branchId && !(await this.exists(`SELECT 1 FROM "branches" WHERE "id" = $1`, body.branchId)))
      errors.branchId = [`there is no branch "${body.branchId}"`];
    else if (
      body.branchId &&
      (await this.exists(
        `SELECT 1 FROM "branches" WHERE "id" = $1 AND "retired_at" IS NOT NULL`,
        body.branchId,
      ))
    )
      errors.branchId = [`branch "${body.branchId}" is retired: choose an active branch`];
    if (body.sourceCaseNumber) {
      const known =
        parseCaseNumber(body.sourceCaseNumber) &&
        (await this.exists(`SELECT 1 FROM "cases" WHERE "number" = $1`, body.sourceCaseNumber));
      if (!known) errors.sourceCaseNumber = [`there is no case "${body.sourceCaseNumber}"`];
    }
    if (Object.keys(errors).length > 0)
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', { errors });

    const receivedAt = new Date(
      Math.min(body.receivedAt ? Date.parse(body.receivedAt) : Infinity, Date.now()),
    );
    // A customer record named by id is checked now; an inline caller's is found or created once the key is
    // claimed, so a refused retry never leaves a record behind.
    const named =
      body.customerId !== undefined || !body.customer
        ? await this.customers.forIntake(body, body.customer)
        : undefined;
    // One key per user: two operators' keys never collide.
    const key = idempotencyKey === undefined ? `api-${randomUUID()}` : `api-${user.id}-${idempotencyKey}`;
    if (idempotencyKey !== undefined)
      await claimComplaintIntakeKey(this.db, complaintWorkflowId(key), requestHash(body));
    const { customer } = named ?? (await this.customers.forIntake(body, body.customer));
    const intake: ComplaintIntake = {
      source: body.source,
      category: body.category,
      complexity: body.complexity,
      customer,
      description: body.description,
      ...(body.branchId ? { branchId: body.branchId } : {}),
      receivedAt: receivedAt.toISOString(),
      raisedBy: actorOf(user),
      ...(body.sourceCaseNumber ? { sourceCaseNumber: body.sourceCaseNumber } : {}),
    };
    const { view, started } = await this.workflows.start(intake, key);
    return { complaint: toComplaintDto(view), created: started };
  }

  async list(query: ListComplaintsQuery): Promise<ComplaintListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.state?.length) where.push(`"state" = ANY (${param(query.state)}::text[])`);
    if (query.department) where.push(`"department" = ${param(query.department)}`);
    if (query.round !== undefined) where.push(`"round" = ${param(query.round)}`);
    if (query.breached !== undefined) where.push(`"breached" = ${param(query.breached)}`);
    if (query.case) where.push(`"source_case_number" = ${param(query.case)}`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS "total" FROM "complaints" ${filter}`,
      params,
    );
    const rows: { view: ComplaintView }[] = await this.db.query(
      `SELECT "view" FROM "complaints" ${filter}
        ORDER BY "received_at" DESC, "number" DESC
        LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}`,
      params,
    );
    return { items: rows.map((r) => toComplaintDto(r.view)), total, page, pageSize };
  }

  /**
   * The complaint from the read model with its timeline; one whose first entry is still being written is
   * answered from its workflow, with an empty timeline.
   */
  async get(number: string): Promise<ComplaintDetailDto> {
    const [row]: { view: ComplaintView }[] = await this.db.query(
      `SELECT "view" FROM "complaints" WHERE "number" = $1`,
      [number],
    );
    if (row) {
      const events: (ComplaintTimelineEntryDto & { at: Date; data: Record<string, unknown> | null })[] =
        await this.db.query(
          `SELECT "seq", "round", "at", "type", "actor", "summary", "data" FROM "complaint_events"
            WHERE "complaint_number" = $1 ORDER BY "seq"`,
          [number],
        );
      const timeline = events.map((e) => ({
        seq: e.seq,
        round: e.round,
        at: new Date(e.at).toISOString(),
        type: e.type,
        actor: e.actor,
        summary: e.summary,
        ...(e.data ? { data: e.data } : {}),
      }));
      return { ...toComplaintDto(row.view), timeline };
    }
    const view = await this.workflows.view(await this.workflowIdOf(number));
    if (!view) throw complaintNotFound(number);
    return { ...toComplaintDto(view), timeline: [] };
  }

  async act<A extends ComplaintAction>(
    user: AuthenticatedUser,
    number: string,
    action: A,
    args: ComplaintActionArgs[A],
    options: { idempotencyKey?: string } = {},
  ): Promise<ComplaintDto> {
    const workflowId = await this.workflowIdOf(number);
    if (action === 'report') await this.checkStaffExist(args as ComplaintActionArgs['report']);
    await this.phrases.assertClean(customerFacingTexts(CUSTOMER_FACING_COMPLAINT_FIELDS, action, args));
    const request = { action, args: plain(args), actor: actorOf(user) } as ComplaintActionRequest;
    const updateId = updateIdFor(user.id, options.idempotencyKey);
    return toComplaintDto(await this.workflows.act(number, workflowId, request, updateId));
  }

  /** The workflow behind a complaint number (allocated before anything else is written); 404 when none. */
  private async workflowIdOf(number: string): Promise<string> {
    const [row]: { workflow_id: string }[] = COMPLAINT_NUMBER_PATTERN.test(number)
      ? await this.db.query(`SELECT "workflow_id" FROM "complaint_numbers" WHERE "number" = $1`, [number])
      : [];
    if (!row) throw complaintNotFound(number);
    return row.workflow_id;
  }

  /** Every staff member a report names must exist (422 naming each one); nothing is sent otherwise. */
  private async checkStaffExist(report: ComplaintActionArgs['report']): Promise<void> {
    const ids = report.staffInvolved.map((s) => s.staffId);
    const rows: { id: string }[] = ids.length
      ? await this.db.query(`SELECT "id" FROM "staff" WHERE "id" = ANY ($1::uuid[])`, [ids])
      : [];
    const errors: Record<string, string[]> = {};
    ids.forEach((id, i) => {
      if (!rows.some((r) => r.id === id))
        errors[`staffInvolved.${i}.staffId`] = [`no staff member has the id "${id}"`];
    });
    if (Object.keys(errors).length > 0)
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', { errors });
  }

  private async exists(sql: string, value: string): Promise<boolean> {
    return (await this.db.query(sql, [value])).length > 0;
  }
}

function actorOf(user: AuthenticatedUser): Actor {
  return { userId: user.id, username: user.username };
}

/** A validated DTO as plain data without the fields the client left out (nested lists included). */
function plain<T>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
