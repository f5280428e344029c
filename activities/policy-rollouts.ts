// A policy rollout's side effects (see workflows/policy-rollout.workflow.ts): the open cases and complaints a
// publish or a calendar change must re-plan, a page at a time in number order; one `policyChanged` signal to
// each; each one's outcome recorded once in `policy_rollout_cases`, from which the counters on the
// rollout's row are recounted. Every step is safe to repeat: a page recorded is never listed again, a
// signal repeated is a no-op for the workflow (same version, same calendars), an outcome is recorded once.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId } from '@caseflow/domain';
import { loadPolicySnapshot } from '@caseflow/persistence';
import { policyChangedSignal, type PolicyChange } from '../workflows/messages';
import type {
  PolicyRolloutActivities,
  RolloutCounts,
  RolloutOutcome,
  RolloutTarget,
} from './policy-rollout-types';

export interface PolicyRolloutDependencies {
  dataSource: DataSource;
  /** The Temporal client the signals go out through (connects on first use). */
  client?: () => Promise<Client>;
}

const SIGNAL_CONCURRENCY = 64;
/** A case Temporal would not take the signal for in this many tries of its page is counted failed. */
const SIGNAL_ATTEMPTS = 3;
const OPEN = `"state" NOT IN ('closed', 'cancelled')`;
const OPEN_COMPLAINT = `"state" NOT IN ('archived', 'closed')`;
/** $1 the rollout: a case it has recorded is not listed again. */
const NOT_RECORDED = `NOT EXISTS (SELECT 1 FROM "policy_rollout_cases" r
  WHERE r."rollout_id" = $1 AND r."case_number" = x."number" AND r."outcome" <> 'pending')`;

/**
 * A publish: the open cases and complaints of policy $4 under a version older than $5, after $2 in number
 * order ($3 of them). Complaints run under policies as cases do, and their numbers (`C…`) never meet a case's.
 */
const POLICY_PAGE = `
  SELECT x."number", x."workflow_id", x."policy_id", $5::int AS "version", b."calendar_id" AS "branch_calendar_id"
    FROM ((SELECT "number", NULL::text AS "workflow_id", "policy_id", "branch_id" FROM "cases" x
            WHERE "policy_id" = $4 AND "policy_version" < $5 AND ${OPEN} AND "number" > $2 AND ${NOT_RECORDED}
            ORDER BY "number" LIMIT $3)
          UNION ALL
          (SELECT "number", "workflow_id", "policy_id", "branch_id" FROM "complaints" x
            WHERE "policy_id" = $4 AND "policy_version" < $5 AND ${OPEN_COMPLAINT} AND "number" > $2 AND ${NOT_RECORDED}
            ORDER BY "number" LIMIT $3)) x
    LEFT JOIN "branches" b ON b."id" = x."branch_id"
   ORDER BY x."number" LIMIT $3`;

/**
 * A calendar change: the open cases whose policy version uses calendar $4, each under its own version. A
 * commitment runs on the calendar it names, or on its branch's when it names `default`.
 */
const CALENDAR_PAGE = `
  SELECT x."number", x."workflow_id", x."policy_id", x."policy_version" AS "version", b."calendar_id" AS "branch_calendar_id"
    FROM (SELECT "number", NULL::text AS "workflow_id", "policy_id", "policy_version", "branch_id" FROM "cases"
           WHERE ${OPEN} AND "number" > $2
          UNION ALL
          SELECT "number", "workflow_id", "policy_id", "policy_version", "branch_id" FROM "complaints"
           WHERE ${OPEN_COMPLAINT} AND "number" > $2) x
    JOIN "sla_policy_versions" v ON v."policy_id" = x."policy_id" AND v."version" = x."policy_version"
    LEFT JOIN "branches" b ON b."id" = x."branch_id"
   WHERE (jsonb_path_exists(v."rules", '$[*].commitments[*] ? (@.calendarId == $id)', jsonb_build_object('id', $4::text))
          OR (b."calendar_id" = $4::text
              AND jsonb_path_exists(v."rules", '$[*].commitments[*] ? (@.calendarId == "default")')))
     AND ${NOT_RECORDED}
   ORDER BY x."number" LIMIT $3`;

interface RolloutRow {
  kind: 'policy' | 'calendar';
  policy_id: string | null;
  version: number | null;
  calendar_id: string | null;
  status: 'running' | 'done';
  requested_by: string;
  requested_by_id: string | null;
}

interface CountsRow {
  total: number;
  signalled: number;
  skipped: number;
  failed: number;
}

export function createPolicyRolloutActivities({
  dataSource: db,
  client,
}: PolicyRolloutDependencies): PolicyRolloutActivities {
  const rollout = async (rolloutId: string): Promise<RolloutRow | undefined> =>
    (
      (await db.query(
        `SELECT "kind", "policy_id", "version", "calendar_id", "status", "requested_by", "requested_by_id"
           FROM "policy_rollouts" WHERE "id" = $1`,
        [rolloutId],
      )) as RolloutRow[]
    )[0];

  return {
    async awaitRollout({ rolloutId }) {
      const row = await rollout(rolloutId);
      if (!row) throw new Error(`Rollout ${rolloutId} is not (yet) in policy_rollouts`);
      return { status: row.status };
    },

    async listRolloutPage({ rolloutId, after, limit }) {
      const row = await rollout(rolloutId);
      if (!row || row.status !== 'running') return { targets: [] };
      const rows: {
        number: string;
        workflow_id: string | null;
        policy_id: string;
        version: number;
        branch_calendar_id: string | null;
      }[] =
        row.kind === 'policy'
          ? await db.query(POLICY_PAGE, [rolloutId, after ?? '', limit, row.policy_id, row.version])
          : await db.query(CALENDAR_PAGE, [rolloutId, after ?? '', limit, row.calendar_id]);
      return {
        targets: rows.map((r) => ({
          number: r.number,
          // A case's workflow id follows from its number; a complaint's is on its row.
          workflowId: r.workflow_id ?? caseWorkflowId(r.number),
          policyId: r.policy_id,
          version: r.version,
          branchCalendarId: r.branch_calendar_id,
        })),
      };
    },

    async signalRolloutTargets({ rolloutId, targets }) {
      if (!client) throw new Error('The policy-rollout activities were built without a Temporal client');
      const row = await rollout(rolloutId);
      if (!row) return { outcomes: targets.map(() => 'skipped' as const) };
      const by = { userId: row.requested_by_id ?? 'system', username: row.requested_by };
      const changes = new Map<string, Promise<PolicyChange>>();
      const changeFor = (target: RolloutTarget): Promise<PolicyChange> => {
        const key = `${target.policyId}@${target.version}@${target.branchCalendarId ?? ''}`;
        let change = changes.get(key);
        if (!change) {
          change = loadPolicySnapshot(db, {
            policyId: target.policyId,
            version: target.version,
            branchCalendarId: target.branchCalendarId ?? undefined,
          }).then((snapshot) => ({ ...snapshot, by }));
          changes.set(key, change);
        }
        return change;
      };
      const temporal = await client();
      const errors: string[] = [];
      const outcomes = await mapLimited(
        targets,
        SIGNAL_CONCURRENCY,
        async (target): Promise<RolloutOutcome> => {
          try {
            const change = await changeFor(target);
            await temporal.workflow.getHandle(target.workflowId).signal(policyChangedSignal, change);
            return 'signalled';
          } catch (error) {
            // Closed since it was listed: there is nothing left to re-plan.
            if (error instanceof WorkflowNotFoundError) return 'skipped';
            errors.push(`${target.number}: ${error instanceof Error ? error.message : String(error)}`);
            return 'failed';
          }
        },
      );
      // Temporal hiccupped: the page is tried again (after Temporal's back-off); those it reached already
      // ignore the repeat. After the last try, what still fails is counted failed.
      if (errors.length > 0 && Context.current().info.attempt < SIGNAL_ATTEMPTS) {
        throw new Error(
          `${errors.length} signal(s) of rollout ${rolloutId} failed: ${errors.slice(0, 3).join('; ')}`,
        );
      }
      return { outcomes };
    },

    async recordRolloutProgress({ rolloutId, targets, outcomes }) {
      return db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO "policy_rollout_cases"
             ("rollout_id", "case_number", "policy_id", "policy_version", "outcome", "attempts", "done_at")
           SELECT $1::uuid, t."number", t."policy_id", t."version", t."outcome", 1, now()
             FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS t("number", "policy_id", "version", "outcome")
           ON CONFLICT ("rollout_id", "case_number") DO UPDATE
             SET "outcome" = EXCLUDED."outcome", "attempts" = "policy_rollout_cases"."attempts" + 1, "done_at" = now()
             -- a row left pending by the runner before rollouts were workflows gets its outcome; nothing twice
             WHERE "policy_rollout_cases"."outcome" = 'pending'`,
          [
            rolloutId,
            targets.map((t) => t.number),
            targets.map((t) => t.policyId),
            targets.map((t) => t.version),
            outcomes,
          ],
        );
        return counts(
          await tx.query(
            `WITH c AS (
               SELECT count(*) FILTER (WHERE "outcome" = 'signalled')::int AS "signalled",
                      count(*) FILTER (WHERE "outcome" = 'skipped')::int AS "skipped",
                      count(*) FILTER (WHERE "outcome" = 'failed')::int AS "failed",
                      count(*)::int AS "recorded"
                 FROM "policy_rollout_cases" WHERE "rollout_id" = $1
             )
             UPDATE "policy_rollouts" r
                SET "signalled" = c."signalled", "skipped" = c."skipped", "failed" = c."failed",
                    -- cases that came into the read model after the publish counted them
                    "total" = GREATEST(r."total", c."recorded")
               FROM c WHERE r."id" = $1
             RETURNING r."total", r."signalled", r."skipped", r."failed"`,
            [rolloutId],
          ),
        );
      });
    },

    async finishRollout({ rolloutId }) {
      // Cases the publish counted that had closed before the rollout reached them are skipped, as a case
      // whose workflow has ended is: done means every counted case has an outcome.
      await db.query(
        `UPDATE "policy_rollouts"
            SET "status" = 'done', "finished_at" = now(),
                "skipped" = "skipped" + GREATEST("total" - ("signalled" + "skipped" + "failed"), 0)
          WHERE "id" = $1 AND "status" = 'running'`,
        [rolloutId],
      );
      return counts(
        await db.query(
          `SELECT "total", "signalled", "skipped", "failed" FROM "policy_rollouts" WHERE "id" = $1`,
          [rolloutId],
        ),
      );
    },
  };
}

/** pg answers an UPDATE … RETURNING through TypeORM as [rows, count]; a SELECT as rows. */
function counts(result: unknown): RolloutCounts {
  const rows = result as unknown[];
  const [row] = (Array.isArray(rows[0]) ? rows[0] : rows) as CountsRow[];
  return row
    ? { total: row.total, signalled: row.signalled, skipped: row.skipped, failed: row.failed }
    : { total: 0, signalled: 0, skipped: 0, failed: 0 };
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
