// The one reader of "which commitments does a new (or re-planned) case run under": a branch's policies,
// a policy version's rules resolved onto the branch's calendar, and every calendar those rules use. The
// API's intake and hand-over list, the complaint and callback activities and policy rollouts all read it
// here (`PolicySnapshotReader`), so a case and a complaint of one branch can never be planned on different
// data.
import { COMPLAINT_POLICY_ID } from '@caseflow/domain';
import {
  calendarIdsOf,
  createCalendar,
  DEFAULT_CALENDAR_ID,
  type BusinessCalendar,
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

/** Which of a branch's policies a new case runs under. */
export type PolicyFor = 'case' | 'complaint';

/**
 * The policy-and-calendar snapshot reader, over anything that runs SQL (the API's DataSource, an
 * activity's, a transaction's EntityManager). A branch given by id is looked up; none (or an id of no
 * branch) means the defaults of `NO_BRANCH`.
 */
export class PolicySnapshotReader {
  constructor(private readonly db: Queryable) {}

  branch(id: string): Promise<BranchSettings | undefined> {
    return branchSettings(this.db, id);
  }

  /** The current policy version a new case (`for`) of the branch starts under, with every calendar it names. */
  async startingPolicy(
    policyFor: PolicyFor,
    branch: BranchSettings | string | undefined,
  ): Promise<PolicySnapshot> {
    const settings = (typeof branch === 'string' ? await this.branch(branch) : branch) ?? NO_BRANCH;
    return loadPolicySnapshot(this.db, {
      policyId: policyFor === 'case' ? settings.casePolicyId : settings.complaintPolicyId,
      branchCalendarId: settings.calendarId,
    });
  }

  casePolicy(branch: BranchSettings | string | undefined): Promise<PolicySnapshot> {
    return this.startingPolicy('case', branch);
  }

  complaintPolicy(branch: BranchSettings | string | undefined): Promise<PolicySnapshot> {
    return this.startingPolicy('complaint', branch);
  }

  /** One version of a policy (the current one without `version`) on a branch's calendar. */
  policyVersion(options: {
    policyId: string;
    version?: number;
    branchCalendarId?: string;
  }): Promise<PolicySnapshot> {
    return loadPolicySnapshot(this.db, options);
  }

  /** A calendar's definition; the default one when no id is given. Throws when it does not exist. */
  async calendarDefinition(id: string = DEFAULT_CALENDAR_ID): Promise<CalendarDefinition> {
    const [row] = await this.db.query<{ definition: CalendarDefinition }[]>(
      `SELECT "definition" FROM "calendars" WHERE "id" = $1`,
      [id],
    );
    if (!row) throw new Error(`Calendar "${id}" does not exist`);
    return row.definition;
  }

  /** A calendar ready for calculation; the default one when no id is given. */
  async calendar(id: string = DEFAULT_CALENDAR_ID): Promise<BusinessCalendar> {
    return createCalendar(await this.calendarDefinition(id));
  }

  /** The time zone of the branch's calendar (the default calendar's without a branch; UTC without either). */
  async timeZone(branchId: string | undefined): Promise<string> {
    const [row] = await this.db.query<{ time_zone: string | null }[]>(
      `SELECT cal."definition"->>'timeZone' AS "time_zone" FROM "calendars" cal
        WHERE cal."id" = COALESCE((SELECT b."calendar_id" FROM "branches" b WHERE b."id" = $1), $2)`,
      [branchId ?? null, DEFAULT_CALENDAR_ID],
    );
    return row?.time_zone ?? 'UTC';
  }
}
