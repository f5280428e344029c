import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { DomainError, Role } from '@caseflow/domain';
import { flagCasesForReassignment, PenaltyEntity } from '@caseflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { fieldError, isUuid } from '../staff/field-error';
import { StaffService } from '../staff/staff.service';
import type {
  DecidePenaltyDto,
  ListPenaltiesQuery,
  PenaltyPageDto,
  ProposePenaltyDto,
} from './dto/penalty.dto';
import { PenaltyDto } from './dto/penalty.dto';

/** Positions that may decide a penalty: a manager (above supervisors) or the GM office. */
const DECIDING_POSITIONS = ['manager', 'gm_office'];

/**
 * Penalties against staff: proposed by a supervisor (or by a complaint's handling report), confirmed or
 * rejected by a manager with a reason. Nobody decides a penalty they proposed or one against themselves.
 * A confirmed disqualification suspends the engineer in the same transaction and flags their open cases.
 */
@Injectable()
export class PenaltiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListPenaltiesQuery): Promise<PenaltyPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where: FindOptionsWhere<PenaltyEntity> = {};
    if (query.state) where.state = query.state;
    if (query.staffId) where.staffId = query.staffId;
    const [rows, total] = await this.db.getRepository(PenaltyEntity).findAndCount({
      where,
      order: { proposedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(PenaltyDto.from), total, page, pageSize };
  }

  async get(id: string): Promise<PenaltyEntity> {
    const penalty = isUuid(id) ? await this.db.getRepository(PenaltyEntity).findOneBy({ id }) : null;
    if (!penalty) throw DomainError.notFound(`There is no penalty "${id}".`);
    return penalty;
  }

  /** A supervisor proposes a penalty against someone below them in the chart. */
  async propose(user: AuthenticatedUser, body: ProposePenaltyDto, ip?: string): Promise<PenaltyEntity> {
    const me = await this.staff.findByUserId(user.id);
    const target = await this.staff.findById(body.staffId);
    if (!target) throw fieldError('staffId', `no staff member has the id "${body.staffId}"`);
    if (me && me.id === target.id) {
      return this.refuse(
        user,
        ip,
        'penalty.propose',
        target.id,
        'You cannot propose a penalty against yourself.',
      );
    }
    if (!user.roles.includes(Role.Admin) && !(await this.staff.isAbove(user.id, target.id))) {
      return this.refuse(
        user,
        ip,
        'penalty.propose',
        target.id,
        `Only ${target.name}'s supervisors (up the organisation chart) may propose a penalty against them.`,
      );
    }
    if (body.kind !== 'fine' && body.amount !== undefined) {
      throw fieldError('amount', 'only a fine has an amount');
    }
    return this.db.transaction(async (tx) => {
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO "penalties" ("staff_id", "kind", "amount", "reason", "source", "complaint_number",
           "proposed_by_user_id", "proposed_by_staff_id", "proposed_by")
         VALUES ($1, $2, $3, $4, 'supervisor', $5, $6, $7, $8) RETURNING "id"`,
        [
          target.id,
          body.kind,
          body.amount ?? null,
          body.reason,
          body.complaintNumber ?? null,
          user.id,
          me?.id ?? null,
          user.username,
        ],
      );
      const penalty = await tx.getRepository(PenaltyEntity).findOneByOrFail({ id: row.id });
      await this.audit.change(tx, user, {
        action: 'penalty.propose',
        entityType: 'penalty',
        entityId: penalty.id,
        summary: `${user.username} proposed a ${body.kind} against ${target.name}: ${body.reason}`,
        after: PenaltyDto.from(penalty),
        ip: ip ?? null,
      });
      return penalty;
    });
  }

  confirm(user: AuthenticatedUser, id: string, body: DecidePenaltyDto, ip?: string) {
    return this.decide(user, id, 'confirmed', body.reason, ip);
  }

  reject(user: AuthenticatedUser, id: string, body: DecidePenaltyDto, ip?: string) {
    return this.decide(user, id, 'rejected', body.reason, ip);
  }

  /**
   * Lifts the suspension a confirmed disqualification caused, by a recorded decision (a manager above the
   * person, or an admin; never one's own): the engineer may be assigned again (still only when certified).
   */
  async lift(
    user: AuthenticatedUser,
    id: string,
    body: DecidePenaltyDto,
    ip?: string,
  ): Promise<PenaltyEntity> {
    const me = await this.staff.findByUserId(user.id);
    return this.db.transaction(async (tx) => {
      const rows = isUuid(id)
        ? await tx.getRepository(PenaltyEntity).find({ where: { id }, lock: { mode: 'pessimistic_write' } })
        : [];
      const penalty = rows[0];
      if (!penalty) throw DomainError.notFound(`There is no penalty "${id}".`);
      if (me && penalty.staffId === me.id) {
        return this.refuse(user, ip, 'penalty.lift', penalty.id, 'You cannot lift your own suspension.');
      }
      if (!user.roles.includes(Role.Admin)) {
        if (!(me && DECIDING_POSITIONS.includes(me.role))) {
          return this.refuse(
            user,
            ip,
            'penalty.lift',
            penalty.id,
            'Only a manager (or the GM office) may lift a suspension.',
          );
        }
        if (!(await this.staff.isAbove(user.id, penalty.staffId))) {
          return this.refuse(
            user,
            ip,
            'penalty.lift',
            penalty.id,
            'Only a manager above this member of staff may lift it.',
          );
        }
      }
      if (penalty.kind !== 'disqualification' || penalty.state !== 'confirmed') {
        throw DomainError.invalidState(
          'Only a confirmed disqualification suspends: there is no suspension to lift on this penalty.',
          { kind: penalty.kind, state: penalty.state },
        );
      }
      if (penalty.liftedAt) {
        throw DomainError.invalidState(
          `The suspension was already lifted by ${penalty.liftedBy} at ${penalty.liftedAt.toISOString()}.`,
          { liftedAt: penalty.liftedAt.toISOString() },
        );
      }
      await tx.query(
        `UPDATE "penalties" SET "lifted_at" = now(), "lifted_by" = $2, "lifted_by_user_id" = $3, "lift_reason" = $4
          WHERE "id" = $1`,
        [penalty.id, user.username, user.id, body.reason],
      );
      // Another confirmed disqualification still in force keeps the engineer suspended.
      const [{ others }]: { others: number }[] = await tx.query(
        `SELECT count(*)::int AS "others" FROM "penalties"
          WHERE "staff_id" = $1 AND "id" <> $2 AND "kind" = 'disqualification' AND "state" = 'confirmed'
            AND "lifted_at" IS NULL`,
        [penalty.staffId, penalty.id],
      );
      if (others === 0) {
        await tx.query(
          `UPDATE "staff" SET "suspended_at" = NULL, "suspension_reason" = NULL, "updated_at" = now() WHERE "id" = $1`,
          [penalty.staffId],
        );
      }
      const after = await tx.getRepository(PenaltyEntity).findOneByOrFail({ id: penalty.id });
      await this.audit.change(tx, user, {
        action: 'penalty.lift',
        entityType: 'penalty',
        entityId: penalty.id,
        summary: `${user.username} lifted the suspension of staff ${penalty.staffId}: ${body.reason}`,
        before: { suspended: true },
        after: { suspended: others > 0, reason: body.reason },
        ip: ip ?? null,
      });
      return after;
    });
  }

  private async decide(
    user: AuthenticatedUser,
    id: string,
    outcome: 'confirmed' | 'rejected',
    reason: string,
    ip?: string,
  ): Promise<PenaltyEntity> {
    const action = outcome === 'confirmed' ? 'penalty.confirm' : 'penalty.reject';
    const me = await this.staff.findByUserId(user.id);
    const decided = await this.db.transaction(async (tx) => {
      const rows = isUuid(id)
        ? await tx.getRepository(PenaltyEntity).find({ where: { id }, lock: { mode: 'pessimistic_write' } })
        : [];
      const penalty = rows[0];
      if (!penalty) throw DomainError.notFound(`There is no penalty "${id}".`);
      // Self-approval: the proposer never decides their own proposal, nobody decides their own penalty.
      if (
        penalty.proposedByUserId === user.id ||
        (me && (penalty.proposedByStaffId === me.id || penalty.staffId === me.id))
      ) {
        return this.refuse(
          user,
          ip,
          action,
          penalty.id,
          penalty.staffId === me?.id
            ? 'You cannot decide a penalty against yourself.'
            : 'You proposed this penalty: another manager must decide it.',
        );
      }
      if (!user.roles.includes(Role.Admin) && !(me && DECIDING_POSITIONS.includes(me.role))) {
        return this.refuse(
          user,
          ip,
          action,
          penalty.id,
          'Only a manager (or the GM office) may decide a penalty.',
        );
      }
      if (!user.roles.includes(Role.Admin) && !(await this.staff.isAbove(user.id, penalty.staffId))) {
        return this.refuse(
          user,
          ip,
          action,
          penalty.id,
          'Only a manager above this member of staff may decide it.',
        );
      }
      if (penalty.state !== 'proposed') {
        throw DomainError.invalidState(`The penalty has already been ${penalty.state}.`, {
          state: penalty.state,
        });
      }
      await tx.query(
        `UPDATE "penalties" SET "state" = $2, "decided_by_user_id" = $3, "decided_by" = $4, "decided_at" = now(),
                "decision_reason" = $5 WHERE "id" = $1`,
        [penalty.id, outcome, user.id, user.username, reason],
      );
      let flagged = 0;
      if (outcome === 'confirmed' && penalty.kind === 'disqualification') {
        flagged = await this.suspend(tx, penalty, reason);
      }
      const after = await tx.getRepository(PenaltyEntity).findOneByOrFail({ id: penalty.id });
      await this.audit.change(tx, user, {
        action,
        entityType: 'penalty',
        entityId: penalty.id,
        summary: `${user.username} ${outcome} a ${penalty.kind} against staff ${penalty.staffId}: ${reason}`,
        before: { state: penalty.state },
        after: {
          state: outcome,
          reason,
          ...(penalty.kind === 'disqualification' && outcome === 'confirmed'
            ? { suspended: true, flaggedCases: flagged }
            : {}),
        },
        ip: ip ?? null,
      });
      return after;
    });
    return decided;
  }

  /** A confirmed disqualification: suspended from now (no new assignments); open cases flagged for reassignment. */
  private async suspend(tx: EntityManager, penalty: PenaltyEntity, reason: string): Promise<number> {
    await tx.query(
      `UPDATE "staff" SET "suspended_at" = COALESCE("suspended_at", now()), "suspension_reason" = $2,
              "updated_at" = now() WHERE "id" = $1`,
      [penalty.staffId, `Disqualified: ${reason}`],
    );
    return flagCasesForReassignment(tx, {
      staffId: penalty.staffId,
      reason: 'disqualified',
      key: `penalty-${penalty.id}`,
    });
  }

  /** A refused decision is a refused authorisation: logged on its own (it must outlive the rollback), then 403. */
  private async refuse(
    user: AuthenticatedUser,
    ip: string | undefined,
    action: string,
    entityId: string,
    message: string,
  ): Promise<never> {
    await this.audit.record({
      actorId: user.id,
      actor: user.username,
      action: 'authorisation.refused',
      entityType: 'penalty',
      entityId,
      summary: `${action}: ${message}`,
      ip: ip ?? null,
      outcome: 'refused',
    });
    throw DomainError.forbidden(message);
  }
}
