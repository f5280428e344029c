// Re-planning the open cases after a publish or a calendar change ("a rollout").
//
// Durable by construction: the rollout row and the list of cases it must reach are written in the same
// transaction as the publish (or the calendar change) itself; each case is then marked as it is signalled.
// If the API dies half-way, the next API process to start (or any process, once the dead one's lease runs
// out) resumes the rollout with the cases still pending; a case signalled just before the crash may be
// signalled twice, which the workflow ignores (same version, same calendars: no-op).
//
// Asynchronous: the admin's request answers 202 with the rollout's id at once; `GET
// /api/sla-policies/jobs/:id` shows {total, signalled, skipped, failed}. Signals go out in batches of
// BATCH cases with SIGNAL_CONCURRENCY in flight, so 5,000 cases take seconds, not a request timeout.
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { caseWorkflowId, DomainError } from '@caseflow/domain';
import { loadPolicySnapshot } from '@caseflow/persistence';
import type { PolicyChange } from '../../../../workflows/messages';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { PolicySignalClient, type SignalOutcome } from './policy-signal.client';

const BATCH = 500;
const SIGNAL_CONCURRENCY = 64;
const LEASE_SECONDS = 60;
/** A case whose signal failed this often (Temporal unreachable) is counted failed; a new publish retries it. */
const MAX_ATTEMPTS = 3;
const OPEN = `"state" NOT IN ('closed', 'cancelled')`;
const OPEN_COMPLAINT = `"state" NOT IN ('archived', 'closed')`;

/**
 * The open cases and complaints of a policy under an older version than $2 (number, policy, $2); $3 is the
 * policy. Complaints run under policies as cases do, and their numbers (`C…`) never meet a case's.
 */
const OPEN_UNDER_OLDER_VERSION = `
  SELECT "number", "policy_id", $2::int FROM "cases"
   WHERE "policy_id" = $3 AND "policy_version" < $2 AND ${OPEN}
  UNION ALL
  SELECT "number", "policy_id", $2::int FROM "complaints"
   WHERE "policy_id" = $3 AND "policy_version" < $2 AND ${OPEN_COMPLAINT}`;

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
export class RolloutsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RolloutsService.name);
  /** Marks this process's leases, so it can tell its own from a dead process's. */
  private readonly owner = randomUUID();
  private readonly running = new Map<string, Promise<void>>();
  /** Rollouts another (perhaps dead) process holds: looked at again when its lease runs out. */
  private readonly retries = new Set<NodeJS.Timeout>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly signals: PolicySignalClient,
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
    if (existing) return { id: existing.id, resumed: true };
    const id = await this.insertRollout(manager, user, { kind: 'policy', policyId, version });
    await this.addCases(manager, id, OPEN_UNDER_OLDER_VERSION, [version, policyId]);
    await this.finishIfEmpty(manager, id);
    return { id, resumed: false };
  }

  /** A calendar change re-plans the open cases whose policy version uses the calendar, each under its own version. */
  async createForCalendar(
    manager: EntityManager,
    user: AuthenticatedUser,
    calendarId: string,
    revision: number,
  ): Promise<{ id: string }> {
    const id = await this.insertRollout(manager, user, { kind: 'calendar', calendarId, revision });
    await this.addCases(
      manager,
      id,
      // A commitment runs on the calendar it names, or on its branch's when it names `default`.
      `SELECT c."number", c."policy_id", c."policy_version"
         FROM (SELECT "number", "policy_id", "policy_version", "branch_id" FROM "cases" WHERE ${OPEN}
               UNION ALL
               SELECT "number", "policy_id", "policy_version", "branch_id" FROM "complaints" WHERE ${OPEN_COMPLAINT}) c
         JOIN "sla_policy_versions" v ON v."policy_id" = c."policy_id" AND v."version" = c."policy_version"
         LEFT JOIN "branches" b ON b."id" = c."branch_id"
        WHERE jsonb_path_exists(v."rules", '$[*].commitments[*] ? (@.calendarId == $id)', jsonb_build_object('id', $2::text))
           OR (b."calendar_id" = $2::text
               AND jsonb_path_exists(v."rules", '$[*].commitments[*] ? (@.calendarId == "default")'))`,
      [calendarId],
    );
    await this.finishIfEmpty(manager, id);
    return { id };
  }

  /** Starts working on a rollout in this process (after the transaction that created it has committed). */
  start(id: string): void {
    if (this.running.has(id) || this.stopping) return;
    const work = this.run(id)
      .then((claimed) => {
        if (claimed || this.stopping) return;
        const timer = setTimeout(() => {
          this.retries.delete(timer);
          this.start(id);
        }, LEASE_SECONDS * 1000);
        timer.unref();
        this.retries.add(timer);
      })
      .catch((error: unknown) => this.logger.error(`Rollout ${id} stopped: ${String(error)}`))
      .finally(() => this.running.delete(id));
    this.running.set(id, work);
  }

  async progress(id: string): Promise<RolloutProgress> {
    const rows: RolloutRow[] = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.db.query(`SELECT * FROM "policy_rollouts" WHERE "id" = $1`, [id])
      : [];
    if (!rows[0]) throw DomainError.notFound(`There is no rollout '${id}'.`, { id });
    return toProgress(rows[0]);
  }

  /** Rollouts left running by a process that stopped (a crash, a deploy) are taken over. */
  async onApplicationBootstrap(): Promise<void> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT "id" FROM "policy_rollouts" WHERE "status" = 'running' ORDER BY "requested_at"`,
    );
    for (const { id } of rows) this.start(id);
  }

  /** Stops between batches; what is left stays pending for the next process. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.retries) clearTimeout(timer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Resolves when the rollout's work in this process has finished (tests, the benchmark). */
  async settled(id: string): Promise<void> {
    await this.running.get(id);
  }

  // ── the work ────────────────────────────────────────────────────────────────────────────────────

  /** Works the rollout to the end; false when it was not this process's to work on (now). */
  private async run(id: string): Promise<boolean> {
    const [rollout] = flatRows<RolloutRow>(
      await this.db.query(
        `UPDATE "policy_rollouts" SET "lease_until" = now() + make_interval(secs => $2), "lease_owner" = $3
          WHERE "id" = $1 AND "status" = 'running'
            AND ("lease_until" IS NULL OR "lease_until" < now() OR "lease_owner" = $3)
          RETURNING *`,
        [id, LEASE_SECONDS, this.owner],
      ),
    );
    if (!rollout) {
      const [row]: { status: string }[] = await this.db.query(
        `SELECT "status" FROM "policy_rollouts" WHERE "id" = $1`,
        [id],
      );
      return row?.status !== 'running'; // finished: nothing to do; running: another process holds it
    }
    const by = { userId: rollout.requested_by_id ?? 'system', username: rollout.requested_by };
    const changes = new ChangeCache(this.db, by);
    let swept = false;
    for (;;) {
      if (this.stopping) return true;
      const pending: {
        case_number: string;
        /** Set for a complaint; a case's workflow id follows from its number. */
        complaint_workflow_id: string | null;
        policy_id: string;
        policy_version: number;
        attempts: number;
        /** The case's branch calendar, which its `default`-calendar commitments run on. */
        branch_calendar_id: string | null;
      }[] = await this.db.query(
        `SELECT r."case_number", k."workflow_id" AS "complaint_workflow_id", r."policy_id", r."policy_version",
                r."attempts", b."calendar_id" AS "branch_calendar_id"
           FROM "policy_rollout_cases" r
           LEFT JOIN "complaints" k ON k."number" = r."case_number"
           LEFT JOIN "cases" c ON c."number" = r."case_number"
           LEFT JOIN "branches" b ON b."id" = COALESCE(k."branch_id", c."branch_id")
          WHERE r."rollout_id" = $1 AND r."outcome" = 'pending' ORDER BY r."case_number" LIMIT $2`,
        [id, BATCH],
      );
      if (pending.length === 0) {
        // Cases whose intake read the old version just before the publish committed show up in the read
        // model a moment later: one more look before calling it done.
        if (rollout.kind === 'policy' && !swept) {
          swept = true;
          const added = await this.addCases(this.db.manager, id, OPEN_UNDER_OLDER_VERSION, [
            rollout.version,
            rollout.policy_id,
          ]);
          if (added > 0) continue;
        }
        break;
      }
      const send = await this.signals.session();
      const results = await mapLimited(pending, SIGNAL_CONCURRENCY, async (row) => {
        try {
          const change = await changes.get(row.policy_id, row.policy_version, row.branch_calendar_id);
          const workflowId = row.complaint_workflow_id ?? caseWorkflowId(row.case_number);
          const outcome: SignalOutcome = await send(workflowId, change);
          return { row, outcome: outcome === 'signalled' ? 'signalled' : 'skipped', error: null };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const outcome = row.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending';
          return { row, outcome, error: message };
        }
      });
      await this.record(
        id,
        results.map((r) => ({ caseNumber: r.row.case_number, outcome: r.outcome, error: r.error })),
      );
      if (results.some((r) => r.outcome === 'pending')) await sleep(1_000); // Temporal hiccup: back off
    }
    await this.db.query(
      `UPDATE "policy_rollouts" SET "status" = 'done', "finished_at" = now(), "lease_until" = NULL
        WHERE "id" = $1`,
      [id],
    );
    const done = await this.progress(id);
    this.logger.log(
      `Rollout ${id} done: ${done.signalled} signalled, ${done.skipped} skipped, ${done.failed} failed of ${done.total}`,
    );
    return true;
  }

  /** One statement per batch: each case's outcome, the rollout's counters and its lease. */
  private async record(
    id: string,
    results: { caseNumber: string; outcome: string; error: string | null }[],
  ): Promise<void> {
    await this.db.query(
      `WITH r AS (
         SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS t("case_number", "outcome", "error")
       ), updated AS (
         UPDATE "policy_rollout_cases" c
            SET "outcome" = r."outcome", "error" = r."error", "attempts" = c."attempts" + 1,
                "done_at" = CASE WHEN r."outcome" = 'pending' THEN NULL ELSE now() END
           FROM r
          WHERE c."rollout_id" = $1 AND c."case_number" = r."case_number" AND c."outcome" = 'pending'
         RETURNING r."outcome"
       )
       UPDATE "policy_rollouts"
          SET "signalled" = "signalled" + (SELECT count(*) FROM updated WHERE "outcome" = 'signalled'),
              "skipped" = "skipped" + (SELECT count(*) FROM updated WHERE "outcome" = 'skipped'),
              "failed" = "failed" + (SELECT count(*) FROM updated WHERE "outcome" = 'failed'),
              "lease_until" = now() + make_interval(secs => $5)
        WHERE "id" = $1`,
      [
        id,
        results.map((r) => r.caseNumber),
        results.map((r) => r.outcome),
        results.map((r) => r.error),
        LEASE_SECONDS,
      ],
    );
  }

  /** Nothing to reach: done at once, in the same transaction (the answer is 200, not 202). */
  private async finishIfEmpty(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE "policy_rollouts" SET "status" = 'done', "finished_at" = now() WHERE "id" = $1 AND "total" = 0`,
      [id],
    );
  }

  private async insertRollout(
    manager: EntityManager,
    user: AuthenticatedUser,
    target:
      | { kind: 'policy'; policyId: string; version: number }
      | { kind: 'calendar'; calendarId: string; revision: number },
  ): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO "policy_rollouts"
         ("kind", "policy_id", "version", "calendar_id", "calendar_revision", "requested_by_id", "requested_by")
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id"`,
      [
        target.kind,
        target.kind === 'policy' ? target.policyId : null,
        target.kind === 'policy' ? target.version : null,
        target.kind === 'calendar' ? target.calendarId : null,
        target.kind === 'calendar' ? target.revision : null,
        user.id,
        user.username,
      ],
    );
    return rows[0].id;
  }

  /** Adds the cases a SELECT (number, policy_id, policy_version; $1 is the rollout id) finds; returns how many were new. */
  private async addCases(
    manager: EntityManager,
    id: string,
    select: string,
    params: unknown[],
  ): Promise<number> {
    const result: unknown = await manager.query(
      `WITH added AS (
         INSERT INTO "policy_rollout_cases" ("rollout_id", "case_number", "policy_id", "policy_version")
         SELECT $1::uuid, s.* FROM (${select}) s
         ON CONFLICT DO NOTHING
         RETURNING 1
       )
       UPDATE "policy_rollouts" SET "total" = "total" + (SELECT count(*) FROM added)
        WHERE "id" = $1 RETURNING "total", (SELECT count(*)::int FROM added) AS "added"`,
      [id, ...params],
    );
    const [row] = flatRows<{ added: number }>(result);
    return row?.added ?? 0;
  }
}

/** The change each (policy, version, branch calendar) sends, loaded once per rollout. */
class ChangeCache {
  private readonly changes = new Map<string, Promise<PolicyChange>>();

  constructor(
    private readonly db: DataSource,
    private readonly by: PolicyChange['by'],
  ) {}

  get(policyId: string, version: number, branchCalendarId: string | null): Promise<PolicyChange> {
    const key = `${policyId}@${version}@${branchCalendarId ?? ''}`;
    let change = this.changes.get(key);
    if (!change) {
      change = loadPolicySnapshot(this.db, {
        policyId,
        version,
        branchCalendarId: branchCalendarId ?? undefined,
      }).then((snapshot) => ({ ...snapshot, by: this.by }));
      change.catch(() => this.changes.delete(key));
      this.changes.set(key, change);
    }
    return change;
  }
}

/** pg answers an UPDATE … RETURNING through TypeORM as [rows, count]; a SELECT as rows. */
function flatRows<T>(result: unknown): T[] {
  const rows = result as unknown[];
  return (Array.isArray(rows[0]) ? rows[0] : rows) as T[];
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
