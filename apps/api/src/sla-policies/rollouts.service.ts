// Re-planning the open cases after a publish or a calendar change ("a rollout").
//
// The rollout's row is written in the same transaction as the publish (or the calendar change) itself,
// with the number of open cases it must reach, and the same transaction starts the rollout's workflow
// (workflows/policy-rollout.workflow.ts) as its last step: if Temporal refuses the start, nothing is
// published; if the transaction rolls back after the start, the workflow finds no row and ends. The
// workflow waits for the row to commit, pages the open cases, signals each and records its progress on
// the row; Temporal keeps it going through a crash of the API or the worker. A retried publish finds the
// rollout's row still running and starts its workflow again: the workflow id is the rollout's, so that
// finds the run under way (or, after a failed or terminated run, starts one that carries on from the
// cases recorded).
//
// Asynchronous: the admin's request answers 202 with the rollout's id at once; `GET
// /api/sla-policies/jobs/:id` shows {total, signalled, skipped, failed} from the row.
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import type { policyRolloutWorkflow } from '../../../../workflows/policy-rollout.workflow';
import {
  POLICY_ROLLOUT_WORKFLOW_TYPE,
  policyRolloutTaskQueue,
  policyRolloutWorkflowId,
} from '../../../../workflows/policy-rollout-messages';
import type { AuthenticatedUser } from '../auth/authenticated-user';

const OPEN = `"state" NOT IN ('closed', 'cancelled')`;
const OPEN_COMPLAINT = `"state" NOT IN ('archived', 'closed')`;

/** How many open cases and complaints of policy $1 run under a version older than $2. */
const OPEN_UNDER_OLDER_VERSION = `
  SELECT (SELECT count(*) FROM "cases" WHERE "policy_id" = $1 AND "policy_version" < $2 AND ${OPEN})
       + (SELECT count(*) FROM "complaints" WHERE "policy_id" = $1 AND "policy_version" < $2 AND ${OPEN_COMPLAINT})
       AS "n"`;

/**
 * How many open cases and complaints run on calendar $1: a commitment runs on the calendar it names, or
 * on its branch's when it names `default`.
 */
const OPEN_ON_CALENDAR = `
  SELECT count(*) AS "n"
    FROM (SELECT "policy_id", "policy_version", "branch_id" FROM "cases" WHERE ${OPEN}
          UNION ALL
          SELECT "policy_id", "policy_version", "branch_id" FROM "complaints" WHERE ${OPEN_COMPLAINT}) c
    JOIN "sla_policy_versions" v ON v."policy_id" = c."policy_id" AND v."version" = c."policy_version"
    LEFT JOIN "branches" b ON b."id" = c."branch_id"
   WHERE jsonb_path_exists(v."rules", '$[*].commitments[*] ? (@.calendarId == $id)', jsonb_build_object('id', $1::text))
      OR (b."calendar_id" = $1::text
          AND jsonb_path_exists(v."rules", '$[*].commitments[*] ? (@.calendarId == "default")'))`;

export interface RolloutProgress {
  id: string;
  kind: 'policy' | 'calendar';
  policyId: string | null;
  version: number | null;
  calendarId: string | null;
  status: 'running' | 'done';
  total: number;
  signalled: number;
  skipped: number;
  failed: number;
  requestedBy: string;
  requestedAt: string;
  finishedAt: string | null;
}

interface RolloutRow {
  id: string;
  kind: 'policy' | 'calendar';
  policy_id: string | null;
  version: number | null;
  calendar_id: string | null;
  status: 'running' | 'done';
  total: number;
  signalled: number;
  skipped: number;
  failed: number;
  requested_by: string;
  requested_by_id: string | null;
  requested_at: Date;
  finished_at: Date | null;
}

@Injectable()
export class RolloutsService {
  private readonly logger = new Logger(RolloutsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  /** Publishing `version` re-plans the open cases of the policy that run under an older version. */
  async createForPolicy(
    manager: EntityManager,
    user: AuthenticatedUser,
    policyId: string,
    version: number,
  ): Promise<{ id: string; resumed: boolean }> {
    // A retried publish (the admin's browser timed out) resumes the rollout already under way.
    const [existing]: { id: string }[] = await manager.query(
      `SELECT "id" FROM "policy_rollouts"
        WHERE "kind" = 'policy' AND "policy_id" = $1 AND "version" = $2 AND "status" = 'running'`,
      [policyId, version],
    );
    if (existing) {
      await this.start(existing.id, 'policy');
      return { id: existing.id, resumed: true };
    }
    const total = await count(manager, OPEN_UNDER_OLDER_VERSION, [policyId, version]);
    const id = await this.insertRollout(manager, user, { kind: 'policy', policyId, version }, total);
    if (total > 0) await this.start(id, 'policy');
    return { id, resumed: false };
  }

  /** A calendar change re-plans the open cases whose policy version uses the calendar, each under its own version. */
  async createForCalendar(
    manager: EntityManager,
    user: AuthenticatedUser,
    calendarId: string,
    revision: number,
  ): Promise<{ id: string }> {
    const total = await count(manager, OPEN_ON_CALENDAR, [calendarId]);
    const id = await this.insertRollout(manager, user, { kind: 'calendar', calendarId, revision }, total);
    if (total > 0) await this.start(id, 'calendar');
    return { id };
  }

  async progress(id: string): Promise<RolloutProgress> {
    const rows: RolloutRow[] = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.db.query(`SELECT * FROM "policy_rollouts" WHERE "id" = $1`, [id])
      : [];
    if (!rows[0]) throw DomainError.notFound(`There is no rollout '${id}'.`, { id });
    return toProgress(rows[0]);
  }

  /** Resolves when the rollout's workflow has finished (tests); at once for a rollout that needed none. */
  async settled(id: string): Promise<void> {
    if ((await this.progress(id)).status === 'done') return;
    const client = await this.temporal.client();
    await client.workflow.getHandle(policyRolloutWorkflowId(id)).result();
  }

  /** Starts the rollout's workflow; one already under way is left to run. */
  private async start(id: string, kind: 'policy' | 'calendar'): Promise<void> {
    const client = await this.temporal.client();
    try {
      await client.workflow.start<typeof policyRolloutWorkflow>(POLICY_ROLLOUT_WORKFLOW_TYPE, {
        taskQueue: policyRolloutTaskQueue(this.temporal.taskQueue),
        workflowId: policyRolloutWorkflowId(id),
        args: [{ rolloutId: id, kind }],
        // A completed run has marked the row done; a failed or terminated one may be started again.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      this.logger.log(`Rollout ${id} is already under way`);
    }
  }

  private async insertRollout(
    manager: EntityManager,
    user: AuthenticatedUser,
    target:
      | { kind: 'policy'; policyId: string; version: number }
      | { kind: 'calendar'; calendarId: string; revision: number },
    total: number,
  ): Promise<string> {
    // Nothing to reach: done at once, in the same transaction (the answer is 200, not 202).
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO "policy_rollouts"
         ("kind", "policy_id", "version", "calendar_id", "calendar_revision", "requested_by_id", "requested_by",
          "total", "status", "finished_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
               CASE WHEN $8 = 0 THEN 'done' ELSE 'running' END, CASE WHEN $8 = 0 THEN now() END)
       RETURNING "id"`,
      [
        target.kind,
        target.kind === 'policy' ? target.policyId : null,
        target.kind === 'policy' ? target.version : null,
        target.kind === 'calendar' ? target.calendarId : null,
        target.kind === 'calendar' ? target.revision : null,
        user.id,
        user.username,
        total,
      ],
    );
    return rows[0].id;
  }
}

async function count(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const [row]: { n: string }[] = await manager.query(sql, params);
  return Number(row?.n ?? 0);
}

function toProgress(row: RolloutRow): RolloutProgress {
  return {
    id: row.id,
    kind: row.kind,
    policyId: row.policy_id,
    version: row.version,
    calendarId: row.calendar_id,
    status: row.status,
    total: row.total,
    signalled: row.signalled,
    skipped: row.skipped,
    failed: row.failed,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
