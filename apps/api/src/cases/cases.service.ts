import { Inject, Injectable } from '@nestjs/common';
import { CASEFLOW_CONFIG, type CaseflowConfig } from '@caseflow/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CUSTOMER_FACING_CASE_FIELDS,
  customerFacingTexts,
  DomainError,
  DomainErrorCode,
  Role,
  type ActionArgs,
  type Actor,
  type CaseAction,
  type CaseView,
} from '@caseflow/domain';
import { AppointmentsService } from '../appointments/appointments.service';
import { ForbiddenPhrasesService } from '../forbidden-phrases/forbidden-phrases.service';
import { allocateCaseNumber, requestHash } from '@caseflow/persistence';
import { DEFAULT_SERVICE_SCHEDULE } from '@caseflow/sla';
import { caseCallbackId } from '../../../../workflows/callback-messages';
import type { CallbackRequest, CaseActionRequest } from '../../../../workflows/messages';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditService } from '../audit/audit.service';
import { CallbacksService } from '../callbacks/callbacks.service';
import { CustomersService } from '../customers/customers.service';
import type { AssigneeSuggestionDto, AssignByRulesDto } from '../staff/dto/assignment.dto';
import { AssignmentsService } from '../staff/assignments.service';
import { StaffService } from '../staff/staff.service';
import { decodeCaseListCursor } from './case-list-cursor';
import { CaseReadModel } from './case-read-model';
import { CaseRouter } from './case-routing';
import { caseNotFound, CaseWorkflowClient } from './case-workflow.client';
import type { CaseDetailDto, CaseDto, CaseListDto, CaseRoutingDto } from './dto/case.dto';
import type { CreateCaseDto } from './dto/create-case.dto';
import type { ListCasesQuery } from './dto/list-cases.query';
import type { RoutingPreviewQuery } from './dto/routing-preview.query';
import type { RecordCallbackDto } from './dto/record-callback.dto';
import { SlaSnapshots } from './sla-snapshot';
import { IDEMPOTENCY_KEY_PATTERN, updateIdFor } from '../common/idempotency-key';

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflows: CaseWorkflowClient,
    private readonly readModel: CaseReadModel,
    private readonly sla: SlaSnapshots,
    private readonly staff: StaffService,
    private readonly assignments: AssignmentsService,
    private readonly audit: AuditService,
    private readonly callbacks: CallbacksService,
    private readonly router: CaseRouter,
    private readonly customers: CustomersService,
    private readonly phrases: ForbiddenPhrasesService,
    private readonly appointments: AppointmentsService,
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
  ) {}

  /**
   * Logs a case: checks everything a person can fix first (nothing is allocated or started on a 4xx),
   * then takes the next number and starts the case's workflow. With an Idempotency-Key a retry gets the
   * same number, so Temporal refuses the second start and the first case is answered (`created: false`);
   * the same key with a different body is refused (422).
   */
  async create(
    user: AuthenticatedUser,
    body: CreateCaseDto,
    idempotencyKey?: string,
  ): Promise<{ case: CaseDto; created: boolean }> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { 'Idempotency-Key': ['Idempotency-Key must be 1–200 printable ASCII characters'] },
      });
    }
    const me = await this.staff.findByUserId(user.id);
    if (me?.operatorNo === null || me?.operatorNo === undefined) {
      throw DomainError.forbidden(
        'You have no operator number, which every case number includes: an admin gives your staff record ' +
          'one (PATCH /api/staff/{id} with operatorNo; GET /api/staff/operator-numbers/next proposes one).',
      );
    }
    const branchId = body.branchId ?? me.branchId ?? undefined;
    const branch = branchId ? await this.sla.branch(branchId) : undefined;
    if (branchId && (!branch || branch.retired)) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: {
          branchId: [
            branch
              ? `branch "${branchId}" is retired: choose an active branch`
              : `there is no branch "${branchId}"`,
          ],
        },
      });
    }
    // A client clock a little ahead (the DTO tolerates a minute) must not start the promises in the future.
    const receivedAt = new Date(
      Math.min(body.receivedAt ? Date.parse(body.receivedAt) : Infinity, Date.now()),
    );
    // Where it goes by its category; a service-quality call is refused here, before anything is allocated.
    const routing = await this.router.intake(body, branchId);
    const calendar = await this.sla.calendar(branch?.calendarId);
    const { policy, calendars } = await this.sla.casePolicy(branch);
    // A customer record named by id is checked now (a 422 allocates nothing); an inline caller's record is
    // found or created once the number is taken, so a refused retry never leaves a record behind.
    const named =
      body.customerId !== undefined || !body.customer
        ? await this.customers.forIntake(body, body.customer)
        : undefined;

    const { number } = await allocateCaseNumber(this.db, {
      date: calendar.localDateOf(receivedAt),
      operatorNo: me.operatorNo,
      ...(idempotencyKey !== undefined && {
        idempotencyKey: `${user.id}:${idempotencyKey}`,
        requestHash: requestHash(body),
      }),
    });
    const { customer, product } = named ?? (await this.customers.forIntake(body, body.customer));
    const { view, started } = await this.workflows.start({
      intake: {
        number,
        kind: body.kind,
        channel: body.channel,
        category: body.category,
        dispatched: body.dispatched ?? false,
        receivedAt: receivedAt.toISOString(),
        customer,
        ...(body.product || product ? { product: body.product ?? product } : {}),
        description: body.description,
        ...(branchId ? { branchId } : {}),
        operator: { ...actorOf(user), operatorNo: me.operatorNo },
        routing,
      },
      policy,
      calendars,
      schedule: { ...DEFAULT_SERVICE_SCHEDULE, level2CallbackAfterMs: this.config.level2CallbackAfterMs },
    });
    return { case: toCaseDto(view), created: started };
  }

  /** The routing a new case of this category would get in this branch (default: the caller's branch). */
  async previewRouting(user: AuthenticatedUser, query: RoutingPreviewQuery): Promise<CaseRoutingDto> {
    if (query.category === 'service') {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'A service-quality call is a complaint', {
        errors: {
          category: ['a service-quality call is a complaint: it is logged with POST /api/complaints'],
        },
        logAt: 'POST /api/complaints',
      });
    }
    const branchId = query.branch ?? (await this.staff.findByUserId(user.id))?.branchId ?? undefined;
    if (query.branch !== undefined && !(await this.sla.branch(query.branch))) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { branch: [`there is no branch "${query.branch}"`] },
      });
    }
    return this.router.route(query.category, branchId);
  }

  async list(user: AuthenticatedUser, query: ListCasesQuery): Promise<CaseListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const sort = query.sort ?? 'receivedAt';
    const order = query.order ?? 'desc';
    if (query.after !== undefined && query.page !== undefined) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { page: ['page cannot be combined with after: a cursor says where the page starts'] },
      });
    }
    const after = query.after === undefined ? undefined : decodeCaseListCursor(query.after, sort, order);
    let assigneeId: string | null | undefined = query.assignee;
    if (query.assignee === 'none') assigneeId = null;
    if (query.assignee === 'me') {
      const me = await this.staff.findByUserId(user.id);
      if (!me) return { items: [], total: 0, totalCapped: false, nextCursor: null, page, pageSize };
      assigneeId = me.id;
    }
    let assigneeIn: string[] | undefined;
    if (query.assignee === 'team') {
      assigneeId = undefined;
      assigneeIn = await this.staff.teamOf(user);
    }
    const scope = await this.staff.caseScope(user);
    const listed = await this.readModel.list({
      ...(scope.all ? {} : { visibleTo: scope }),
      states: query.state,
      kind: query.kind,
      category: query.category,
      assigneeId,
      assigneeIn,
      branchId: query.branch,
      breached: query.breached,
      dueWithinMinutes: query.dueWithin,
      q: query.q,
      page,
      pageSize,
      sort,
      order,
      after,
    });
    return { ...listed, page, pageSize };
  }

  /**
   * The case from the read model, with its timeline. A case whose first entry is still being written
   * (a moment after intake) is answered from its workflow, with an empty timeline. A case the user may
   * not see (another team's) is answered 404, exactly like one that does not exist.
   */
  async get(caseNumber: string, user?: AuthenticatedUser, ip?: string): Promise<CaseDetailDto> {
    if (user) await this.assertVisible(user, caseNumber, ip);
    const stored = await this.readModel.find(caseNumber);
    if (stored) return stored;
    const view = await this.workflows.view(caseNumber);
    if (!view) throw caseNotFound(caseNumber);
    return { ...toCaseDto(view), timeline: [] };
  }

  async act<A extends CaseAction>(
    user: AuthenticatedUser,
    caseNumber: string,
    action: A,
    args: ActionArgs[A],
    options: { ip?: string; idempotencyKey?: string } = {},
  ): Promise<CaseDto> {
    await this.assertVisible(user, caseNumber, options.ip);
    if (action === 'assign') await this.checkAssigneeExists((args as ActionArgs['assign']).assigneeId);
    await this.phrases.assertClean(customerFacingTexts(CUSTOMER_FACING_CASE_FIELDS, action, args));
    const updateId = updateIdFor(user.id, options.idempotencyKey);
    if (action === 'schedule') {
      const { durationMinutes, ...visit } = args as ActionArgs['schedule'] & { durationMinutes?: number };
      const request = { action, args: plain(visit), actor: actorOf(user) } as CaseActionRequest;
      const [row]: { assignee_id: string | null }[] = await this.db.query(
        `SELECT "assignee_id" FROM "cases" WHERE "number" = $1`,
        [caseNumber],
      );
      if (!row?.assignee_id) return toCaseDto(await this.workflows.act(caseNumber, request, updateId));
      // The engineer's time is booked (or the slot refused, 409) in a transaction that stays open until the
      // case has taken the time: a refused update books nothing, and a second booking of the same slot
      // waits for this one and is refused by the database.
      return this.db.transaction(async (tx) => {
        await this.appointments.book(tx, user, caseNumber, row.assignee_id!, visit.visitAt, durationMinutes);
        return toCaseDto(await this.workflows.act(caseNumber, request, updateId));
      });
    }
    const request = { action, args: plain(args), actor: actorOf(user) } as CaseActionRequest;
    return toCaseDto(await this.workflows.act(caseNumber, request, updateId));
  }

  async recordCallback(
    user: AuthenticatedUser,
    caseNumber: string,
    body: RecordCallbackDto,
    options: { idempotencyKey?: string } = {},
  ): Promise<CaseDto> {
    const updateId = updateIdFor(user.id, options.idempotencyKey);
    if (body.level === 3) {
      // Level-3 callbacks are the month-end sample's work items: the call goes to the case's open one.
      const callbackId = await this.callbacks.openCallbackId(caseNumber, 3);
      if (!callbackId) {
        throw DomainError.invalidState(
          `Case ${caseNumber} has no open level-3 callback: level-3 callbacks come from the month-end sample.`,
          { level: 3 },
        );
      }
      const { level: _level, ...attempt } = plain(body);
      await this.callbacks.recordAttempt(user, callbackId, attempt, updateId);
      const view = await this.workflows.view(caseNumber);
      if (!view) throw caseNotFound(caseNumber);
      return toCaseDto(view);
    }
    // Levels 1 and 2 of a resolved case are its callbacks of this round (`L1-<case>-<round>`), work items of
    // their own: the call goes there. A case resolved before they were (no such callback) records the call
    // itself, and the case refuses what it cannot take (not resolved: 409; no open callback: 409).
    // (The read model is written before a case's update answers, so it knows the resolution's round.)
    const stored = await this.readModel.find(caseNumber);
    if (stored?.state === 'resolved') {
      const callbackId = caseCallbackId(body.level, caseNumber, stored.reopenCount + 1);
      const { level: _level, ...attempt } = plain(body);
      if (await this.callbacks.recordCaseCallbackAttempt(user, callbackId, attempt, updateId)) {
        const after = await this.workflows.view(caseNumber);
        if (!after) throw caseNotFound(caseNumber);
        return toCaseDto(after);
      }
    }
    const request: CallbackRequest = { ...plain(body), actor: actorOf(user) };
    return toCaseDto(await this.workflows.recordCallback(caseNumber, request, updateId));
  }

  /** Eligible engineers for the case (active, certified for its product line, in its branch, not suspended), least loaded first. */
  async suggestAssignees(
    user: AuthenticatedUser,
    caseNumber: string,
    ip?: string,
  ): Promise<AssigneeSuggestionDto[]> {
    await this.assertVisible(user, caseNumber, ip);
    const candidates = await this.assignments.candidates(caseNumber);
    if (!candidates) throw caseNotFound(caseNumber);
    return candidates;
  }

  /**
   * Assignment by the rules: without an assignee, the least-loaded eligible engineer; with an override
   * reason (supervisors and admins only), an engineer of another branch — the override is recorded and
   * audited before the case workflow's own check, which honours it for this case only.
   */
  async assignByRules(
    user: AuthenticatedUser,
    caseNumber: string,
    body: AssignByRulesDto,
    ip?: string,
    idempotencyKey?: string,
  ): Promise<CaseDto> {
    await this.assertVisible(user, caseNumber, ip);
    let assigneeId = body.assigneeId;
    if (body.overrideReason !== undefined) {
      if (!user.roles.some((role) => role === Role.Supervisor || role === Role.Admin)) {
        await this.audit.record({
          actorId: user.id,
          actor: user.username,
          action: 'authorisation.refused',
          entityType: 'case',
          entityId: caseNumber,
          summary: `${user.username} may not override the assignment rules (supervisors and admins only)`,
          ip: ip ?? null,
          outcome: 'refused',
        });
        throw DomainError.forbidden('Only a supervisor (or an admin) may override the assignment rules.');
      }
      if (!assigneeId) {
        throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
          errors: { assigneeId: ['an override names the engineer it is for'] },
        });
      }
      await this.checkAssigneeExists(assigneeId);
      if (!(await this.assignments.candidates(caseNumber))) throw caseNotFound(caseNumber);
      await this.assignments.recordOverride(user, caseNumber, assigneeId, body.overrideReason, ip);
    }
    if (!assigneeId) {
      const candidates = await this.assignments.candidates(caseNumber);
      if (!candidates) throw caseNotFound(caseNumber);
      if (candidates.length === 0) {
        throw DomainError.invalidState(
          'No engineer may take this case now: nobody active, certified for its product line and in its branch.',
        );
      }
      assigneeId = candidates[0].id;
    }
    const reason = body.overrideReason ?? (body.assigneeId ? undefined : 'least-loaded eligible engineer');
    return this.act(
      user,
      caseNumber,
      'assign',
      { assigneeId, ...(reason ? { reason } : {}) },
      { ip, idempotencyKey },
    );
  }

  /** Who sees which case: outside the user's scope a case is answered 404, and the refusal is audited. */
  private async assertVisible(user: AuthenticatedUser, caseNumber: string, ip?: string): Promise<void> {
    const scope = await this.staff.caseScope(user);
    if (scope.all) return;
    const [row]: { assignee_id: string | null; branch_id: string | null }[] = await this.db.query(
      `SELECT "assignee_id", "branch_id" FROM "cases" WHERE "number" = $1`,
      [caseNumber],
    );
    const visible =
      row !== undefined &&
      (row.assignee_id !== null
        ? scope.assigneeIds.includes(row.assignee_id)
        : scope.unassignedInBranches === 'any' ||
          (Array.isArray(scope.unassignedInBranches) &&
            row.branch_id !== null &&
            scope.unassignedInBranches.includes(row.branch_id)));
    if (visible) return;
    if (row) {
      await this.audit.record({
        actorId: user.id,
        actor: user.username,
        action: 'authorisation.refused',
        entityType: 'case',
        entityId: caseNumber,
        summary: `${user.username} asked for case ${caseNumber}, outside their cases (answered 404)`,
        ip: ip ?? null,
        outcome: 'refused',
      });
    }
    throw caseNotFound(caseNumber);
  }

  /** Certification is the workflow's check (it runs against the staff table at the moment of assignment). */
  private async checkAssigneeExists(assigneeId: string): Promise<void> {
    if (await this.staff.findById(assigneeId)) return;
    throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
      errors: { assigneeId: [`no staff member has the id "${assigneeId}"`] },
    });
  }
}

function actorOf(user: AuthenticatedUser): Actor {
  return { userId: user.id, username: user.username };
}

/** A validated DTO as plain data without the fields the client left out. */
function plain<T extends object>(dto: T): T {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as T;
}

export function toCaseDto(view: CaseView): CaseDto {
  return {
    id: view.number,
    number: view.number,
    kind: view.kind,
    state: view.state,
    resolution: view.resolution,
    channel: view.channel,
    category: view.category,
    dispatched: view.dispatched,
    customer: {
      id: view.customer.id ?? null,
      name: view.customer.name,
      phone: view.customer.phone,
      address: view.customer.address,
      tier: view.customer.tier,
      contactId: view.customer.contactId ?? null,
      siteId: view.customer.siteId ?? null,
      equipmentId: view.customer.equipmentId ?? null,
    },
    product: view.product,
    description: view.description,
    branchId: view.branchId,
    operator: view.operator,
    assignee: view.assignee ?? null,
    department: view.department,
    routing: view.routing ?? null,
    visitAt: view.visitAt,
    summary: view.summary,
    faultGrade: view.faultGrade,
    receivedAt: view.receivedAt,
    resolvedAt: view.resolvedAt,
    closedAt: view.closedAt,
    reopenCount: view.reopenCount,
    policy: view.policy,
    commitments: view.commitments.map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      policyVersion: c.policyVersion,
      startedAt: c.startedAt,
      dueAt: c.dueAt,
      warnAt: c.warnAt,
      breached: c.breached,
      breachedAt: c.breachedAt,
      metAt: c.metAt,
      remainingMs: c.remainingMs,
    })),
    allowedActions: view.allowedActions,
    updatedAt: view.updatedAt,
  };
}
