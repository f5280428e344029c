// Commitment policies as admins tune them: drafts, publishing (new cases only, or open cases too), the
// version history and a preview. Every change is one transaction with its audit entry (and, when open
// cases must follow, with the list of cases to reach).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { COMPLAINT_POLICY_ID, DomainError, DomainErrorCode } from '@caseflow/domain';
import {
  budgetMs,
  calendarIdsOf,
  clockFor,
  commitmentFor,
  createCalendar,
  DEFAULT_POLICY_ID,
  previewCommitments,
  rulesOnBranchCalendar,
  validatePolicy,
  type BusinessCalendar,
  type CalendarDefinition,
  type PolicyProblem,
  type PolicyRule,
} from '@caseflow/sla';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditLog } from './audit-log';
import type {
  CreateDraftDto,
  CreatePolicyDto,
  ImpactDto,
  ImpactResultDto,
  PolicyDetailDto,
  PolicySummaryDto,
  PolicyVersionDto,
  PolicyVersionSummaryDto,
  PreviewDto,
  PreviewResultDto,
  PublishDto,
  PublishResultDto,
} from './dto/sla-policy.dto';
import { RolloutsService } from './rollouts.service';

interface VersionRow {
  policy_id: string;
  version: number;
  status: 'draft' | 'published' | 'superseded';
  rules: PolicyRule[];
  created_by: string;
  created_at: Date;
  note: string | null;
  published_at: Date | null;
  published_by: string | null;
  reason: string | null;
}

/** A 422 naming each bad field; `prefix` places the problems in the request body (e.g. 'rules'). */
export function policyProblems(problems: PolicyProblem[], prefix = ''): DomainError {
  const errors: Record<string, string[]> = {};
  for (const { path, message } of problems) {
    const key = prefix && !path.startsWith(prefix) ? `${prefix}.${path}` : path || prefix || 'body';
    (errors[key] ??= []).push(message);
  }
  return new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', { errors });
}

@Injectable()
export class SlaPoliciesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly rollouts: RolloutsService,
  ) {}

  async list(): Promise<PolicySummaryDto[]> {
    const rows: { id: string; name: string; current_version: number; drafts: number[] | null }[] =
      await this.db.query(
        `SELECT p."id", p."name", p."current_version",
                array_agg(v."version" ORDER BY v."version") FILTER (WHERE v."status" = 'draft') AS "drafts"
           FROM "sla_policies" p LEFT JOIN "sla_policy_versions" v ON v."policy_id" = p."id"
          GROUP BY p."id" ORDER BY p."id"`,
      );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      currentVersion: r.current_version,
      drafts: r.drafts ?? [],
    }));
  }

  async get(policyId: string): Promise<PolicyDetailDto> {
    const summary = (await this.list()).find((p) => p.id === policyId);
    if (!summary) throw policyNotFound(policyId);
    return {
      ...summary,
      current: await this.version(policyId, summary.currentVersion),
      ...(await this.usage(policyId)),
    };
  }

  async versions(policyId: string): Promise<PolicyVersionSummaryDto[]> {
    await this.policyExists(this.db.manager, policyId);
    const rows: VersionRow[] = await this.db.query(
      `SELECT * FROM "sla_policy_versions" WHERE "policy_id" = $1 ORDER BY "version" DESC`,
      [policyId],
    );
    return rows.map((r) => {
      const { rules: _rules, ...summary } = toVersionDto(r);
      return summary;
    });
  }

  async version(policyId: string, version: number): Promise<PolicyVersionDto> {
    const row = await this.findVersion(this.db.manager, policyId, version);
    if (!row) {
      await this.policyExists(this.db.manager, policyId);
      throw DomainError.notFound(`Policy '${policyId}' has no version ${version}.`, { policyId, version });
    }
    return toVersionDto(row);
  }

  /** A new policy, in force at once as its version 1 (no case runs under it until intake names it). */
  async create(user: AuthenticatedUser, body: CreatePolicyDto): Promise<PolicyDetailDto> {
    await this.validate(body.rules);
    await this.db.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO "sla_policies" ("id", "name", "current_version") VALUES ($1, $2, 1)
         ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
        [body.id, body.name],
      );
      if (inserted.length === 0) {
        throw DomainError.conflict(
          `A policy '${body.id}' already exists; draft a new version of it instead.`,
          {
            id: body.id,
          },
        );
      }
      await manager.query(
        `INSERT INTO "sla_policy_versions"
           ("policy_id", "version", "rules", "status", "created_by", "published_at", "published_by", "reason")
         VALUES ($1, 1, $2::jsonb, 'published', $3, now(), $3, $4)`,
        [body.id, JSON.stringify(body.rules), user.username, body.reason],
      );
      await this.audit.write(manager, user, {
        action: 'policy.create',
        entityType: 'sla_policy',
        entityId: body.id,
        summary: `Created policy '${body.id}' (${body.name}) with version 1: ${body.reason}`,
        after: { version: 1, rules: body.rules },
      });
    });
    return this.get(body.id);
  }

  /** A draft: stored and previewable, not in force until published. */
  async createDraft(
    user: AuthenticatedUser,
    policyId: string,
    body: CreateDraftDto,
  ): Promise<PolicyVersionDto> {
    await this.validate(body.rules);
    const version = await this.db.transaction(async (manager) => {
      await this.policyExists(manager, policyId, true);
      const [{ next }]: { next: number }[] = await manager.query(
        `SELECT COALESCE(max("version"), 0) + 1 AS "next" FROM "sla_policy_versions" WHERE "policy_id" = $1`,
        [policyId],
      );
      await manager.query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "status", "created_by", "note")
         VALUES ($1, $2, $3::jsonb, 'draft', $4, $5)`,
        [policyId, next, JSON.stringify(body.rules), user.username, body.note ?? null],
      );
      await this.audit.write(manager, user, {
        action: 'policy.draft',
        entityType: 'sla_policy',
        entityId: policyId,
        summary: `Drafted version ${next} of policy '${policyId}'${body.note ? `: ${body.note}` : ''}`,
        after: { version: next, rules: body.rules },
      });
      return next;
    });
    return this.version(policyId, version);
  }

  /**
   * Makes a draft the version new cases start under, and with `applyToOpenCases` re-plans the open cases.
   * Publishing the current version again (a retry) changes nothing but resumes or re-runs the rollout,
   * so the cases it had not reached yet get the version too.
   */
  async publish(user: AuthenticatedUser, policyId: string, body: PublishDto): Promise<PublishResultDto> {
    const outcome = await this.db.transaction(async (manager) => {
      const policy = await this.policyExists(manager, policyId, true);
      const version = body.version ?? (await this.newestDraft(manager, policyId));
      const row = await this.findVersion(manager, policyId, version);
      if (!row)
        throw DomainError.notFound(`Policy '${policyId}' has no version ${version}.`, { policyId, version });
      if (row.status === 'superseded') {
        throw DomainError.invalidState(
          `Version ${version} was superseded by a later one; draft a new version with its rules to bring them back.`,
          { policyId, version, currentVersion: policy.currentVersion },
        );
      }
      let published = false;
      if (row.status === 'draft') {
        if (version < policy.currentVersion) {
          throw DomainError.invalidState(
            `Draft ${version} is older than the current version ${policy.currentVersion}: running cases would ` +
              'refuse it. Draft a new version with its rules.',
            { policyId, version, currentVersion: policy.currentVersion },
          );
        }
        // Calendars may have changed since the draft was saved.
        await this.validate(row.rules, manager);
        await manager.query(
          `UPDATE "sla_policy_versions" SET "status" = 'superseded' WHERE "policy_id" = $1 AND "status" = 'published'`,
          [policyId],
        );
        await manager.query(
          `UPDATE "sla_policy_versions"
              SET "status" = 'published', "published_at" = now(), "published_by" = $3, "reason" = $4
            WHERE "policy_id" = $1 AND "version" = $2`,
          [policyId, version, user.username, body.reason],
        );
        await manager.query(`UPDATE "sla_policies" SET "current_version" = $2 WHERE "id" = $1`, [
          policyId,
          version,
        ]);
        published = true;
      }
      const rollout = body.applyToOpenCases
        ? await this.rollouts.createForPolicy(manager, user, policyId, version)
        : undefined;
      await this.audit.write(manager, user, {
        action: published ? 'policy.publish' : 'policy.republish',
        entityType: 'sla_policy',
        entityId: policyId,
        summary: published
          ? `Published version ${version} of policy '${policyId}' (was ${policy.currentVersion}) ` +
            `${body.applyToOpenCases ? 'for open and new cases' : 'for new cases only'}: ${body.reason}`
          : `Published version ${version} of policy '${policyId}' again${body.applyToOpenCases ? ', re-planning open cases still behind' : ''}: ${body.reason}`,
        before: { currentVersion: policy.currentVersion },
        after: {
          currentVersion: version,
          reason: body.reason,
          applyToOpenCases: body.applyToOpenCases,
          rolloutId: rollout?.id,
        },
      });
      return { version, published, rollout };
    });
    return {
      policyId,
      version: outcome.version,
      published: outcome.published,
      rollout: outcome.rollout ? await this.rollouts.progress(outcome.rollout.id) : undefined,
      ...(await this.usage(policyId)),
    };
  }

  /**
   * Which active branches start new cases or complaints under a policy, and a warning when none does (a
   * policy nobody uses must never look as if it were in force).
   */
  private async usage(policyId: string): Promise<{ usedByBranches: string[]; unusedWarning?: string }> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT "id" FROM "branches"
        WHERE ("case_policy_id" = $1 OR "complaint_policy_id" = $1) AND "retired_at" IS NULL ORDER BY "id"`,
      [policyId],
    );
    const usedByBranches = rows.map((row) => row.id);
    // The seeded policies also serve cases and complaints logged without a branch.
    if (usedByBranches.length > 0 || policyId === DEFAULT_POLICY_ID || policyId === COMPLAINT_POLICY_ID) {
      return { usedByBranches };
    }
    return {
      usedByBranches,
      unusedWarning:
        `No branch uses policy "${policyId}", so no new case or complaint starts under it: ` +
        'PATCH /api/branches/{id} with casePolicyId or complaintPolicyId to use it.',
    };
  }

  async preview(body: PreviewDto): Promise<PreviewResultDto> {
    const policyId = body.policyId ?? DEFAULT_POLICY_ID;
    let rules: PolicyRule[];
    let version: number | null;
    if (body.rules) {
      await this.validate(body.rules);
      rules = body.rules;
      version = null;
    } else {
      const summary = (await this.list()).find((p) => p.id === policyId);
      if (!summary) throw policyNotFound(policyId);
      version = body.version ?? summary.currentVersion;
      rules = (await this.version(policyId, version)).rules;
    }
    const calendars = await this.calendars(calendarIdsOf(rules));
    const receivedAt = Date.parse(body.receivedAt);
    const commitments = previewCommitments(
      { policyId, version: version ?? 0, rules },
      {
        caseKind: body.kind,
        category: body.category,
        tier: body.tier,
        channel: body.channel,
        dispatched: body.dispatched ?? false,
        complexity: body.complexity,
      },
      receivedAt,
      (id) => calendars.get(id)!,
    );
    return { policyId, version, receivedAt: new Date(receivedAt).toISOString(), commitments };
  }

  /**
   * How the deadlines of the open cases under a policy would move if a version (or unsaved rules) were
   * published to them: the same maths as a re-plan — time used stays used — from the read model.
   */
  async impact(policyId: string, body: ImpactDto): Promise<ImpactResultDto> {
    const summary = (await this.list()).find((p) => p.id === policyId);
    if (!summary) throw policyNotFound(policyId);
    let rules: PolicyRule[];
    let version: number | null;
    if (body.rules) {
      await this.validate(body.rules);
      rules = body.rules;
      version = null;
    } else {
      version =
        body.version ?? (summary.drafts.length ? Math.max(...summary.drafts) : summary.currentVersion);
      rules = (await this.version(policyId, version)).rules;
    }
    const rows: {
      number: string;
      kind: string;
      category: string;
      channel: string;
      dispatched: boolean;
      tier: string;
      policy_version: number;
      calendar_id: string | null;
      commitment_id: string;
      commitment_kind: string;
      started_at: Date;
      due_at: Date;
    }[] = await this.db.query(
      `SELECT c."number", c."kind", c."category", c."channel", c."dispatched", c."customer_tier" AS "tier",
              c."policy_version", b."calendar_id", m."commitment_id", m."kind" AS "commitment_kind", m."started_at", m."due_at"
         FROM "cases" c
         JOIN "commitments" m ON m."case_number" = c."number"
         LEFT JOIN "branches" b ON b."id" = c."branch_id"
        WHERE c."policy_id" = $1 AND c."state" NOT IN ('closed', 'cancelled')
          AND m."status" = 'running' AND m."due_at" IS NOT NULL
        ORDER BY m."due_at", c."number", m."commitment_id"`,
      [policyId],
    );
    const oldRules = new Map<number, PolicyRule[]>();
    for (const v of new Set(rows.map((r) => r.policy_version)))
      oldRules.set(v, (await this.version(policyId, v)).rules);
    const calendarIds = new Set([
      ...calendarIdsOf(rules),
      ...[...oldRules.values()].flatMap((r) => calendarIdsOf(r)),
      ...rows.flatMap((r) => (r.calendar_id ? [r.calendar_id] : [])),
    ]);
    const calendars = await this.calendars([...calendarIds]);
    const now = Date.now();
    const moved: ImpactResultDto['moved'] = [];
    for (const row of rows) {
      const facts = {
        caseKind: row.kind,
        category: row.category,
        tier: row.tier,
        channel: row.channel,
        dispatched: row.dispatched,
      };
      const branch = row.calendar_id ?? undefined;
      const kind = row.commitment_kind.split('#')[0]!;
      const before = commitmentFor(
        {
          policyId,
          version: row.policy_version,
          rules: rulesOnBranchCalendar(oldRules.get(row.policy_version)!, branch),
        },
        kind,
        facts,
      );
      const after = commitmentFor(
        { policyId, version: version ?? 0, rules: rulesOnBranchCalendar(rules, branch) },
        kind,
        facts,
      );
      const dueAt = row.due_at.getTime();
      let newDueAt: number | null = null;
      let estimate = false;
      if (after) {
        const calendar = calendars.get(after.calendarId)!;
        const clock = clockFor(calendar, after.clock);
        const budget = budgetMs(after.budget, after.clock, calendar);
        const sameClock = before && before.clock === after.clock && before.calendarId === after.calendarId;
        // Left now on the old deadline, plus what the budget gains (or loses): time used stays used.
        const left = sameClock
          ? (dueAt >= now ? clock.between(now, dueAt) : -clock.between(dueAt, now)) +
            budget -
            budgetMs(before.budget, before.clock, calendar)
          : -1;
        if (left > 0) newDueAt = clock.add(now, left).getTime();
        else {
          // Another clock, or a budget already used up: estimated from the start (pauses not counted).
          newDueAt = clock.add(row.started_at.getTime(), budget).getTime();
          estimate = true;
        }
      }
      if (newDueAt !== null && Math.abs(newDueAt - dueAt) < 1000) continue;
      moved.push({
        caseNumber: row.number,
        commitmentId: row.commitment_id,
        kind: row.commitment_kind,
        dueAt: new Date(dueAt).toISOString(),
        newDueAt: newDueAt === null ? null : new Date(newDueAt).toISOString(),
        estimate,
      });
    }
    return {
      policyId,
      version,
      at: new Date(now).toISOString(),
      total: rows.length,
      movedTotal: moved.length,
      moved: moved.slice(0, 200),
    };
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────────

  /** validatePolicy against the calendars that exist now; a 422 naming every bad field. */
  private async validate(rules: unknown, manager: EntityManager = this.db.manager): Promise<void> {
    const ids: { id: string }[] = await manager.query(`SELECT "id" FROM "calendars" ORDER BY "id"`);
    const problems = validatePolicy(rules, { knownCalendarIds: ids.map((r) => r.id) });
    if (problems.length > 0) throw policyProblems(problems, 'rules');
  }

  private async calendars(ids: string[]): Promise<Map<string, BusinessCalendar>> {
    const rows: { definition: CalendarDefinition }[] = await this.db.query(
      `SELECT "definition" FROM "calendars" WHERE "id" = ANY ($1::text[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.definition.id, createCalendar(r.definition)]));
  }

  private async policyExists(
    manager: EntityManager,
    policyId: string,
    lock = false,
  ): Promise<{ currentVersion: number }> {
    const [row]: { current_version: number }[] = await manager.query(
      `SELECT "current_version" FROM "sla_policies" WHERE "id" = $1${lock ? ' FOR UPDATE' : ''}`,
      [policyId],
    );
    if (!row) throw policyNotFound(policyId);
    return { currentVersion: row.current_version };
  }

  private async newestDraft(manager: EntityManager, policyId: string): Promise<number> {
    const [row]: { version: number }[] = await manager.query(
      `SELECT max("version") AS "version" FROM "sla_policy_versions" WHERE "policy_id" = $1 AND "status" = 'draft'`,
      [policyId],
    );
    if (row?.version == null) {
      throw DomainError.invalidState(`Policy '${policyId}' has no draft to publish; name a version.`, {
        policyId,
      });
    }
    return row.version;
  }

  private async findVersion(
    manager: EntityManager,
    policyId: string,
    version: number,
  ): Promise<VersionRow | undefined> {
    const rows: VersionRow[] = await manager.query(
      `SELECT * FROM "sla_policy_versions" WHERE "policy_id" = $1 AND "version" = $2`,
      [policyId, version],
    );
    return rows[0];
  }
}

function policyNotFound(policyId: string): DomainError {
  return DomainError.notFound(`There is no policy '${policyId}'.`, { policyId });
}

function toVersionDto(row: VersionRow): PolicyVersionDto {
  return {
    policyId: row.policy_id,
    version: row.version,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    note: row.note,
    publishedAt: row.published_at?.toISOString() ?? null,
    publishedBy: row.published_by,
    reason: row.reason,
    rules: row.rules,
  };
}
