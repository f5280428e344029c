import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { DomainError, Role, type Department } from '@caseflow/domain';
import { flagCasesForReassignment, StaffEntity, type StaffRole } from '@caseflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { generatePassword, hashPassword } from '../auth/passwords';
import type {
  CreatedSignInDto,
  CreateStaffDto,
  StaffFieldsDto,
  StaffSignInDto,
} from './dto/create-staff.dto';
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

  /** The lowest operator number nobody holds (0 is the system's), or null when every one is taken. */
  async nextOperatorNumber(manager: EntityManager = this.staff.manager): Promise<number | null> {
    const [row]: { next: number | null }[] = await manager.query(
      `SELECT min(n)::int AS "next" FROM generate_series(1, 9999) n
        WHERE NOT EXISTS (SELECT 1 FROM "staff" s WHERE s."operator_no" = n)`,
    );
    return row?.next ?? null;
  }

  /**
   * A new member of staff, with or without a sign-in (an existing account linked, or one made at once with
   * a password given or generated and shown once). One transaction with its audit entry: a refusal writes
   * nothing, not even the account.
   */
  async create(
    user: AuthenticatedUser,
    body: CreateStaffDto,
    ip?: string,
  ): Promise<{ staff: StaffEntity; signIn?: CreatedSignInDto }> {
    if (body.userId && body.signIn) {
      throw fieldError('signIn', 'give either userId (an existing account) or signIn (a new one), not both');
    }
    return this.staff.manager.transaction(async (tx) => {
      const links = await this.checkLinks(tx, undefined, body);
      const unitDepartment = links.unit?.department;
      const operatorNo =
        body.operatorNo !== undefined
          ? body.operatorNo
          : body.role === 'operator'
            ? await this.nextOperatorNumber(tx)
            : null;
      if (operatorNo !== null) await this.checkOperatorNumber(tx, undefined, operatorNo);

      let signIn: CreatedSignInDto | undefined;
      let userId: string | null = null;
      if (body.userId) {
        userId = await this.checkUserLink(tx, undefined, body.userId);
      } else if (body.signIn) {
        signIn = await this.createSignIn(tx, body.signIn, body.name, body.role, body.language);
        userId = signIn.userId;
      }
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO "staff" ("user_id", "name", "role", "department", "branch_id", "unit_id", "supervisor_id",
           "operator_no", "email", "phone", "language", "languages")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING "id"`,
        [
          userId,
          body.name,
          body.role,
          body.department ?? unitDepartment ?? DEPARTMENT_OF_ROLE[body.role],
          body.branchId ?? null,
          body.unitId ?? null,
          body.supervisorId ?? null,
          operatorNo,
          body.email ?? null,
          body.phone ?? null,
          body.language ?? 'zh-CN',
          body.languages ?? [],
        ],
      );
      const staff = await tx.getRepository(StaffEntity).findOneByOrFail({ id: row.id });
      await this.audit.change(tx, user, {
        action: 'staff.create',
        entityType: 'staff',
        entityId: staff.id,
        summary:
          `${user.username} added ${staff.name} (${staff.role}` +
          `${staff.operatorNo !== null ? `, operator no. ${staff.operatorNo}` : ''})` +
          (signIn ? ` with the sign-in "${signIn.username}"` : ''),
        after: {
          ...auditable(staff),
          ...(signIn ? { signIn: { username: signIn.username, roles: signIn.roles } } : {}),
        },
        ip: ip ?? null,
      });
      return { staff, ...(signIn ? { signIn } : {}) };
    });
  }

  /**
   * An admin's change to a position: name, role, department, its links in the chart (a supervisor that
   * would close a cycle is refused with 422), branch, operator number (409 when taken), contact details and
   * languages; `active: false` deactivates as {@link deactivate} does. Audited with before and after;
   * nothing is written on a 4xx.
   */
  async update(user: AuthenticatedUser, id: string, body: UpdateStaffDto, ip?: string): Promise<StaffEntity> {
    return this.staff.manager.transaction(async (tx) => {
      const before = await this.lock(tx, id);
      await this.checkLinks(tx, id, body);
      if (
        body.operatorNo !== undefined &&
        body.operatorNo !== null &&
        body.operatorNo !== before.operatorNo
      ) {
        await this.checkOperatorNumber(tx, id, body.operatorNo);
      }
      const changes: Partial<StaffEntity> = {};
      for (const key of EDITABLE) {
        if (body[key] !== undefined) (changes as Record<string, unknown>)[key] = body[key];
      }
      if (Object.keys(changes).length > 0) await tx.getRepository(StaffEntity).update({ id }, changes);
      let flagged = 0;
      if (body.active !== undefined && body.active !== before.active) {
        flagged = await this.setActive(tx, before, body.active);
      }
      const after = await tx.getRepository(StaffEntity).findOneByOrFail({ id });
      const keys = [...Object.keys(changes), ...(body.active !== undefined ? ['active'] : [])];
      await this.audit.change(tx, user, {
        action: 'staff.update',
        entityType: 'staff',
        entityId: id,
        summary:
          `${user.username} changed ${before.name}: ${keys.join(', ') || 'nothing'}` +
          (flagged > 0 ? ` (${flagged} open cases flagged for reassignment)` : ''),
        before: pick(before, keys),
        after: pick(after, keys),
        ip: ip ?? null,
      });
      return after;
    });
  }

  /**
   * A member of staff leaves (or goes on long leave): no new assignments, no escalations to them (the chart
   * passes over them), and each open case assigned to them flagged for their supervisor to reassign, with
   * a due time. Deactivating someone already inactive changes nothing. Their sign-in is not touched
   * (POST /api/users/{id}/deactivate does that).
   */
  async deactivate(
    user: AuthenticatedUser,
    id: string,
    reason: string,
    ip?: string,
  ): Promise<{ staff: StaffEntity; flaggedCases: number }> {
    return this.staff.manager.transaction(async (tx) => {
      const before = await this.lock(tx, id);
      if (!before.active) return { staff: before, flaggedCases: 0 };
      const flaggedCases = await this.setActive(tx, before, false);
      const after = await tx.getRepository(StaffEntity).findOneByOrFail({ id });
      await this.audit.change(tx, user, {
        action: 'staff.deactivate',
        entityType: 'staff',
        entityId: id,
        summary: `${user.username} deactivated ${before.name} (${flaggedCases} open cases flagged for reassignment): ${reason}`,
        before: { active: true },
        after: { active: false, reason, flaggedCases },
        ip: ip ?? null,
      });
      return { staff: after, flaggedCases };
    });
  }

  async reactivate(user: AuthenticatedUser, id: string, ip?: string): Promise<StaffEntity> {
    return this.staff.manager.transaction(async (tx) => {
      const before = await this.lock(tx, id);
      if (before.active) return before;
      if (before.branchId && (await this.branchRetired(tx, before.branchId))) {
        throw DomainError.conflict(
          `${before.name}'s branch "${before.branchId}" is retired: move them to an active branch (PATCH branchId) first.`,
        );
      }
      await this.setActive(tx, before, true);
      const after = await tx.getRepository(StaffEntity).findOneByOrFail({ id });
      await this.audit.change(tx, user, {
        action: 'staff.reactivate',
        entityType: 'staff',
        entityId: id,
        summary: `${user.username} reactivated ${before.name}`,
        before: { active: false },
        after: { active: true },
        ip: ip ?? null,
      });
      return after;
    });
  }

  private async lock(tx: EntityManager, id: string): Promise<StaffEntity> {
    const rows: StaffEntity[] = isUuid(id)
      ? await tx.getRepository(StaffEntity).find({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : [];
    if (!rows[0]) throw DomainError.notFound(`No staff member has the id "${id}".`);
    return rows[0];
  }

  /** Sets `active`; a deactivation flags the open cases assigned to them. Returns how many were flagged. */
  private async setActive(tx: EntityManager, staff: StaffEntity, active: boolean): Promise<number> {
    await tx.query(`UPDATE "staff" SET "active" = $2, "updated_at" = now() WHERE "id" = $1`, [
      staff.id,
      active,
    ]);
    if (active) return 0;
    return flagCasesForReassignment(tx, {
      staffId: staff.id,
      reason: 'deactivated',
      // One cause per deactivation: the record's last change before it tells them apart.
      key: `deactivated-${staff.id}-${staff.updatedAt.getTime()}`,
    });
  }

  /** The unit, supervisor and branch named in a create or change exist (and the branch is not retired). */
  private async checkLinks(
    tx: EntityManager,
    id: string | undefined,
    body: StaffFieldsDto,
  ): Promise<{ unit?: { id: string; department: Department } }> {
    let unit: { id: string; department: Department } | undefined;
    if (body.supervisorId !== undefined && body.supervisorId !== null) {
      if (body.supervisorId === id) throw fieldError('supervisorId', 'nobody can be their own supervisor');
      const [supervisor]: { id: string }[] = await tx.query(`SELECT "id" FROM "staff" WHERE "id" = $1`, [
        body.supervisorId,
      ]);
      if (!supervisor) throw fieldError('supervisorId', `no staff member has the id "${body.supervisorId}"`);
      if (id) {
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
    }
    if (body.unitId !== undefined && body.unitId !== null) {
      [unit] = await tx.query(`SELECT "id", "department" FROM "org_units" WHERE "id" = $1`, [body.unitId]);
      if (!unit) throw fieldError('unitId', `there is no unit "${body.unitId}"`);
    }
    if (body.branchId !== undefined && body.branchId !== null) {
      const retired = await this.branchRetired(tx, body.branchId);
      if (retired === undefined) throw fieldError('branchId', `there is no branch "${body.branchId}"`);
      if (retired)
        throw fieldError('branchId', `branch "${body.branchId}" is retired: choose an active branch`);
    }
    return { unit };
  }

  /** undefined: no such branch. */
  private async branchRetired(tx: EntityManager, branchId: string): Promise<boolean | undefined> {
    const [branch]: { retired: boolean }[] = await tx.query(
      `SELECT "retired_at" IS NOT NULL AS "retired" FROM "branches" WHERE "id" = $1`,
      [branchId],
    );
    return branch?.retired;
  }

  private async checkOperatorNumber(
    tx: EntityManager,
    id: string | undefined,
    operatorNo: number,
  ): Promise<void> {
    const [holder]: { id: string; name: string }[] = await tx.query(
      `SELECT "id", "name" FROM "staff" WHERE "operator_no" = $1 AND "id" IS DISTINCT FROM $2::uuid`,
      [operatorNo, id ?? null],
    );
    if (holder) {
      const next = await this.nextOperatorNumber(tx);
      throw DomainError.conflict(
        `Operator number ${operatorNo} belongs to ${holder.name}` +
          (next !== null ? `; the next free one is ${next}.` : '; every number is taken.'),
        { field: 'operatorNo', next },
      );
    }
  }

  private async checkUserLink(tx: EntityManager, id: string | undefined, userId: string): Promise<string> {
    const [account]: { id: string }[] = await tx.query(`SELECT "id" FROM "users" WHERE "id" = $1`, [userId]);
    if (!account) throw fieldError('userId', `there is no user "${userId}"`);
    const [holder]: { name: string }[] = await tx.query(
      `SELECT "name" FROM "staff" WHERE "user_id" = $1 AND "id" IS DISTINCT FROM $2::uuid`,
      [userId, id ?? null],
    );
    if (holder) {
      throw DomainError.conflict(`That sign-in already belongs to ${holder.name}'s staff record.`, {
        field: 'userId',
      });
    }
    return userId;
  }

  private async createSignIn(
    tx: EntityManager,
    signIn: StaffSignInDto,
    displayName: string,
    role: StaffRole,
    language: 'zh-CN' | 'en' | undefined,
  ): Promise<CreatedSignInDto> {
    const password = signIn.password ?? generatePassword();
    const roles = signIn.roles ?? [SIGN_IN_ROLE_OF[role]];
    const rows: { id: string }[] = await tx.query(
      // A generated password travels through the admin's hands: the person chooses their own at first sign-in.
      `INSERT INTO "users" ("username", "display_name", "password_hash", "roles", "language", "must_change_password")
       VALUES ($1, $2, $3, $4::user_role[], $5, $6)
       ON CONFLICT ((lower("username"))) DO NOTHING RETURNING "id"`,
      [
        signIn.username,
        displayName.slice(0, 128),
        await hashPassword(password),
        roles,
        language ?? 'zh-CN',
        signIn.password === undefined,
      ],
    );
    if (rows.length === 0) {
      throw DomainError.conflict(`The username "${signIn.username}" is already taken.`, {
        field: 'signIn.username',
      });
    }
    return {
      userId: rows[0].id,
      username: signIn.username,
      roles,
      ...(signIn.password === undefined ? { password } : {}),
    };
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
    if (user.roles.includes(Role.Engineer)) for (const id of await this.peersOf(me)) ids.add(id);
    // Unassigned cases of their branch are nobody's team's yet: the pool engineers and supervisors work from.
    let unassigned: string[] | 'any' | 'none' = me.branchId ? [me.branchId] : 'none';
    if (user.roles.includes(Role.Supervisor)) {
      for (const id of await this.below(me)) ids.add(id);
      unassigned = me.branchId ? [me.branchId] : 'any';
    }
    return { all: false, assigneeIds: [...ids], unassignedInBranches: unassigned };
  }

  /**
   * A user's team, as the board's "my team" view reads it: a supervisor's is everyone below them (in the
   * chart and in the units they head); anyone else's is the people of their unit or with their supervisor.
   * Themselves included; no staff position: nobody.
   */
  async teamOf(user: AuthenticatedUser): Promise<string[]> {
    const me = await this.findByUserId(user.id);
    if (!me) return [];
    const ids = new Set<string>([me.id]);
    const team = user.roles.includes(Role.Supervisor) ? await this.below(me) : await this.peersOf(me);
    for (const id of team) ids.add(id);
    return [...ids];
  }

  /** The staff of one's unit, and those with one's supervisor. */
  private async peersOf(me: StaffEntity): Promise<string[]> {
    const team: { id: string }[] = await this.staff.query(
      `SELECT s."id" FROM "staff" s
        WHERE ($1::uuid IS NOT NULL AND s."unit_id" = $1) OR ($2::uuid IS NOT NULL AND s."supervisor_id" = $2)`,
      [me.unitId, me.supervisorId],
    );
    return team.map((row) => row.id);
  }

  /** Everyone below one in the chart, and the staff of the units one heads (a department's teams included). */
  private async below(me: StaffEntity): Promise<string[]> {
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
    return below.map((row) => row.id);
  }
}

/** The department a position usually sits in, when neither the request nor its unit says. */
const DEPARTMENT_OF_ROLE: Record<StaffRole, Department> = {
  operator: 'customer_service',
  engineer: 'tech_support',
  supervisor: 'tech_support',
  manager: 'tech_support',
  quality: 'quality_desk',
  gm_office: 'gm_office',
};

/** The sign-in role a position needs: managers and the GM office sign in as managers (a supervisor's rights, and more). */
const SIGN_IN_ROLE_OF: Record<StaffRole, Role> = {
  operator: Role.Operator,
  engineer: Role.Engineer,
  supervisor: Role.Supervisor,
  manager: Role.Manager,
  quality: Role.Quality,
  gm_office: Role.Manager,
};

/** The columns PATCH /api/staff/{id} writes as given (active goes through deactivation). */
const EDITABLE = [
  'name',
  'role',
  'department',
  'branchId',
  'unitId',
  'supervisorId',
  'operatorNo',
  'email',
  'phone',
  'language',
  'languages',
] as const;

/** What the audit log keeps of a new position. */
function auditable(staff: StaffEntity): Record<string, unknown> {
  return pick(staff, [...EDITABLE, 'userId']);
}

function pick(staff: StaffEntity, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (staff as unknown as Record<string, unknown>)[key]]));
}
