// Every activity runs through here. A write the database refuses for good — a data exception (SQLSTATE
// class 22: a NUL byte, a value out of range) or an integrity violation (class 23) — can never succeed on a
// retry, so it fails at once, non-retryably, instead of being retried for ever; and an activity that keeps
// failing is written down, so `/health` can name the workflows stuck on it.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { DATA_REJECTED } from '@caseflow/domain';

/** The failure type of a write the database refused for good; workflows can branch on it. */
export { DATA_REJECTED };
/** From this attempt on, a retried activity's failure is recorded (one or two retries are routine). */
export const RECORD_FROM_ATTEMPT = 3;

/** The SQLSTATE of a PostgreSQL error, bare (pg) or wrapped (TypeORM's QueryFailedError). */
export function sqlStateOf(error: unknown): string | undefined {
  const candidates = [error, (error as { driverError?: unknown } | null)?.driverError];
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Integrity violations that a retry can cure: a unique key (23505) or exclusion (23P01) lost to a
 * concurrent writer, whose row the retry then finds; a foreign key (23503) whose parent row another
 * activity is writing at the same moment. Every other class-23 violation (NOT NULL, CHECK) is in the data.
 */
const RACES = new Set(['23505', '23P01', '23503']);

/** Class 22 (data exception) and the class-23 violations no retry can cure: the same write fails every time. */
export function isPermanentDataError(sqlState: string | undefined): boolean {
  if (sqlState === undefined) return false;
  return sqlState.startsWith('22') || (sqlState.startsWith('23') && !RACES.has(sqlState));
}

type ActivityFunction = (...args: never[]) => Promise<unknown>;

interface FailureTrackingOptions {
  dataSource: DataSource;
}

/**
 * The same activities, each wrapped: a permanent data error becomes `ApplicationFailure.nonRetryable`
 * (type DATA_REJECTED, with the SQLSTATE; the message only, never the statement's parameters, which hold
 * customers' data), and failures from the RECORD_FROM_ATTEMPT-th attempt on land in `activity_failures`.
 */
export function withFailureTracking<T extends object>(
  activities: T,
  { dataSource }: FailureTrackingOptions,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    if (typeof activity !== 'function') {
      wrapped[name] = activity;
      continue;
    }
    const run = activity as ActivityFunction;
    wrapped[name] = async (...args: never[]) => {
      const info = currentInfo();
      try {
        const result = await run(...args);
        if (info && info.attempt > 1) await forget(dataSource, info.workflowId, name);
        return result;
      } catch (error) {
        const sqlState = sqlStateOf(error);
        const permanent = isPermanentDataError(sqlState);
        if (info && (permanent || info.attempt >= RECORD_FROM_ATTEMPT)) {
          await remember(dataSource, {
            workflowId: info.workflowId,
            activity: name,
            retryable: !permanent,
            attempts: info.attempt,
            sqlState,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        if (!permanent) throw error;
        throw ApplicationFailure.create({
          type: DATA_REJECTED,
          nonRetryable: true,
          message: `The database refused what ${name} writes, for good (SQLSTATE ${sqlState}): ${
            error instanceof Error ? error.message : String(error)
          }`,
          details: [{ activity: name, sqlState }],
        });
      }
    };
  }
  return wrapped as T;
}

function currentInfo(): { workflowId: string; attempt: number } | undefined {
  try {
    const info = Context.current().info;
    const workflowId = info.workflowExecution?.workflowId;
    return workflowId ? { workflowId, attempt: info.attempt } : undefined;
  } catch {
    return undefined; // called outside an activity (a test, a script)
  }
}

// Best effort: when the database itself is down, the failure cannot be written, and /health says so anyway.
async function remember(
  dataSource: DataSource,
  failure: {
    workflowId: string;
    activity: string;
    retryable: boolean;
    attempts: number;
    sqlState: string | undefined;
    error: string;
  },
): Promise<void> {
  await dataSource
    .query(
      `INSERT INTO "activity_failures" ("workflow_id", "activity", "retryable", "attempts", "sql_state", "error")
       VALUES ($1, $2, $3, $4, $5, left($6, 1000))
       ON CONFLICT ("workflow_id", "activity") DO UPDATE SET
         "retryable" = EXCLUDED."retryable", "attempts" = EXCLUDED."attempts", "sql_state" = EXCLUDED."sql_state",
         "error" = EXCLUDED."error", "last_failed_at" = now()`,
      [
        failure.workflowId,
        failure.activity,
        failure.retryable,
        failure.attempts,
        failure.sqlState ?? null,
        // What a later write may hold is refused for the same reason: keep the message storable.
        // eslint-disable-next-line no-control-regex
        failure.error.replace(/\u0000/g, '\\0').replace(/[\ud800-\udfff]/g, '\ufffd'),
      ],
    )
    .catch(() => undefined);
}

async function forget(dataSource: DataSource, workflowId: string, activity: string): Promise<void> {
  await dataSource
    .query(`DELETE FROM "activity_failures" WHERE "workflow_id" = $1 AND "activity" = $2`, [
      workflowId,
      activity,
    ])
    .catch(() => undefined);
}
