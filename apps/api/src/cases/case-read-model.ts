// SQL over the read model the case workflows keep (`cases`, `commitments`, `case_events`): the case list
// with its filters, one case with its timeline. Reads only; the workflows' activities do all the writing.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CaseAction, CaseState, CommitmentSummary, Department, TimelineEntry } from '@caseflow/domain';
import type { CaseDetailDto, CaseDto, CaseListItemDto, CaseRoutingDto, CommitmentDto } from './dto/case.dto';
import type { CaseSort } from './dto/list-cases.query';
import { encodeCaseListCursor, sortKeySql, type CaseListCursor } from './case-list-cursor';

export interface CaseFilter {
  states?: CaseState[];
  kind?: string;
  category?: string;
  /** A staff id, or null for "unassigned". */
  assigneeId?: string | null;
  branchId?: string;
  breached?: boolean;
  /** Only cases whose next deadline is between now and this many minutes from now. */
  dueWithinMinutes?: number;
  /** Only cases assigned to one of these staff (a team). */
  assigneeIn?: string[];
  q?: string;
  /** Only cases assigned to these staff, and the unassigned ones of these branches (who sees which case). */
  visibleTo?: { assigneeIds: string[]; unassignedInBranches: string[] | 'any' | 'none' };
  page: number;
  pageSize: number;
  sort: CaseSort;
  order: 'asc' | 'desc';
  /** Where the previous page ended (keyset paging); `page` is then not used. */
  after?: CaseListCursor;
}

/** The case list counts matching cases up to this many; beyond, `total` is this and `totalCapped` true. */
export const CASE_LIST_TOTAL_CAP = 10_000;

export interface CaseListPage {
  items: CaseListItemDto[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

const SORT_COLUMNS: Record<CaseSort, string> = {
  receivedAt: 'c."received_at"',
  nextDueAt: 'c."next_due_at"',
  updatedAt: 'c."updated_at"',
};

interface CaseRow {
  number: string;
  kind: CaseDto['kind'];
  state: CaseState;
  resolution: CaseDto['resolution'] | null;
  channel: CaseDto['channel'];
  category: CaseDto['category'];
  dispatched: boolean;
  customer_name: string;
  customer_phone: string;
  customer_address: string | null;
  customer_tier: CaseDto['customer']['tier'];
  customer_id: string | null;
  contact_id: string | null;
  site_id: string | null;
  equipment_id: string | null;
  product: string | null;
  description: string;
  branch_id: string | null;
  operator_user_id: string;
  operator_username: string;
  operator_no: number;
  assignee_id: string | null;
  assignee_name: string | null;
  department: CaseDto['department'] | null;
  routing_department: Department | null;
  routing_unit_id: string | null;
  routing_unit_name: string | null;
  routing_head_id: string | null;
  routing_head_name: string | null;
  visit_at: Date | null;
  summary: string | null;
  fault_grade: CaseDto['faultGrade'] | null;
  received_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  reopen_count: number;
  policy_id: string;
  policy_version: number;
  allowed_actions: CaseAction[];
  breached: boolean;
  next_due_at: Date | null;
  /** Only in lists: the warning point of the commitment due next. */
  next_warn_at?: Date | null;
  next_started_at?: Date | null;
  next_remaining_ms?: string | null;
  updated_at: Date;
}

interface CommitmentRow {
  commitment_id: string;
  kind: string;
  status: CommitmentSummary['status'];
  policy_version: number;
  started_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  breached: boolean;
  breached_at: Date | null;
  met_at: Date | null;
  remaining_ms: string;
}

interface EventRow {
  seq: number;
  at: Date;
  type: string;
  actor: string;
  summary: string;
  data: Record<string, unknown> | null;
}

const SELECT_CASE = `SELECT c.*, s."name" AS "assignee_name"
  FROM "cases" c LEFT JOIN "staff" s ON s."id" = c."assignee_id"`;

/**
 * The WHERE condition (on `cases c`) for the cases a user may see; `param` binds a value and returns its
 * placeholder. One condition for every list of cases, so the case list and the handover list agree.
 */
export function visibleToSql(
  visibleTo: NonNullable<CaseFilter['visibleTo']>,
  param: (value: unknown) => string,
): string {
  const { assigneeIds, unassignedInBranches: branches } = visibleTo;
  const unassigned =
    branches === 'none'
      ? 'false'
      : branches === 'any'
        ? 'c."assignee_id" IS NULL'
        : `(c."assignee_id" IS NULL AND c."branch_id" = ANY (${param(branches)}::text[]))`;
  return `(c."assignee_id" = ANY (${param(assigneeIds)}::uuid[]) OR ${unassigned})`;
}

/**
 * The WHERE condition for rows that belong to a case or a complaint (escalations, outbox rows, callbacks):
 * such a row is visible exactly when the user may open what it is about. `about` is the SQL of the row's
 * case number; `complaint` the SQL of its complaint number, when the table keeps that apart (the outbox keeps
 * a complaint's number in its case-number column: a number that names no case is looked up as a complaint).
 * Complaints have no team scope: whoever reads complaints reads them all. `orElse` adds what else the caller
 * lets through (e.g. a row about no case at all, addressed to someone in scope); rows of an all-seeing user
 * need no condition at all (leave it out).
 */
export function rowOfVisibleCaseSql(
  visibleTo: NonNullable<CaseFilter['visibleTo']>,
  param: (value: unknown) => string,
  row: { about: string; complaint?: string; readsComplaints: boolean; orElse?: string },
): string {
  const ofCase = `EXISTS (SELECT 1 FROM "cases" c WHERE c."number" = ${row.about} AND ${visibleToSql(visibleTo, param)})`;
  const complaintNumber = row.complaint ?? row.about;
  const ofComplaint = row.readsComplaints
    ? ` OR EXISTS (SELECT 1 FROM "complaints" k WHERE k."number" = ${complaintNumber})`
    : '';
  return `(${ofCase}${ofComplaint}${row.orElse ? ` OR ${row.orElse}` : ''})`;
}

@Injectable()
export class CaseReadModel {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: CaseFilter): Promise<CaseListPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;

    if (filter.states?.length) where.push(`c."state" = ANY (${param(filter.states)}::text[])`);
    if (filter.kind) where.push(`c."kind" = ${param(filter.kind)}`);
    if (filter.category) where.push(`c."category" = ${param(filter.category)}`);
    if (filter.assigneeId === null) where.push(`c."assignee_id" IS NULL`);
    else if (filter.assigneeId) where.push(`c."assignee_id" = ${param(filter.assigneeId)}`);
    if (filter.assigneeIn) where.push(`c."assignee_id" = ANY (${param(filter.assigneeIn)}::uuid[])`);
    if (filter.branchId) where.push(`c."branch_id" = ${param(filter.branchId)}`);
    if (filter.dueWithinMinutes !== undefined) {
      where.push(
        `c."next_due_at" > now() AND c."next_due_at" <= now() + make_interval(mins => ${param(filter.dueWithinMinutes)}::int)`,
      );
    }
    if (filter.breached !== undefined) where.push(`c."breached" = ${param(filter.breached)}`);
    if (filter.visibleTo) where.push(visibleToSql(filter.visibleTo, param));
    const q = filter.q?.trim();
    if (q) {
      const like = escapeLike(q);
      const anyOf = [`c."number" LIKE ${param(`${like}%`)}`, `c."customer_name" ILIKE ${param(`%${like}%`)}`];
      // Phones are stored as digits (with an optional +): search the way the operator typed it, minus spacing.
      const digits = q.replace(/[\s-]/g, '');
      if (/^\+?\d{3,}$/.test(digits))
        anyOf.push(`c."customer_phone" LIKE ${param(`%${escapeLike(digits)}%`)}`);
      where.push(`(${anyOf.join(' OR ')})`);
    }
    // The count reads the filters alone; the page adds where the previous page ended.
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...params];

    const column = SORT_COLUMNS[filter.sort];
    const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
    const orderBy = `ORDER BY ${column} ${direction} NULLS LAST, c."number" ${direction}`;
    const offset = filter.after ? 0 : (filter.page - 1) * filter.pageSize;
    const limit = param(filter.pageSize + 1);
    const rowsWhere = (more: string[]) => {
      const all = [...where, ...more];
      return `SELECT c.* FROM "cases" c ${all.length ? `WHERE ${all.join(' AND ')}` : ''} ${orderBy} LIMIT ${limit}`;
    };
    let pageSql: string;
    if (!filter.after) pageSql = `${rowsWhere([])} OFFSET ${param(offset)}`;
    else {
      const ranges = afterSql(filter.after, column, direction, param);
      // Two ranges (dated rows after the cursor, then the undated ones) are two index scans, each stopping at
      // a page; one condition with OR would read the index from its start, every page deeper than the last.
      pageSql =
        ranges.length === 1
          ? rowsWhere(ranges)
          : `SELECT c.* FROM (${ranges.map((r) => `(${rowsWhere([r])})`).join(' UNION ALL ')}) c ${orderBy} LIMIT ${limit}`;
    }
    // The next deadline's warning point, so that a list can turn a row amber without reading each case, and
    // its start and budget, so that a working-time deadline can say "2 working hours". Joined to the page's
    // rows only, after the sort and the limit. One row more than the page tells whether another page follows.
    const rows: (CaseRow & { sort_key: string | null })[] = await this.db.query(
      `SELECT c.*, s."name" AS "assignee_name", n."warn_at" AS "next_warn_at",
         n."started_at" AS "next_started_at", n."remaining_ms" AS "next_remaining_ms",
         ${sortKeySql(column)} AS "sort_key"
         FROM (${pageSql}) c
         LEFT JOIN "staff" s ON s."id" = c."assignee_id"
         LEFT JOIN LATERAL (
           SELECT m."warn_at", m."started_at", m."remaining_ms" FROM "commitments" m
            WHERE m."case_number" = c."number" AND m."status" = 'running' AND m."due_at" = c."next_due_at"
            ORDER BY m."warn_at" LIMIT 1) n ON true
       ${orderBy}`,
      params,
    );
    const page = rows.slice(0, filter.pageSize);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > filter.pageSize && last
        ? encodeCaseListCursor({
            sort: filter.sort,
            order: filter.order,
            key: last.sort_key,
            number: last.number,
          })
        : null;

    // A page that is the last one tells the total without counting: everything before it, and its rows.
    // Otherwise the matching cases are counted, but never more than the cap: an exact count of 100,000 rows
    // is what made the list slow, and no one reads "41,327 cases" differently from "10,000+".
    if (!filter.after && !nextCursor && (page.length > 0 || offset === 0)) {
      return { items: page.map(toListItem), total: offset + page.length, totalCapped: false, nextCursor };
    }
    const [{ counted }] = (await this.db.query(
      `SELECT count(*)::int AS "counted" FROM (SELECT 1 FROM "cases" c ${whereSql} LIMIT ${CASE_LIST_TOTAL_CAP + 1}) x`,
      countParams,
    )) as { counted: number }[];
    return {
      items: page.map(toListItem),
      total: Math.min(counted, CASE_LIST_TOTAL_CAP),
      totalCapped: counted > CASE_LIST_TOTAL_CAP,
      nextCursor,
    };
  }

  /** One case with its commitments and timeline; undefined until its workflow has written its first entry. */
  async find(caseNumber: string): Promise<CaseDetailDto | undefined> {
    const [row] = (await this.db.query(`${SELECT_CASE} WHERE c."number" = $1`, [caseNumber])) as CaseRow[];
    if (!row) return undefined;
    const [commitments, events] = await Promise.all([
      this.db.query(
        `SELECT * FROM "commitments" WHERE "case_number" = $1 ORDER BY "started_at", "commitment_id"`,
        [caseNumber],
      ) as Promise<CommitmentRow[]>,
      this.db.query(
        `SELECT "seq", "at", "type", "actor", "summary", "data" FROM "case_events"
          WHERE "case_number" = $1 ORDER BY "seq"`,
        [caseNumber],
      ) as Promise<EventRow[]>,
    ]);
    return { ...toCase(row, commitments.map(toCommitment)), timeline: events.map(toTimelineEntry) };
  }
}

const iso = (value: Date | null | undefined) => value?.toISOString();
const orUndefined = <T>(value: T | null) => value ?? undefined;

function customerOf(row: CaseRow): CaseDto['customer'] {
  return {
    id: row.customer_id,
    name: row.customer_name,
    phone: row.customer_phone,
    address: orUndefined(row.customer_address),
    tier: row.customer_tier,
    contactId: row.contact_id,
    siteId: row.site_id,
    equipmentId: row.equipment_id,
  };
}

function toCase(row: CaseRow, commitments: CommitmentDto[]): CaseDto {
  return {
    id: row.number,
    number: row.number,
    kind: row.kind,
    state: row.state,
    resolution: orUndefined(row.resolution),
    channel: row.channel,
    category: row.category,
    dispatched: row.dispatched,
    customer: customerOf(row),
    product: orUndefined(row.product),
    description: row.description,
    branchId: orUndefined(row.branch_id),
    operator: {
      userId: row.operator_user_id,
      username: row.operator_username,
      operatorNo: row.operator_no,
    },
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? row.assignee_id } : null,
    department: orUndefined(row.department),
    routing: toRouting(row),
    visitAt: iso(row.visit_at),
    summary: orUndefined(row.summary),
    faultGrade: orUndefined(row.fault_grade),
    receivedAt: row.received_at.toISOString(),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    reopenCount: row.reopen_count,
    policy: { id: row.policy_id, version: row.policy_version },
    commitments,
    allowedActions: row.allowed_actions,
    updatedAt: row.updated_at.toISOString(),
  };
}

function toListItem(row: CaseRow): CaseListItemDto {
  return {
    number: row.number,
    kind: row.kind,
    state: row.state,
    channel: row.channel,
    category: row.category,
    customer: customerOf(row),
    product: orUndefined(row.product),
    branchId: row.branch_id,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? row.assignee_id } : null,
    routing: toRouting(row),
    breached: row.breached,
    nextDueAt: iso(row.next_due_at) ?? null,
    nextWarnAt: iso(row.next_warn_at ?? null) ?? null,
    nextStartedAt: iso(row.next_started_at ?? null) ?? null,
    nextRemainingMs: row.next_remaining_ms == null ? null : Number(row.next_remaining_ms),
    allowedActions: row.allowed_actions,
    receivedAt: row.received_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Null for a case logged before routing existed. */
function toRouting(row: CaseRow): CaseRoutingDto | null {
  if (row.routing_department === null) return null;
  return {
    department: row.routing_department,
    unitId: row.routing_unit_id,
    unitName: row.routing_unit_name,
    headId: row.routing_head_id,
    headName: row.routing_head_name,
  };
}

function toCommitment(row: CommitmentRow): CommitmentDto {
  return {
    id: row.commitment_id,
    kind: row.kind,
    status: row.status,
    policyVersion: row.policy_version,
    startedAt: row.started_at.toISOString(),
    dueAt: iso(row.due_at),
    warnAt: iso(row.warn_at),
    breached: row.breached,
    breachedAt: iso(row.breached_at),
    metAt: iso(row.met_at),
    remainingMs: Number(row.remaining_ms),
  };
}

function toTimelineEntry(row: EventRow): TimelineEntry {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    type: row.type,
    actor: row.actor,
    summary: row.summary,
    ...(row.data ? { data: row.data } : {}),
  };
}

/**
 * The rows after the cursor's, in the list's order (`column` DIRECTION NULLS LAST, then the number), as
 * conditions of consecutive ranges. Row comparisons, so PostgreSQL starts the board's index scan right there.
 * Only the next deadline can be empty: those rows come last, ordered by number.
 */
function afterSql(
  after: CaseListCursor,
  column: string,
  direction: 'ASC' | 'DESC',
  param: (value: unknown) => string,
): string[] {
  const beyond = direction === 'DESC' ? '<' : '>';
  if (after.key === null) return [`${column} IS NULL AND c."number" ${beyond} ${param(after.number)}`];
  const dated = `(${column}, c."number") ${beyond} (${param(after.key)}::timestamptz, ${param(after.number)})`;
  return NULLABLE_SORTS.has(after.sort) ? [dated, `${column} IS NULL`] : [dated];
}

const NULLABLE_SORTS = new Set<CaseSort>(['nextDueAt']);

/** `%`, `_` and `\` typed in a search box are literal characters, not patterns. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
