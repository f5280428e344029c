// The one reader of "which commitments does a new (or re-planned) case run under": a branch's policies,
// a policy version's rules resolved onto the branch's calendar, and every calendar those rules use. The
// API's intake, the complaint and callback activities and policy rollouts all read it here, so a case and
// a complaint of one branch can never be planned on different data.
import { COMPLAINT_POLICY_ID } from '@caseflow/domain';
import {
  calendarIdsOf,
  DEFAULT_CALENDAR_ID,
  DEFAULT_POLICY_ID,
  rulesOnBranchCalendar,
  type CalendarDefinition,
  type PolicyRule,
  type PolicyVersion,
} from '@caseflow/sla';

/** Anything that runs SQL: a DataSource, an EntityManager inside a transaction. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export interface BranchSettings {
  id: string;
  calendarId: string;
  casePolicyId: string;
  complaintPolicyId: string;
  retired: boolean;
}

export interface PolicySnapshot {
  policy: PolicyVersion;
  calendars: CalendarDefinition[];
  /** Each calendar's revision, so a late re-plan cannot bring an old calendar back. */
  calendarRevisions: Record<string, number>;
}

/** What applies where no branch is named: the default calendar and the seeded policies. */
export const NO_BRANCH: Omit<BranchSettings, 'id'> = {
  calendarId: DEFAULT_CALENDAR_ID,
  casePolicyId: DEFAULT_POLICY_ID,
  complaintPolicyId: COMPLAINT_POLICY_ID,
  retired: false,
};

export async function branchSettings(db: Queryable, branchId: string): Promise<BranchSettings | undefined> {
  const rows = await db.query<
    {
      id: string;
      calendar_id: string;
      case_policy_id: string;
      complaint_policy_id: string;
      retired_at: Date | null;
    }[]
  >(
    `SELECT "id", "calendar_id", "case_policy_id", "complaint_policy_id", "retired_at"
       FROM "branches" WHERE "id" = $1`,
    [branchId],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      calendarId: row.calendar_id,
      casePolicyId: row.case_policy_id,
      complaintPolicyId: row.complaint_policy_id,
      retired: row.retired_at !== null,
    }
  );
}

/**
 * A policy version (the current one unless `version` is given) as a case of a branch on `branchCalendarId`
 * runs it, with every calendar it needs. Throws when the policy or a calendar is missing: that is data an
 * admin cannot have made through the API (publishing checks both), so it is not a user's error.
 */
export async function loadPolicySnapshot(
  db: Queryable,
  options: { policyId: string; version?: number; branchCalendarId?: string },
): Promise<PolicySnapshot> {
  const rows = await db.query<{ version: number; rules: PolicyRule[] }[]>(
    options.version === undefined
      ? `SELECT v."version", v."rules" FROM "sla_policies" p
           JOIN "sla_policy_versions" v ON v."policy_id" = p."id" AND v."version" = p."current_version"
          WHERE p."id" = $1`
      : `SELECT "version", "rules" FROM "sla_policy_versions" WHERE "policy_id" = $1 AND "version" = $2`,
    options.version === undefined ? [options.policyId] : [options.policyId, options.version],
  );
  if (!rows[0]) {
    throw new Error(
      `SLA policy "${options.policyId}"${options.version === undefined ? ' has no current version' : ` has no version ${options.version}`}: the database is not migrated or seeded`,
    );
  }
  const rules = rulesOnBranchCalendar(rows[0].rules, options.branchCalendarId);
  const ids = calendarIdsOf(rules);
  const calendars = await db.query<{ id: string; definition: CalendarDefinition; revision: number }[]>(
    `SELECT "id", "definition", "revision" FROM "calendars" WHERE "id" = ANY ($1::text[]) ORDER BY "id"`,
    [ids],
  );
  const missing = ids.filter((id) => !calendars.some((row) => row.id === id));
  if (missing.length > 0) {
    throw new Error(
      `Calendar(s) ${missing.join(', ')} named by SLA policy "${options.policyId}" do not exist`,
    );
  }
  return {
    policy: { policyId: options.policyId, version: rows[0].version, rules },
    calendars: calendars.map((row) => row.definition),
    calendarRevisions: Object.fromEntries(calendars.map((row) => [row.id, row.revision])),
  };
}
