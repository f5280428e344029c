// Who receives a ladder step: resolved against the organisation chart (`staff.supervisor_id`) at the
// moment the step fires. A vacancy — nobody in the position, or someone no longer active — passes the
// step up to the next level; when the chart has nobody at all the step is still recorded, as unassigned.
import type { EntityManager } from 'typeorm';
import type { Department } from '@caseflow/domain';
import type { RecipientLevel } from '../entities';
import type { EscalationTarget } from '@caseflow/sla';

export type StaffTarget = Exclude<EscalationTarget, 'customer'>;

export interface RecipientQuery {
  target: StaffTarget;
  assigneeId?: string;
  branchId?: string;
  department?: Department;
  /** The user who logged the case, for 'hotline' steps ("the hotline chases the handler"). */
  operatorUserId?: string;
}

export interface Recipient {
  staffId: string | null;
  level: RecipientLevel;
  name?: string;
  language: string;
  /** Where they also hear of it by e-mail, when the chart has an address. */
  email?: string;
}

interface StaffRow {
  id: string;
  name: string;
  role: string;
  active: boolean;
  language: string;
  email: string | null;
}

interface ChainRow extends StaffRow {
  depth: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string | undefined): value is string => value !== undefined && UUID.test(value);

/** How far up the chain each target sits: the assignee, their supervisor, the supervisor's supervisor. */
const DEPTH: Record<'assignee' | 'supervisor' | 'manager', number> = {
  assignee: 0,
  supervisor: 1,
  manager: 2,
};
/** Guards against a cycle someone typed into the chart. */
const MAX_CHAIN = 8;

const STAFF_COLUMNS = `s."id", s."name", s."role", s."active", s."language", s."email"`;

export async function resolveRecipient(db: EntityManager, query: RecipientQuery): Promise<Recipient> {
  switch (query.target) {
    case 'assignee':
    case 'supervisor':
    case 'manager':
      return resolveUpTheChain(db, query, DEPTH[query.target]);
    case 'quality_desk':
      return (
        found(await firstActive(db, `s."role" = 'quality'`, query), 'quality_desk') ??
        (await gmOfficeOrUnassigned(db))
      );
    case 'hotline': {
      const operator = isUuid(query.operatorUserId)
        ? await one(db, `SELECT ${STAFF_COLUMNS} FROM "staff" s WHERE s."user_id" = $1 AND s."active"`, [
            query.operatorUserId,
          ])
        : undefined;
      return (
        found(operator, 'hotline') ??
        found(await firstActive(db, `s."role" = 'operator'`, query), 'hotline') ??
        (await gmOfficeOrUnassigned(db))
      );
    }
  }
}

/**
 * assignee → supervisor → manager → GM office. Walks `supervisor_id` from the assignee (or, for a case
 * nobody is assigned to yet, from the supervisor of its branch and department) and takes the first active
 * person at or above the wanted depth; where the chain breaks off, the same level is looked up by role.
 */
async function resolveUpTheChain(
  db: EntityManager,
  query: RecipientQuery,
  wanted: number,
): Promise<Recipient> {
  let chain: ChainRow[] = [];
  if (isUuid(query.assigneeId)) chain = await chainFrom(db, query.assigneeId, 0);
  if (chain.length === 0) {
    // Unassigned: the branch's (and department's) supervisor stands in for the assignee's.
    chain = await chainFrom(db, firstStaffSql(`s."role" = 'supervisor'`, false, 4), 1, [
      query.branchId ?? null,
      query.department ?? null,
    ]);
  }
  const hit = chain.find((row) => row.depth >= wanted && row.active);
  if (hit) return recipient(hit, levelAt(hit));

  // The chain broke off: the heads of the assignee's team and department stand in for it.
  const head =
    wanted >= 1 && isUuid(query.assigneeId) ? await unitHead(db, query.assigneeId, wanted) : undefined;
  if (head) return recipient(head, wanted === 1 && head.role !== 'manager' ? 'supervisor' : 'manager');

  if (wanted <= 1) {
    const supervisor = await firstActive(db, `s."role" = 'supervisor'`, query);
    if (supervisor) return recipient(supervisor, 'supervisor');
  }
  const manager = await firstActive(db, `s."role" = 'manager'`, query);
  if (manager) return recipient(manager, 'manager');
  return gmOfficeOrUnassigned(db);
}

/**
 * The active head of the person's team (for the supervisor level; the department's head when the team
 * has none) or of their team's department (for the manager level), never the person themselves.
 */
async function unitHead(db: EntityManager, staffId: string, wanted: number): Promise<StaffRow | undefined> {
  return one(
    db,
    `SELECT ${STAFF_COLUMNS} FROM "staff" me
       JOIN "org_units" u ON u."id" = me."unit_id"
       LEFT JOIN "org_units" d ON d."id" = u."parent_id"
       JOIN "staff" s ON s."id" IN (u."head_id", d."head_id")
      WHERE me."id" = $1 AND s."id" <> me."id" AND s."active"
        AND ($2 = 1 OR s."id" IS NOT DISTINCT FROM COALESCE(d."head_id", u."head_id"))
      ORDER BY (s."id" = u."head_id") DESC
      LIMIT 1`,
    [staffId, wanted],
  );
}

function levelAt(row: ChainRow): RecipientLevel {
  if (row.depth === 0) return 'assignee';
  if (row.depth === 1) return 'supervisor';
  return row.role === 'gm_office' ? 'gm_office' : 'manager';
}

/**
 * The chain of supervisors from one person up: `start` is their id, or a query (with `startParams`, from $4)
 * that finds them, so that finding the first person and walking up from them is one round trip.
 */
async function chainFrom(
  db: EntityManager,
  start: string,
  startDepth: number,
  startParams?: unknown[],
): Promise<ChainRow[]> {
  const anchor = startParams ? `COALESCE($1::uuid, (SELECT first."id" FROM (${start}) first))` : '$1::uuid';
  return db.query(
    `WITH RECURSIVE chain AS (
       SELECT s."id", s."supervisor_id", $2::int AS depth, ARRAY[s."id"] AS path
         FROM "staff" s WHERE s."id" = ${anchor}
       UNION ALL
       SELECT s."id", s."supervisor_id", chain.depth + 1, chain.path || s."id"
         FROM "staff" s JOIN chain ON s."id" = chain."supervisor_id"
        WHERE NOT s."id" = ANY (chain.path) AND chain.depth < $3
     )
     SELECT ${STAFF_COLUMNS}, chain.depth FROM chain JOIN "staff" s ON s."id" = chain."id" ORDER BY chain.depth`,
    [startParams ? null : start, startDepth, startDepth + MAX_CHAIN, ...(startParams ?? [])],
  );
}

/** The best match for a role (see firstStaff), as SQL whose branch and department are $from and $from+1. */
function firstStaffSql(where: string, activeOnly: boolean, from = 1): string {
  return `SELECT ${STAFF_COLUMNS} FROM "staff" s
      WHERE ${where} ${activeOnly ? 'AND s."active"' : ''}
      ORDER BY (s."branch_id" IS NOT DISTINCT FROM $${from}) DESC, (s."department" IS NOT DISTINCT FROM $${from + 1}) DESC,
               s."active" DESC, s."created_at", s."id"
      LIMIT 1`;
}

/** The best match for a role: same branch and department first, then same branch, then same department. */
async function firstStaff(
  db: EntityManager,
  where: string,
  { branchId, department }: RecipientQuery,
  activeOnly: boolean,
): Promise<StaffRow | undefined> {
  return one(db, firstStaffSql(where, activeOnly), [branchId ?? null, department ?? null]);
}

const firstActive = (db: EntityManager, where: string, query: RecipientQuery) =>
  firstStaff(db, where, query, true);

async function gmOfficeOrUnassigned(db: EntityManager): Promise<Recipient> {
  const gm = await one(
    db,
    `SELECT ${STAFF_COLUMNS} FROM "staff" s WHERE s."role" = 'gm_office' AND s."active"
      ORDER BY s."created_at", s."id" LIMIT 1`,
    [],
  );
  return found(gm, 'gm_office') ?? { staffId: null, level: 'unassigned', language: 'zh-CN' };
}

async function one(db: EntityManager, sql: string, params: unknown[]): Promise<StaffRow | undefined> {
  const rows: StaffRow[] = await db.query(sql, params);
  return rows[0];
}

const recipient = (row: StaffRow, level: RecipientLevel): Recipient => ({
  staffId: row.id,
  level,
  name: row.name,
  language: row.language,
  ...(row.email ? { email: row.email } : {}),
});

const found = (row: StaffRow | undefined, level: RecipientLevel): Recipient | undefined =>
  row ? recipient(row, level) : undefined;

/**
 * The supervisor of a department — where a complaint goes at once: the department's supervisor first (in
 * the branch, if it has one), then any supervisor of the branch; with no supervisor at all, a manager, then
 * the GM office.
 */
export async function departmentSupervisor(
  db: EntityManager,
  { department, branchId }: { department: Department; branchId?: string },
): Promise<Recipient> {
  const supervisor = await one(
    db,
    `SELECT ${STAFF_COLUMNS} FROM "staff" s WHERE s."role" = 'supervisor' AND s."active"
      ORDER BY (s."department" IS NOT DISTINCT FROM $2) DESC, (s."branch_id" IS NOT DISTINCT FROM $1) DESC,
               s."created_at", s."id"
      LIMIT 1`,
    [branchId ?? null, department],
  );
  if (supervisor) return recipient(supervisor, 'supervisor');
  const manager = await firstActive(db, `s."role" = 'manager'`, { target: 'manager', branchId, department });
  return found(manager, 'manager') ?? gmOfficeOrUnassigned(db);
}

/** The general manager's office (unassigned when nobody holds it). */
export const gmOffice = (db: EntityManager): Promise<Recipient> => gmOfficeOrUnassigned(db);
