// Branches as an admin runs them: created, edited and retired through the API, each naming its calendar
// and the commitment policies of its cases and complaints. Every change is one transaction with its audit
// entry; a refusal writes nothing.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { caseIsOpenSql, complaintIsOpenSql } from '@caseflow/persistence';
import { COMPLAINT_POLICY_ID, DomainError } from '@caseflow/domain';
import { DEFAULT_CALENDAR_ID, DEFAULT_POLICY_ID } from '@caseflow/sla';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { RolloutsService } from '../sla-policies/rollouts.service';
import { fieldError } from '../staff/field-error';
import type { BranchChangeDto, BranchDto, CreateBranchDto, UpdateBranchDto } from './dto/branch.dto';

interface BranchRow {
  id: string;
  name: string;
  calendar_id: string;
  time_zone: string;
  case_policy_id: string;
  complaint_policy_id: string;
  retired_at: Date | null;
  active_staff: number;
  open_cases: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT_BRANCHES = `
  SELECT b.*, c."definition" ->> 'timeZone' AS "time_zone",
         (SELECT count(*)::int FROM "staff" s WHERE s."branch_id" = b."id" AND s."active") AS "active_staff",
         (SELECT count(*)::int FROM "cases" k WHERE k."branch_id" = b."id" AND ${caseIsOpenSql('k."state"')})
         + (SELECT count(*)::int FROM "complaints" k WHERE k."branch_id" = b."id" AND ${complaintIsOpenSql('k."state"')})
           AS "open_cases"
    FROM "branches" b JOIN "calendars" c ON c."id" = b."calendar_id"`;

@Injectable()
export class BranchesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly rollouts: RolloutsService,
  ) {}

  async list(includeRetired = false): Promise<BranchDto[]> {
    const rows: BranchRow[] = await this.db.query(
      `${SELECT_BRANCHES} ${includeRetired ? '' : 'WHERE b."retired_at" IS NULL'} ORDER BY b."name", b."id"`,
    );
    return rows.map(toDto);
  }

  async get(id: string, manager: EntityManager = this.db.manager): Promise<BranchDto> {
    const [row]: BranchRow[] = await manager.query(`${SELECT_BRANCHES} WHERE b."id" = $1`, [id]);
    if (!row) throw DomainError.notFound(`There is no branch "${id}".`, { id });
    return toDto(row);
  }

  async create(user: AuthenticatedUser, body: CreateBranchDto, ip?: string): Promise<BranchDto> {
    return this.db.transaction(async (tx) => {
      const calendarId = body.calendarId ?? DEFAULT_CALENDAR_ID;
      await this.checkSettings(tx, { ...body, calendarId });
      const inserted: unknown[] = await tx.query(
        `INSERT INTO "branches" ("id", "name", "calendar_id", "case_policy_id", "complaint_policy_id")
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
        [
          body.id,
          body.name,
          calendarId,
          body.casePolicyId ?? DEFAULT_POLICY_ID,
          body.complaintPolicyId ?? COMPLAINT_POLICY_ID,
        ],
      );
      if (inserted.length === 0) {
        throw DomainError.conflict(`A branch "${body.id}" already exists; change it with PATCH.`, {
          field: 'id',
        });
      }
      const branch = await this.get(body.id, tx);
      await this.audit.change(tx, user, {
        action: 'branch.create',
        entityType: 'branch',
        entityId: branch.id,
        summary: `${user.username} created the branch "${branch.name}" (${branch.id})`,
        after: settingsOf(branch),
        ip: ip ?? null,
      });
      return branch;
    });
  }

  /**
   * Renames a branch or changes its calendar or policies. New cases take the new policies; a new calendar
   * also re-plans the branch's open cases (a rollout, as a calendar change does).
   */
  async update(
    user: AuthenticatedUser,
    id: string,
    body: UpdateBranchDto,
    ip?: string,
  ): Promise<BranchChangeDto> {
    const { branch, rolloutId } = await this.db.transaction(async (tx) => {
      const [locked]: unknown[] = await tx.query(`SELECT 1 FROM "branches" WHERE "id" = $1 FOR UPDATE`, [id]);
      if (!locked) throw DomainError.notFound(`There is no branch "${id}".`, { id });
      const before = await this.get(id, tx);
      if (before.retired) {
        throw DomainError.conflict(`Branch "${id}" is retired; reinstate it before changing it.`, { id });
      }
      await this.checkSettings(tx, { ...body, calendarId: body.calendarId ?? before.calendarId });
      await tx.query(
        `UPDATE "branches" SET "name" = COALESCE($2, "name"), "calendar_id" = COALESCE($3, "calendar_id"),
                "case_policy_id" = COALESCE($4, "case_policy_id"),
                "complaint_policy_id" = COALESCE($5, "complaint_policy_id"), "updated_at" = now()
          WHERE "id" = $1`,
        [
          id,
          body.name ?? null,
          body.calendarId ?? null,
          body.casePolicyId ?? null,
          body.complaintPolicyId ?? null,
        ],
      );
      const after = await this.get(id, tx);
      let rollout: string | undefined;
      if (after.calendarId !== before.calendarId) {
        const [{ revision }]: { revision: number }[] = await tx.query(
          `SELECT "revision" FROM "calendars" WHERE "id" = $1`,
          [after.calendarId],
        );
        rollout = (await this.rollouts.createForCalendar(tx, user, after.calendarId, revision)).id;
      }
      const changed = (Object.keys(settingsOf(after)) as (keyof ReturnType<typeof settingsOf>)[]).filter(
        (key) => settingsOf(after)[key] !== settingsOf(before)[key],
      );
      await this.audit.change(tx, user, {
        action: 'branch.update',
        entityType: 'branch',
        entityId: id,
        summary: `${user.username} changed the branch "${after.name}": ${changed.join(', ') || 'nothing'}`,
        before: settingsOf(before),
        after: settingsOf(after),
        ip: ip ?? null,
      });
      return { branch: after, rolloutId: rollout };
    });
    return { branch, ...(rolloutId ? { rolloutId } : {}) };
  }

  /** A retired branch takes no new cases, staff or units; its open cases and complaints go on. */
  async retire(user: AuthenticatedUser, id: string, reason: string, ip?: string): Promise<BranchDto> {
    return this.setRetired(user, id, true, reason, ip);
  }

  async reinstate(user: AuthenticatedUser, id: string, ip?: string): Promise<BranchDto> {
    return this.setRetired(user, id, false, undefined, ip);
  }

  private async setRetired(
    user: AuthenticatedUser,
    id: string,
    retire: boolean,
    reason: string | undefined,
    ip: string | undefined,
  ): Promise<BranchDto> {
    return this.db.transaction(async (tx) => {
      const [locked]: unknown[] = await tx.query(`SELECT 1 FROM "branches" WHERE "id" = $1 FOR UPDATE`, [id]);
      if (!locked) throw DomainError.notFound(`There is no branch "${id}".`, { id });
      const before = await this.get(id, tx);
      if (before.retired === retire) return before; // asked twice: the same answer, one audit entry
      await tx.query(
        `UPDATE "branches" SET "retired_at" = ${retire ? 'now()' : 'NULL'}, "updated_at" = now() WHERE "id" = $1`,
        [id],
      );
      const after = await this.get(id, tx);
      await this.audit.change(tx, user, {
        action: retire ? 'branch.retire' : 'branch.reinstate',
        entityType: 'branch',
        entityId: id,
        summary: retire
          ? `${user.username} retired the branch "${after.name}" (${after.openCases} open cases go on): ${reason ?? ''}`
          : `${user.username} reinstated the branch "${after.name}"`,
        before: { retiredAt: before.retiredAt },
        after: { retiredAt: after.retiredAt, ...(reason ? { reason } : {}) },
        ip: ip ?? null,
      });
      return after;
    });
  }

  /** The calendar and policies a branch names must exist, and its time zone, if given, be its calendar's. */
  private async checkSettings(
    tx: EntityManager,
    body: UpdateBranchDto & { calendarId: string },
  ): Promise<void> {
    const [calendar]: { zone: string }[] = await tx.query(
      `SELECT "definition" ->> 'timeZone' AS "zone" FROM "calendars" WHERE "id" = $1`,
      [body.calendarId],
    );
    if (!calendar) {
      throw fieldError(
        'calendarId',
        `there is no calendar "${body.calendarId}" (GET /api/calendars lists them)`,
      );
    }
    if (body.timeZone !== undefined && body.timeZone !== calendar.zone) {
      throw fieldError(
        'timeZone',
        `calendar "${body.calendarId}" is in ${calendar.zone}, not ${body.timeZone}: choose a calendar in ` +
          `${body.timeZone} as calendarId (POST /api/calendars creates one)`,
      );
    }
    for (const field of ['casePolicyId', 'complaintPolicyId'] as const) {
      const policyId = body[field];
      if (policyId === undefined) continue;
      const [policy]: unknown[] = await tx.query(
        `SELECT 1 FROM "sla_policies" p JOIN "sla_policy_versions" v
            ON v."policy_id" = p."id" AND v."version" = p."current_version"
          WHERE p."id" = $1`,
        [policyId],
      );
      if (!policy) {
        throw fieldError(
          field,
          `there is no published policy "${policyId}" (GET /api/sla-policies lists them)`,
        );
      }
    }
  }
}

function settingsOf(branch: BranchDto) {
  return {
    name: branch.name,
    calendarId: branch.calendarId,
    casePolicyId: branch.casePolicyId,
    complaintPolicyId: branch.complaintPolicyId,
  };
}

function toDto(row: BranchRow): BranchDto {
  return {
    id: row.id,
    name: row.name,
    calendarId: row.calendar_id,
    timeZone: row.time_zone,
    casePolicyId: row.case_policy_id,
    complaintPolicyId: row.complaint_policy_id,
    retired: row.retired_at !== null,
    retiredAt: row.retired_at ? row.retired_at.toISOString() : null,
    activeStaff: row.active_staff,
    openCases: row.open_cases,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
