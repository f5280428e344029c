import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError, Role } from '@caseflow/domain';
import { StaffEntity } from '@caseflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { ListStaffQuery } from './dto/list-staff-members.query';
import type { UpdateStaffDto } from './dto/update-staff.dto';
import { fieldError, isUuid } from './field-error';

/** Which cases a user may see: every case, or those assigned to these staff (and the unassigned ones of these branches). */
export type CaseScope =
  { all: true } | { all: false; assigneeIds: string[]; unassignedInBranches: string[] | 'any' | 'none' };

/** Roles that see every case: the hotline routes them all, quality checks them all, admins run the system. */
const SEE_EVERY_CASE: readonly Role[] = [Role.Operator, Role.Quality, Role.Admin];

/** How far the chart is walked (a bad edit cannot make a request loop). */
const MAX_DEPTH = 10;

/** Who is who in the organisation chart, as the case, escalation, handover and supervision features need it. */
@Injectable()
export class StaffService {
  constructor(
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    private readonly audit: AuditService,
  ) {}

  /** The staff position linked to a sign-in account, if any. */
  findByUserId(userId: string): Promise<StaffEntity | null> {
    return this.staff.findOneBy({ userId });
  }

  /** A staff member by id; undefined (not an error) for an id that is not even a UUID. */
  async findById(id: string): Promise<StaffEntity | null> {
    return isUuid(id) ? this.staff.findOneBy({ id }) : null;
  }

  /** A staff member by id, or 404. */
  async get(id: string): Promise<StaffEntity> {
    const staff = await this.findById(id);
    if (!staff) throw DomainError.notFound(`No staff member has the id "${id}".`);
    return staff;
  }

  list(query: ListStaffQuery): Promise<StaffEntity[]> {
    const q = this.staff.createQueryBuilder('s').orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC');
    if (query.branch) q.andWhere('s.branch_id = :branch', { branch: query.branch });
    if (query.role) q.andWhere('s.role = :role', { role: query.role });
    if (query.unit) {
      q.andWhere(
        's.unit_id IN (SELECT u."id" FROM "org_units" u WHERE u."id" = :unit OR u."parent_id" = :unit)',
        { unit: query.unit },
      );
    }
    return q.getMany();
  }

  /** Staff who can be assigned a case right now: active, certified and not expired, not suspended. */
  assignable(branchId?: string): Promise<StaffEntity[]> {
    const query = this.staff
      .createQueryBuilder('s')
      .where('s.active AND s.certified AND s.suspended_at IS NULL')
      .andWhere('(s.certification_expires_at IS NULL OR s.certification_expires_at > now())')
      .orderBy('s.name', 'ASC');
    if (branchId) query.andWhere('s.branch_id = :branchId', { branchId });
    return query.getMany();
  }

  /**
   * An admin's change to a position: its supervisor (a cycle in the chart is refused with 422), unit,
   * branch or active flag. Audited with before and after; nothing is written on a 4xx.
   */
  async update(user: AuthenticatedUser, id: string, body: UpdateStaffDto, ip?: string): Promise<StaffEntity> {
    return this.staff.manager.transaction(async (tx) => {
      const rows: StaffEntity[] = isUuid(id)
        ? await tx.getRepository(StaffEntity).find({ where: { id }, lock: { mode: 'pessimistic_write' } })
        : [];
      const before = rows[0];
      if (!before) throw DomainError.notFound(`No staff member has the id "${id}".`);
      const changes: Partial<StaffEntity> = {};

      if (body.supervisorId !== undefined) {
        if (body.supervisorId === id) throw fieldError('supervisorId', 'nobody can be their own supervisor');
        if (body.supervisorId !== null) {
          const [supervisor]: { id: string }[] = await tx.query(`SELECT "id" FROM "staff" WHERE "id" = $1`, [
            body.supervisorId,
          ]);
          if (!supervisor)
            throw fieldError('supervisorId', `no staff member has the id "${body.supervisorId}"`);
          // Walk up from the new supervisor: meeting this person again would close a cycle.
          const [cycle]: { found: boolean }[] = await tx.query(
            `WITH RECURSIVE up ("id", "depth") AS (
               SELECT $1::uuid, 0
               UNION ALL
               SELECT s."supervisor_id", up."depth" + 1 FROM "staff" s JOIN up ON s."id" = up."id"
                WHERE s."supervisor_id" IS NOT NULL AND up."depth" < 1000
             )
             SELECT EXISTS (SELECT 1 FROM up WHERE "id" = $2) AS "found"`,
            [body.supervisorId, id],
          );
          if (cycle?.found) {
            throw fieldError(
              'supervisorId',
              'this would make a cycle in the organisation chart: the new supervisor reports (directly or not) to this person',
            );
          }
        }
        changes.supervisorId = body.supervisorId;
      }
      if (body.unitId !== undefined) {
        if (body.unitId !== null) {
          const [unit]: { id: string }[] = await tx.query(`SELECT "id" FROM "org_units" WHERE "id" = $1`, [
            body.unitId,
          ]);
          if (!unit) throw fieldError('unitId', `there is no unit "${body.unitId}"`);
        }
        changes.unitId = body.unitId;
      }
      if (body.branchId !== undefined) {
        if (body.branchId !== null) {
          const [branch]: { id: string }[] = await tx.query(`SELECT "id" FROM "branches" WHERE "id" = $1`, [
            body.branchId,
          ]);
          if (!branch) throw fieldError('branchId', `there is no branch "${body.branchId}"`);
        }
        changes.branchId = body.branchId;
      }
      if (body.active !== undefined) changes.active = body.active;

      await tx.getRepository(StaffEntity).update({ id }, changes);
      const after = await tx.getRepository(StaffEntity).findOneByOrFail({ id });
      await this.audit.change(tx, user, {
        action: 'staff.update',
        entityType: 'staff',
        entityId: id,
        summary: `${user.username} changed ${before.name}: ${Object.keys(changes).join(', ') || 'nothing'}`,
        before: pick(before, Object.keys(changes)),
        after: pick(after, Object.keys(changes)),
        ip: ip ?? null,
      });
      return after;
    });
  }

  /**
   * Whether the account `userId` sits above staff member `staffId` in the chart (their supervisor, the
   * supervisor's manager, …). Walks up at most 10 levels, so a cycle in bad data cannot hang a request.
   */
  async isAbove(userId: string, staffId: string): Promise<boolean> {
    const rows: { found: boolean }[] = await this.staff.query(
      `WITH RECURSIVE chain ("id", "depth") AS (
         SELECT s."supervisor_id", 1 FROM "staff" s WHERE s."id" = $1
         UNION ALL
         SELECT s."supervisor_id", c."depth" + 1 FROM "staff" s JOIN chain c ON s."id" = c."id"
          WHERE c."depth" < ${MAX_DEPTH}
       )
       SELECT EXISTS (
         SELECT 1 FROM chain c JOIN "staff" s ON s."id" = c."id" WHERE s."user_id" = $2
       ) AS "found"`,
      [staffId, userId],
    );
    return rows[0]?.found === true;
  }

  /**
   * The cases a user may see. Operators, quality staff and admins: all. An engineer: those assigned to
   * them or to their team (the same unit, or the same supervisor). A supervisor (or manager): those of
   * everyone below them in the chart and in the units they head (a department's teams included). Both also
   * see the unassigned cases of their branch (a supervisor without a branch: every unassigned case). No
   * staff position and none of the all-seeing roles: none.
   */
  async caseScope(user: AuthenticatedUser): Promise<CaseScope> {
    if (user.roles.some((role) => SEE_EVERY_CASE.includes(role))) return { all: true };
    const me = await this.findByUserId(user.id);
    if (!me) return { all: false, assigneeIds: [], unassignedInBranches: 'none' };
    const ids = new Set<string>([me.id]);
    if (user.roles.includes(Role.Engineer)) {
      const team: { id: string }[] = await this.staff.query(
        `SELECT s."id" FROM "staff" s
          WHERE ($1::uuid IS NOT NULL AND s."unit_id" = $1) OR ($2::uuid IS NOT NULL AND s."supervisor_id" = $2)`,
        [me.unitId, me.supervisorId],
      );
      for (const row of team) ids.add(row.id);
    }
    // Unassigned cases of their branch are nobody's team's yet: the pool engineers and supervisors work from.
    let unassigned: string[] | 'any' | 'none' = me.branchId ? [me.branchId] : 'none';
    if (user.roles.includes(Role.Supervisor)) {
      const below: { id: string }[] = await this.staff.query(
        `WITH RECURSIVE down ("id", "depth") AS (
           SELECT $1::uuid, 0
           UNION ALL
           SELECT s."id", down."depth" + 1 FROM "staff" s JOIN down ON s."supervisor_id" = down."id"
            WHERE down."depth" < ${MAX_DEPTH}
         ),
         headed AS (
           SELECT u."id" FROM "org_units" u WHERE u."head_id" = $1
           UNION SELECT t."id" FROM "org_units" t JOIN "org_units" d ON t."parent_id" = d."id" WHERE d."head_id" = $1
         )
         SELECT "id" FROM down
         UNION SELECT s."id" FROM "staff" s WHERE s."unit_id" IN (SELECT "id" FROM headed)`,
        [me.id],
      );
      for (const row of below) ids.add(row.id);
      unassigned = me.branchId ? [me.branchId] : 'any';
    }
    return { all: false, assigneeIds: [...ids], unassignedInBranches: unassigned };
  }
}

function pick(staff: StaffEntity, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (staff as unknown as Record<string, unknown>)[key]]));
}
