import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@caseflow/domain';
import { OrgUnitEntity, resolveRecipient } from '@caseflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { fieldError, isUuid } from '../staff/field-error';
import type { CreateOrgUnitDto, EscalationStepDto, UpdateOrgUnitDto } from './dto/org-unit.dto';

/** Departments and teams, their heads, and the escalation path the chart gives a member of staff. */
@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<OrgUnitEntity[]> {
    return this.db.getRepository(OrgUnitEntity).find({ order: { kind: 'ASC', name: 'ASC' } });
  }

  async get(id: string): Promise<OrgUnitEntity> {
    const unit = isUuid(id) ? await this.db.getRepository(OrgUnitEntity).findOneBy({ id }) : null;
    if (!unit) throw DomainError.notFound(`There is no unit "${id}".`);
    return unit;
  }

  async create(user: AuthenticatedUser, body: CreateOrgUnitDto, ip?: string): Promise<OrgUnitEntity> {
    return this.db.transaction(async (tx) => {
      if (body.kind === 'team' && !body.parentId)
        throw fieldError('parentId', 'a team belongs to a department');
      if (body.kind === 'department' && body.parentId) {
        throw fieldError('parentId', 'a department has no parent unit');
      }
      if (body.parentId) await this.checkParent(tx, body.parentId);
      if (body.headId) await this.checkHead(tx, body.headId);
      if (body.branchId) {
        const [branch]: { retired: boolean }[] = await tx.query(
          `SELECT "retired_at" IS NOT NULL AS "retired" FROM "branches" WHERE "id" = $1`,
          [body.branchId],
        );
        if (!branch) throw fieldError('branchId', `there is no branch "${body.branchId}"`);
        if (branch.retired) throw fieldError('branchId', `branch "${body.branchId}" is retired`);
      }
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO "org_units" ("kind", "name", "department", "branch_id", "parent_id", "head_id")
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"`,
        [
          body.kind,
          body.name,
          body.department,
          body.branchId ?? null,
          body.parentId ?? null,
          body.headId ?? null,
        ],
      );
      const unit = await tx.getRepository(OrgUnitEntity).findOneByOrFail({ id: row.id });
      await this.audit.change(tx, user, {
        action: 'org_unit.create',
        entityType: 'org_unit',
        entityId: unit.id,
        summary: `${user.username} created the ${unit.kind} "${unit.name}"`,
        after: unit,
        ip: ip ?? null,
      });
      return unit;
    });
  }

  async update(
    user: AuthenticatedUser,
    id: string,
    body: UpdateOrgUnitDto,
    ip?: string,
  ): Promise<OrgUnitEntity> {
    return this.db.transaction(async (tx) => {
      const rows = isUuid(id)
        ? await tx.getRepository(OrgUnitEntity).find({ where: { id }, lock: { mode: 'pessimistic_write' } })
        : [];
      const before = rows[0];
      if (!before) throw DomainError.notFound(`There is no unit "${id}".`);
      const changes: Partial<OrgUnitEntity> = {};
      if (body.name !== undefined) changes.name = body.name;
      if (body.parentId !== undefined) {
        if (before.kind !== 'team') throw fieldError('parentId', 'a department has no parent unit');
        if (body.parentId === id) throw fieldError('parentId', 'a unit cannot contain itself');
        await this.checkParent(tx, body.parentId);
        changes.parentId = body.parentId;
      }
      if (body.headId !== undefined) {
        if (body.headId !== null) await this.checkHead(tx, body.headId);
        changes.headId = body.headId;
      }
      await tx.getRepository(OrgUnitEntity).update({ id }, changes);
      const after = await tx.getRepository(OrgUnitEntity).findOneByOrFail({ id });
      await this.audit.change(tx, user, {
        action: 'org_unit.update',
        entityType: 'org_unit',
        entityId: id,
        summary: `${user.username} changed the ${before.kind} "${before.name}"`,
        before,
        after,
        ip: ip ?? null,
      });
      return after;
    });
  }

  /**
   * Where each level of an escalation about this person's case lands now: assignee → supervisor →
   * manager → GM office, each passing over vacancies (nobody, or someone inactive) to the next level up.
   */
  async escalationPath(staffId: string): Promise<EscalationStepDto[]> {
    const rows: { branch_id: string | null; department: string }[] = isUuid(staffId)
      ? await this.db.query(`SELECT "branch_id", "department" FROM "staff" WHERE "id" = $1`, [staffId])
      : [];
    if (!rows[0]) throw DomainError.notFound(`No staff member has the id "${staffId}".`);
    const steps: EscalationStepDto[] = [];
    for (const target of ['assignee', 'supervisor', 'manager'] as const) {
      const recipient = await resolveRecipient(this.db.manager, {
        target,
        assigneeId: staffId,
        branchId: rows[0].branch_id ?? undefined,
      });
      steps.push({
        target,
        level: recipient.level,
        staffId: recipient.staffId,
        name: recipient.name ?? null,
      });
    }
    const [gm]: { id: string; name: string }[] = await this.db.query(
      `SELECT "id", "name" FROM "staff" WHERE "role" = 'gm_office' AND "active" ORDER BY "created_at", "id" LIMIT 1`,
    );
    steps.push({
      target: 'gm_office',
      level: gm ? 'gm_office' : 'unassigned',
      staffId: gm?.id ?? null,
      name: gm?.name ?? null,
    });
    return steps;
  }

  private async checkParent(tx: EntityManager, parentId: string): Promise<void> {
    const [parent]: { kind: string }[] = await tx.query(`SELECT "kind" FROM "org_units" WHERE "id" = $1`, [
      parentId,
    ]);
    if (!parent) throw fieldError('parentId', `there is no unit "${parentId}"`);
    // Teams sit in departments, departments in nothing: the unit tree cannot have a cycle.
    if (parent.kind !== 'department')
      throw fieldError('parentId', 'a team belongs to a department, not to a team');
  }

  private async checkHead(tx: EntityManager, headId: string): Promise<void> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM "staff" WHERE "id" = $1`, [headId]);
    if (rows.length === 0) throw fieldError('headId', `no staff member has the id "${headId}"`);
  }
}
