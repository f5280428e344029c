// The report queries against a real PostgreSQL, on rows this file inserts with SQL (reports read history,
// so history is what a test writes). Every expected figure is counted here, in TypeScript, from the same
// fixture rows — never read back from the database — including rows on both sides of a month boundary
// in two calendars' time zones, reopened cases, complaints with several rounds and a department with no
// repairs.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { createTestDatabase, type TestDatabase } from '../testing';
import {
  breachesReport,
  callbacksReport,
  complaintRateReport,
  complianceReport,
  hotlineReport,
  REPORT_DEPARTMENTS,
  reportTimeZone,
  type ReportWindow,
} from '.';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

interface CaseRow {
  number: string;
  kind: 'service_request' | 'inquiry' | 'complaint';
  state: string;
  resolution?: string | null;
  channel?: string;
  category?: string;
  branch: string;
  phone: string;
  department?: string | null;
  routingDepartment?: string | null;
  assignee?: string | null;
  operatorNo?: number;
  receivedAt: string;
  resolvedAt?: string | null;
  reopenCount?: number;
}

interface ComplaintRow {
  number: string;
  department: string;
  branch: string;
  receivedAt: string;
  round: number;
  source?: string;
}

interface CommitmentRow {
  subject: 'case' | 'complaint';
  number: string;
  id: string;
  kind: string;
  status: 'running' | 'met' | 'cancelled' | 'paused';
  startedAt: string;
  dueAt: string;
  metAt?: string | null;
  breached: boolean;
  escalations?: ('supervisor' | 'manager')[];
}

interface CallbackRow {
  case: string;
  level: 1 | 2 | 3;
  reached: boolean;
  satisfaction?: number | null;
  recordedAt: string;
}

let testDb: TestDatabase;
let db: DataSource;
const staff: Record<'chen' | 'zhao' | 'wu', string> = { chen: randomUUID(), zhao: randomUUID(), wu: randomUUID() };
const teams = { alpha: randomUUID(), beta: randomUUID() };

/** The local calendar day of an instant, YYYY-MM-DD. */
const localDay = (at: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(at),
  );
const localHour = (at: string, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(at)));
const inWindow = (at: string | null | undefined, w: ReportWindow) =>
  !!at && localDay(at, w.timeZone) >= w.from && localDay(at, w.timeZone) < w.to;
const caseDepartment = (c: CaseRow) =>
  c.department ??
  c.routingDepartment ??
  (c.category === 'sales' ? 'product_division' : c.category === 'service' ? 'customer_service' : 'tech_support');
const rate = (a: number, b: number) => (b ? Math.round((a / b) * 1e4) / 1e4 : null);

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return Math.round((sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo)) * 10) / 10;
}

// ---------------------------------------------------------------------------------------------------------
// The history: November 2026 and the months around it. Shanghai is UTC+8 all year; New York is UTC−5 in
// November (UTC−4 until 1 November, 06:00 UTC).
// ---------------------------------------------------------------------------------------------------------
const CASES: CaseRow[] = [
  // Tech support repairs in November (Shanghai): routed at intake, forwarded, or older rows routed by category.
  { number: 'c01', kind: 'service_request', state: 'resolved', resolution: 'resolved', branch: 'sh', phone: '1301', routingDepartment: 'tech_support', assignee: 'chen', receivedAt: '2026-11-02T02:00:00Z', resolvedAt: '2026-11-03T02:00:00Z' },
  { number: 'c02', kind: 'service_request', state: 'closed', resolution: 'resolved', branch: 'sh', phone: '1301', department: 'tech_support', routingDepartment: 'customer_service', category: 'service', assignee: 'chen', receivedAt: '2026-11-05T02:00:00Z', resolvedAt: '2026-11-06T09:00:00Z' },
  { number: 'c03', kind: 'service_request', state: 'resolved', resolution: 'resolved_by_silence', branch: 'sh', phone: '1302', category: 'other', assignee: 'zhao', receivedAt: '2026-11-07T02:00:00Z', resolvedAt: '2026-11-08T02:00:00Z' },
  // 00:30 on 1 November in Shanghai (still 31 October in UTC): November.
  { number: 'c04', kind: 'service_request', state: 'resolved', resolution: 'resolved', branch: 'sh', phone: '1303', routingDepartment: 'tech_support', assignee: 'zhao', receivedAt: '2026-10-31T16:30:00Z', resolvedAt: '2026-10-31T16:30:00Z' },
  // 00:30 on 1 December in Shanghai (still 30 November in UTC): December.
  { number: 'c05', kind: 'service_request', state: 'resolved', resolution: 'resolved', branch: 'sh', phone: '1304', routingDepartment: 'tech_support', assignee: 'chen', receivedAt: '2026-11-30T10:00:00Z', resolvedAt: '2026-11-30T16:30:00Z' },
  // Reopened and not solved again (the resolution was cleared): no repair yet.
  { number: 'c06', kind: 'service_request', state: 'reopened', branch: 'sh', phone: '1305', routingDepartment: 'tech_support', assignee: 'chen', receivedAt: '2026-11-03T02:00:00Z', resolvedAt: null, reopenCount: 1 },
  // Reopened in October, solved again in November: one repair, in November.
  { number: 'c07', kind: 'service_request', state: 'resolved', resolution: 'resolved', branch: 'sh', phone: '1306', routingDepartment: 'tech_support', assignee: 'zhao', receivedAt: '2026-10-20T02:00:00Z', resolvedAt: '2026-11-10T02:00:00Z', reopenCount: 1 },
  // An inquiry answered on the call, and a cancelled request: not repairs.
  { number: 'c08', kind: 'inquiry', state: 'closed', resolution: 'answered_on_call', channel: 'web', branch: 'sh', phone: '1307', routingDepartment: 'tech_support', operatorNo: 8, receivedAt: '2026-11-04T13:15:00Z', resolvedAt: '2026-11-04T13:20:00Z' },
  { number: 'c09', kind: 'service_request', state: 'cancelled', branch: 'sh', phone: '1308', routingDepartment: 'tech_support', receivedAt: '2026-11-04T03:00:00Z' },
  // Product division: two repairs in November, one in October.
  { number: 'c10', kind: 'service_request', state: 'resolved', resolution: 'resolved', category: 'sales', channel: 'email', branch: 'sh', phone: '1309', routingDepartment: 'product_division', department: 'product_division', receivedAt: '2026-11-11T02:00:00Z', resolvedAt: '2026-11-12T02:00:00Z' },
  { number: 'c11', kind: 'service_request', state: 'closed', resolution: 'resolved', category: 'sales', branch: 'sh', phone: '1310', routingDepartment: 'product_division', receivedAt: '2026-11-13T02:00:00Z', resolvedAt: '2026-11-14T02:00:00Z' },
  // A technical call that intake routed to the product division (not the category's default): its routing holds.
  { number: 'c15', kind: 'service_request', state: 'resolved', resolution: 'resolved', category: 'technical', branch: 'sh', phone: '1314', routingDepartment: 'product_division', receivedAt: '2026-11-16T02:00:00Z', resolvedAt: '2026-11-17T02:00:00Z' },
  { number: 'c12', kind: 'service_request', state: 'closed', resolution: 'resolved', category: 'sales', branch: 'sh', phone: '1311', routingDepartment: 'product_division', receivedAt: '2026-10-13T02:00:00Z', resolvedAt: '2026-10-14T02:00:00Z' },
  // Tech support in October (the previous period).
  { number: 'c13', kind: 'service_request', state: 'closed', resolution: 'resolved', branch: 'sh', phone: '1312', routingDepartment: 'tech_support', receivedAt: '2026-10-02T02:00:00Z', resolvedAt: '2026-10-03T02:00:00Z' },
  { number: 'c14', kind: 'service_request', state: 'closed', resolution: 'resolved', branch: 'sh', phone: '1313', routingDepartment: 'tech_support', receivedAt: '2026-10-05T02:00:00Z', resolvedAt: '2026-10-09T02:00:00Z' },
  // New York: 23:00 on 31 October there, 07:00/11:00 on 1 November in Shanghai.
  { number: 'n01', kind: 'service_request', state: 'resolved', resolution: 'resolved', channel: 'walk_in', branch: 'ny', phone: '2101', routingDepartment: 'tech_support', assignee: 'wu', operatorNo: 9, receivedAt: '2026-11-01T03:00:00Z', resolvedAt: '2026-11-01T03:00:00Z' },
  { number: 'n02', kind: 'service_request', state: 'resolved', resolution: 'resolved', branch: 'ny', phone: '2102', routingDepartment: 'tech_support', assignee: 'wu', operatorNo: 9, receivedAt: '2026-11-15T15:00:00Z', resolvedAt: '2026-11-16T15:00:00Z' },
];

const COMPLAINTS: ComplaintRow[] = [
  { number: 'p01', department: 'tech_support', branch: 'sh', receivedAt: '2026-11-04T02:00:00Z', round: 1 },
  // Three rounds of handling: still one complaint.
  { number: 'p02', department: 'tech_support', branch: 'sh', receivedAt: '2026-11-05T02:00:00Z', round: 3, source: 'callback' },
  // 23:59 on 31 October in Shanghai: October.
  { number: 'p03', department: 'tech_support', branch: 'sh', receivedAt: '2026-10-31T15:59:00Z', round: 1 },
  // Customer service completed no repairs: rate "—".
  { number: 'p04', department: 'customer_service', branch: 'sh', receivedAt: '2026-11-20T02:00:00Z', round: 2 },
  { number: 'p05', department: 'customer_service', branch: 'sh', receivedAt: '2026-10-20T02:00:00Z', round: 1 },
  { number: 'p06', department: 'tech_support', branch: 'ny', receivedAt: '2026-11-20T02:00:00Z', round: 1, source: 'callback' },
];

const COMMITMENTS: CommitmentRow[] = [
  { subject: 'case', number: 'c01', id: 'first_contact', kind: 'first_contact', status: 'met', startedAt: '2026-11-02T02:00:00Z', dueAt: '2026-11-02T03:00:00Z', metAt: '2026-11-02T02:20:00Z', breached: false },
  { subject: 'case', number: 'c01', id: 'handler_result', kind: 'handler_result', status: 'met', startedAt: '2026-11-02T02:00:00Z', dueAt: '2026-11-04T02:00:00Z', metAt: '2026-11-03T02:00:00Z', breached: false },
  { subject: 'case', number: 'c02', id: 'first_contact', kind: 'first_contact', status: 'met', startedAt: '2026-11-05T02:00:00Z', dueAt: '2026-11-05T03:00:00Z', metAt: '2026-11-05T04:30:00Z', breached: true, escalations: ['supervisor'] },
  { subject: 'case', number: 'c03', id: 'first_contact', kind: 'first_contact', status: 'met', startedAt: '2026-11-07T02:00:00Z', dueAt: '2026-11-07T03:00:00Z', metAt: '2026-11-07T02:50:00Z', breached: false },
  { subject: 'case', number: 'c06', id: 'handler_result', kind: 'handler_result', status: 'running', startedAt: '2026-11-03T02:00:00Z', dueAt: '2026-11-05T02:00:00Z', breached: true, escalations: ['supervisor', 'manager'] },
  // Cancelled, and due in December (Shanghai) / in October: not in November's figures.
  { subject: 'case', number: 'c07', id: 'forwarding', kind: 'forwarding', status: 'cancelled', startedAt: '2026-11-09T02:00:00Z', dueAt: '2026-11-09T04:00:00Z', breached: false },
  { subject: 'case', number: 'c05', id: 'first_contact', kind: 'first_contact', status: 'met', startedAt: '2026-11-30T10:00:00Z', dueAt: '2026-11-30T16:10:00Z', metAt: '2026-11-30T16:20:00Z', breached: true },
  { subject: 'case', number: 'c04', id: 'first_contact', kind: 'first_contact', status: 'met', startedAt: '2026-10-31T15:00:00Z', dueAt: '2026-10-31T15:30:00Z', metAt: '2026-10-31T15:10:00Z', breached: false },
  { subject: 'case', number: 'n02', id: 'first_contact', kind: 'first_contact', status: 'met', startedAt: '2026-11-15T15:00:00Z', dueAt: '2026-11-15T16:00:00Z', metAt: '2026-11-15T15:40:00Z', breached: false },
  { subject: 'complaint', number: 'p01', id: 'complaint_contact#1', kind: 'complaint_contact', status: 'met', startedAt: '2026-11-04T02:00:00Z', dueAt: '2026-11-05T02:00:00Z', metAt: '2026-11-05T06:00:00Z', breached: true, escalations: ['supervisor', 'manager'] },
  { subject: 'complaint', number: 'p02', id: 'complaint_contact#3', kind: 'complaint_contact', status: 'met', startedAt: '2026-11-08T02:00:00Z', dueAt: '2026-11-09T02:00:00Z', metAt: '2026-11-08T05:00:00Z', breached: false },
];

const CALLBACKS: CallbackRow[] = [
  { case: 'c01', level: 1, reached: true, satisfaction: 5, recordedAt: '2026-11-03T03:00:00Z' },
  { case: 'c01', level: 2, reached: true, satisfaction: 4, recordedAt: '2026-11-05T03:00:00Z' },
  { case: 'c03', level: 1, reached: false, recordedAt: '2026-11-08T03:00:00Z' },
  { case: 'c10', level: 1, reached: true, satisfaction: 2, recordedAt: '2026-11-12T03:00:00Z' },
  { case: 'c07', level: 2, reached: true, satisfaction: 1, recordedAt: '2026-11-12T03:00:00Z' },
  // Recorded on 1 December in Shanghai: counts for coverage (the case was served in November), not as a
  // November call.
  { case: 'c11', level: 1, reached: true, satisfaction: 5, recordedAt: '2026-11-30T17:00:00Z' },
  { case: 'c13', level: 1, reached: true, satisfaction: 3, recordedAt: '2026-10-04T03:00:00Z' },
  { case: 'n02', level: 1, reached: true, satisfaction: 4, recordedAt: '2026-11-17T15:00:00Z' },
];

const window = (from: string, to: string, extra: Partial<ReportWindow> = {}): ReportWindow => ({
  from,
  to,
  timeZone: SH,
  ...extra,
});
const NOV = window('2026-11-01', '2026-12-01');
const OCT = window('2026-10-01', '2026-11-01');

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDataSource(testDb.url);
  await db.initialize();
  await db.query(
    `INSERT INTO "calendars" ("id", "name", "definition")
     SELECT 'new-york', 'New York', jsonb_set("definition", '{timeZone}', '"${NY}"') FROM "calendars" WHERE "id" = 'default'`,
  );
  await db.query(
    `INSERT INTO "branches" ("id", "name", "calendar_id") VALUES ('sh', 'Shanghai', 'default'), ('ny', 'New York', 'new-york')`,
  );
  await db.query(
    `INSERT INTO "org_units" ("id", "kind", "name", "department", "branch_id") VALUES ($1, 'department', 'Support', 'tech_support', 'sh')`,
    [teams.beta],
  );
  await db.query(
    `INSERT INTO "org_units" ("id", "kind", "name", "department", "branch_id", "parent_id") VALUES ($1, 'team', 'Alpha', 'tech_support', 'sh', $2)`,
    [teams.alpha, teams.beta],
  );
  for (const [key, name, branch, unit] of [
    ['chen', 'Chen', 'sh', teams.alpha],
    ['zhao', 'Zhao', 'sh', teams.alpha],
    ['wu', 'Wu', 'ny', null],
  ] as const) {
    await db.query(
      `INSERT INTO "staff" ("id", "name", "department", "branch_id", "role", "certified", "unit_id")
       VALUES ($1, $2, 'tech_support', $3, 'engineer', true, $4)`,
      [staff[key], name, branch, unit],
    );
  }
  for (const c of CASES) {
    await db.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "resolution", "channel", "category",
         "customer_name", "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id",
         "operator_username", "operator_no", "assignee_id", "department", "routing_department", "received_at",
         "resolved_at", "reopen_count", "policy_id", "policy_version", "last_seq")
       VALUES ($1, 'case-' || $1, $2, $3, $4, $5, $6, 'Customer', $7, 'standard', 'x', $8, 'u', $9, $10, $11,
         $12, $13, $14, $15, $16, 'default', 1, 1)`,
      [
        c.number,
        c.kind,
        c.state,
        c.resolution ?? null,
        c.channel ?? 'phone',
        c.category ?? 'technical',
        c.phone,
        c.branch,
        `op${c.operatorNo ?? 7}`,
        c.operatorNo ?? 7,
        c.assignee ? staff[c.assignee as keyof typeof staff] : null,
        c.department ?? null,
        c.routingDepartment ?? null,
        c.receivedAt,
        c.resolvedAt ?? null,
        c.reopenCount ?? 0,
      ],
    );
  }
  for (const p of COMPLAINTS) {
    await db.query(
      `INSERT INTO "complaints" ("number", "workflow_id", "state", "source", "category", "complexity", "department",
         "customer_name", "customer_phone", "customer_tier", "description", "branch_id", "raised_by", "received_at",
         "round", "round_limit", "policy_id", "policy_version", "view", "last_seq", "updated_at")
       VALUES ($1, 'complaint-' || $1, 'in_handling', $2, 'service', 'simple', $3, 'Customer', '1399', 'standard', 'x',
         $4, 'u', $5, $6, 5, 'complaints', 1, '{}', 1, now())`,
      [p.number, p.source ?? 'phone', p.department, p.branch, p.receivedAt, p.round],
    );
  }
  let step = 0;
  for (const m of COMMITMENTS) {
    if (m.subject === 'case') {
      await db.query(
        `INSERT INTO "commitments" ("case_number", "commitment_id", "kind", "status", "policy_version", "started_at",
           "due_at", "breached", "breached_at", "met_at", "remaining_ms")
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, CASE WHEN $7 THEN $6::timestamptz END, $8, 0)`,
        [m.number, m.id, m.kind, m.status, m.startedAt, m.dueAt, m.breached, m.metAt ?? null],
      );
    } else {
      await db.query(
        `INSERT INTO "complaint_commitments" ("complaint_number", "commitment_id", "round", "kind", "status",
           "policy_version", "started_at", "due_at", "breached", "breached_at", "met_at")
         VALUES ($1, $2, 1, $3, $4, 1, $5, $6, $7, CASE WHEN $7 THEN $6::timestamptz END, $8)`,
        [m.number, m.id, m.kind, m.status, m.startedAt, m.dueAt, m.breached, m.metAt ?? null],
      );
    }
    for (const target of m.escalations ?? []) {
      await db.query(
        `INSERT INTO "escalations" ("idempotency_key", "case_number", "complaint_number", "commitment_id",
           "commitment_kind", "step_id", "action", "target_role", "recipient_level", "recipient_staff_id",
           "due_at", "fired_at", "commitment_due_at", "message")
         VALUES ($1, $2, $3, $4, $5, $6, 'escalate', $7, 'unassigned', NULL, $8, $8, $8, 'x')`,
        [
          `k${++step}`,
          m.subject === 'case' ? m.number : null,
          m.subject === 'complaint' ? m.number : null,
          m.id,
          m.kind,
          target,
          target,
          m.dueAt,
        ],
      );
    }
    // A reminder to the assignee is not an escalation.
    await db.query(
      `INSERT INTO "escalations" ("idempotency_key", "case_number", "complaint_number", "commitment_id",
         "commitment_kind", "step_id", "action", "target_role", "recipient_level", "recipient_staff_id",
         "due_at", "fired_at", "commitment_due_at", "message")
       VALUES ($1, $2, $3, $4, $5, 'warn', 'remind', 'assignee', 'unassigned', NULL, $6, $6, $7, 'x')`,
      [
        `k${++step}`,
        m.subject === 'case' ? m.number : null,
        m.subject === 'complaint' ? m.number : null,
        m.id,
        m.kind,
        m.startedAt,
        m.dueAt,
      ],
    );
  }
  for (const [i, cb] of CALLBACKS.entries()) {
    await db.query(
      `INSERT INTO "callbacks" ("idempotency_key", "case_number", "level", "reached", "satisfaction", "caller_user_id", "recorded_at")
       VALUES ($1, $2, $3, $4, $5, 'q', $6)`,
      [`cb${i}`, cb.case, cb.level, cb.reached, cb.satisfaction ?? null, cb.recordedAt],
    );
  }
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await testDb?.drop();
});

describe('time zones', () => {
  it("cuts a branch's periods in its own calendar's zone, and the default calendar's without a branch", async () => {
    expect(await reportTimeZone(db, 'ny')).toBe(NY);
    expect(await reportTimeZone(db, 'sh')).toBe(SH);
    expect(await reportTimeZone(db, null)).toBe(SH);
  });
});

describe('complaint rate per department', () => {
  function expected(w: ReportWindow, previous: ReportWindow) {
    const counts = (win: ReportWindow, department: string) => {
      const complaints = COMPLAINTS.filter(
        (p) => p.department === department && inWindow(p.receivedAt, win) && (!win.branch || p.branch === win.branch),
      ).length;
      const repairs = CASES.filter(
        (c) =>
          c.kind === 'service_request' &&
          ['resolved', 'closed'].includes(c.state) &&
          caseDepartment(c) === department &&
          inWindow(c.resolvedAt, win) &&
          (!win.branch || c.branch === win.branch),
      ).length;
      return { complaints, repairs };
    };
    return REPORT_DEPARTMENTS.map((department) => {
      const now = counts(w, department);
      const before = counts(previous, department);
      const r = rate(now.complaints, now.repairs);
      const pr = rate(before.complaints, before.repairs);
      return {
        department,
        ...now,
        rate: r,
        previousComplaints: before.complaints,
        previousRepairs: before.repairs,
        previousRate: pr,
        change: r === null || pr === null ? null : Math.round((r - pr) * 1e4) / 1e4,
      };
    });
  }

  it('counts complaints once whatever their rounds, and repairs completed in the period by their last resolution', async () => {
    const rows = await complaintRateReport(db, NOV, OCT);
    expect(rows).toEqual(expected(NOV, OCT));
    const tech = rows.find((r) => r.department === 'tech_support')!;
    // c01 c02 c03 c04 (00:30 local on 1 Nov) c07 (reopened, solved again) n01 n02; not c05 (1 Dec local),
    // c06 (reopened, open), c08 (inquiry), c09 (cancelled).
    expect(tech).toMatchObject({ complaints: 3, repairs: 7, previousComplaints: 1, previousRepairs: 2 });
  });

  it('shows no rate (null, "—") for a department that completed no repairs, never dividing by zero', async () => {
    const rows = await complaintRateReport(db, NOV, OCT);
    expect(rows.find((r) => r.department === 'customer_service')).toMatchObject({
      complaints: 1,
      repairs: 0,
      rate: null,
      previousRate: null,
      change: null,
    });
    expect(rows.find((r) => r.department === 'product_division')).toMatchObject({
      complaints: 0,
      repairs: 3,
      rate: 0,
    });
  });

  it("cuts a branch's month in its calendar's zone: 23:00 on 31 October in New York is October there", async () => {
    const nyNov = window('2026-11-01', '2026-12-01', { timeZone: NY, branch: 'ny' });
    const nyOct = window('2026-10-01', '2026-11-01', { timeZone: NY, branch: 'ny' });
    const rows = await complaintRateReport(db, nyNov, nyOct);
    expect(rows).toEqual(expected(nyNov, nyOct));
    expect(rows.find((r) => r.department === 'tech_support')).toMatchObject({
      repairs: 1,
      previousRepairs: 1,
      complaints: 1,
    });
  });

  it('reports one department when filtered, and a quarter as one period', async () => {
    const rows = await complaintRateReport(db, { ...NOV, department: 'product_division' }, OCT);
    expect(rows.map((r) => r.department)).toEqual(['product_division']);
    const q4 = window('2026-10-01', '2027-01-01');
    const q3 = window('2026-07-01', '2026-10-01');
    expect(await complaintRateReport(db, q4, q3)).toEqual(expected(q4, q3));
  });
});

describe('commitment compliance', () => {
  const due = (w: ReportWindow) =>
    COMMITMENTS.filter(
      (m) =>
        m.status !== 'cancelled' &&
        inWindow(m.dueAt, w) &&
        (!w.branch ||
          (m.subject === 'case' ? CASES : COMPLAINTS).find((x) => x.number === m.number)!.branch === w.branch),
    );
  const figures = (rows: CommitmentRow[]) => {
    const minutes = rows
      .filter((m) => m.metAt)
      .map((m) => (Date.parse(m.metAt!) - Date.parse(m.startedAt)) / 60_000);
    const metOnTime = rows.filter((m) => m.metAt && !m.breached).length;
    return {
      due: rows.length,
      metOnTime,
      breached: rows.filter((m) => m.breached).length,
      escalatedToSupervisor: rows.filter((m) => m.escalations?.includes('supervisor')).length,
      escalatedToManager: rows.filter((m) => m.escalations?.includes('manager')).length,
      onTimeRate: rate(metOnTime, rows.length),
      medianMinutesToMeet: percentile(minutes, 0.5),
      p90MinutesToMeet: percentile(minutes, 0.9),
    };
  };
  const assigneeOf = (m: CommitmentRow) =>
    m.subject === 'case' ? CASES.find((c) => c.number === m.number)!.assignee ?? null : null;

  it('counts what fell due in the period — met on time, breached, escalated, time to meet — in total and by kind', async () => {
    const rows = await complianceReport(db, NOV);
    const inNov = due(NOV);
    expect(rows.find((r) => r.dimension === 'total')).toMatchObject(figures(inNov));
    for (const kind of new Set(inNov.map((m) => m.kind))) {
      expect(rows.find((r) => r.dimension === 'kind' && r.key === kind)).toMatchObject(
        figures(inNov.filter((m) => m.kind === kind)),
      );
    }
    expect(rows.filter((r) => r.dimension === 'kind')).toHaveLength(new Set(inNov.map((m) => m.kind)).size);
  });

  it('breaks the figures down by branch, team and engineer, with their names', async () => {
    const rows = await complianceReport(db, NOV);
    const inNov = due(NOV);
    for (const branch of ['sh', 'ny']) {
      const mine = inNov.filter(
        (m) => (m.subject === 'case' ? CASES : COMPLAINTS).find((x) => x.number === m.number)!.branch === branch,
      );
      expect(rows.find((r) => r.dimension === 'branch' && r.key === branch)).toMatchObject(figures(mine));
    }
    for (const engineer of ['chen', 'zhao', 'wu'] as const) {
      expect(rows.find((r) => r.dimension === 'engineer' && r.key === staff[engineer])).toMatchObject({
        name: engineer[0].toUpperCase() + engineer.slice(1),
        ...figures(inNov.filter((m) => assigneeOf(m) === engineer)),
      });
    }
    // The scorecard's engineers-only reading gives the same engineer rows.
    expect(await complianceReport(db, NOV, { engineersOnly: true })).toEqual(
      rows.filter((r) => r.dimension === 'engineer'),
    );
    expect(rows.find((r) => r.dimension === 'team' && r.key === teams.alpha)).toMatchObject({
      name: 'Alpha',
      ...figures(inNov.filter((m) => ['chen', 'zhao'].includes(assigneeOf(m) ?? ''))),
    });
  });

  it('lists every breach due in the period with a link to its case or complaint', async () => {
    const breaches = await breachesReport(db, NOV);
    const expectedBreaches = due(NOV).filter((m) => m.breached);
    expect(breaches.map((b) => [b.number, b.commitmentId]).sort()).toEqual(
      expectedBreaches.map((m) => [m.number, m.id]).sort(),
    );
    expect(breaches.find((b) => b.number === 'c02')).toMatchObject({
      link: '/cases/c02',
      engineerName: 'Chen',
      metAt: '2026-11-05T04:30:00.000Z',
    });
    expect(breaches.find((b) => b.number === 'p01')).toMatchObject({ link: '/complaints/p01', subject: 'complaint' });
  });
});

describe('callbacks', () => {
  it('measures coverage per level by customers served in the period, and the calls recorded in it', async () => {
    const report = await callbacksReport(db, NOV);
    const served = CASES.filter(
      (c) => c.kind === 'service_request' && ['resolved', 'closed'].includes(c.state) && inWindow(c.resolvedAt, NOV),
    );
    const phones = new Set(served.map((c) => c.phone));
    for (const level of [1, 2] as const) {
      const called = new Set(
        served.filter((c) => CALLBACKS.some((cb) => cb.case === c.number && cb.level === level)).map((c) => c.phone),
      );
      expect(report.levels.find((l) => l.level === level)).toEqual({
        level,
        servedCustomers: phones.size,
        calledCustomers: called.size,
        coverage: rate(called.size, phones.size),
      });
    }
    const calls = CALLBACKS.filter((cb) => inWindow(cb.recordedAt, NOV));
    expect(report.calls).toBe(calls.length);
    expect(report.reached).toBe(calls.filter((cb) => cb.reached).length);
    expect(report.reachedRate).toBe(rate(report.reached, report.calls));
    expect(report.satisfaction).toEqual(
      [1, 2, 3, 4, 5].map((score) => ({
        score,
        callbacks: calls.filter((cb) => cb.reached && cb.satisfaction === score).length,
      })),
    );
    expect(report.raisedAsComplaints).toBe(
      COMPLAINTS.filter((p) => p.source === 'callback' && inWindow(p.receivedAt, NOV)).length,
    );
  });

  it('counts served customers by record: two phones of one customer record are one customer', async () => {
    const served = CASES.filter(
      (c) => c.kind === 'service_request' && ['resolved', 'closed'].includes(c.state) && inWindow(c.resolvedAt, NOV),
    );
    const [a, b] = [...new Set(served.map((c) => c.phone))];
    const before = (await callbacksReport(db, NOV)).levels[0].servedCustomers;
    // One customer record that called from both phones: every case of either phone names it.
    const [{ id }]: { id: string }[] = await db.query(`INSERT INTO "customers" ("name") VALUES ('One') RETURNING "id"`);
    await db.query(`UPDATE "cases" SET "customer_id" = $1 WHERE "customer_phone" = ANY ($2::text[])`, [id, [a, b]]);
    try {
      expect((await callbacksReport(db, NOV)).levels[0].servedCustomers).toBe(before - 1);
    } finally {
      await db.query(`UPDATE "cases" SET "customer_id" = NULL WHERE "customer_id" = $1`, [id]);
      await db.query(`DELETE FROM "customers" WHERE "id" = $1`, [id]);
    }
  });

  it("reads the month-end sample's size, ratio and completion, and the cases a callback reopened", async () => {
    const sampleId = randomUUID();
    await db.query(`INSERT INTO "sample_seeds" ("month", "seed", "created_at") VALUES ('2026-11', 's', now())`);
    await db.query(
      `INSERT INTO "samples" ("id", "month", "ratio_bp", "seed", "population", "skipped", "chosen", "branches", "trigger", "triggered_by")
       VALUES ($1, '2026-11', 1500, 's', 20, 0, 3, $2, 'schedule', 'x')`,
      [
        sampleId,
        JSON.stringify([
          { branchId: 'sh', population: 14, skipped: 0, eligible: 14, chosen: 2 },
          { branchId: 'ny', population: 6, skipped: 0, eligible: 6, chosen: 1 },
        ]),
      ],
    );
    const tasks = [
      { case: 'c01', branch: 'sh', state: 'done', outcome: 'satisfied', reopened: null },
      { case: 'c03', branch: 'sh', state: 'unreachable', outcome: 'unreachable', reopened: null },
      { case: 'n02', branch: 'ny', state: 'open', outcome: null, reopened: null },
    ];
    for (const t of tasks) {
      await db.query(
        `INSERT INTO "callback_tasks" ("id", "workflow_id", "case_number", "level", "state", "branch_id", "customer_name",
           "customer_phone", "sample_id", "starts_at", "max_attempts", "outcome", "closed_at")
         VALUES ($1, 'callback-' || $1, $2, 3, $3, $4, 'C', '1', $5, '2026-11-30T16:00:00Z', 2, $6,
           CASE WHEN $3 <> 'open' THEN '2026-11-30T15:00:00Z'::timestamptz END)`,
        [`L3-${t.case}`, t.case, t.state, t.branch, sampleId, t.outcome],
      );
    }
    // c07 reopened by its level-2 callback in November; c06 reopened by its engineer (not a callback).
    await db.query(
      `INSERT INTO "case_events" ("case_number", "seq", "at", "type", "actor", "summary", "data", "recorded_at") VALUES
         ('c07', 5, '2026-10-25T02:00:00Z', 'reopened', 'q', 'x', '{"callbackLevel": 2}', now()),
         ('c07', 9, '2026-11-12T03:00:00Z', 'reopened', 'q', 'x', '{"callbackLevel": 2}', now()),
         ('c06', 4, '2026-11-04T02:00:00Z', 'reopened', 'e', 'x', '{}', now())`,
    );
    const report = await callbacksReport(db, NOV);
    expect(report.sample).toEqual({
      months: ['2026-11'],
      population: 20,
      size: 3,
      ratio: rate(3, 20),
      completed: 2,
      completion: rate(2, 3),
      reached: 1,
    });
    expect(report.reopenedByCallback).toBe(1);
    const ny = await callbacksReport(db, window('2026-11-01', '2026-12-01', { timeZone: NY, branch: 'ny' }));
    expect(ny.sample).toMatchObject({ population: 6, size: 1, completed: 0, completion: 0 });
    expect(ny.reopenedByCallback).toBe(0);
  });
});

describe('hotline statistics', () => {
  it('counts the cases logged in the period by channel, kind, category, operator and local hour; solved on the call vs forwarded', async () => {
    const report = await hotlineReport(db, NOV);
    const logged = CASES.filter((c) => inWindow(c.receivedAt, NOV));
    const count = (key: (c: CaseRow) => string | null | undefined) => {
      const map = new Map<string, number>();
      for (const c of logged) {
        const k = key(c);
        if (k) map.set(k, (map.get(k) ?? 0) + 1);
      }
      return [...map]
        .map(([k, cases]) => ({ key: k, cases }))
        .sort((a, b) => b.cases - a.cases || a.key.localeCompare(b.key));
    };
    expect(report.cases).toBe(logged.length);
    expect(report.solvedOnCall).toBe(logged.filter((c) => c.resolution === 'answered_on_call').length);
    expect(report.forwarded).toBe(logged.filter((c) => c.department).length);
    expect(report.byChannel).toEqual(count((c) => c.channel ?? 'phone'));
    expect(report.byKind).toEqual(count((c) => c.kind));
    expect(report.byCategory).toEqual(count((c) => c.category ?? 'technical'));
    expect(report.forwardedTo).toEqual(count((c) => c.department));
    expect(report.byOperator).toEqual(
      [7, 8, 9]
        .map((no) => {
          const mine = logged.filter((c) => (c.operatorNo ?? 7) === no);
          return {
            operatorNo: no,
            operator: `op${no}`,
            cases: mine.length,
            solvedOnCall: mine.filter((c) => c.resolution === 'answered_on_call').length,
            forwarded: mine.filter((c) => c.department).length,
          };
        })
        .filter((r) => r.cases > 0),
    );
    expect(report.byHour).toEqual(
      Array.from({ length: 24 }, (_, hour) => ({
        hour,
        cases: logged.filter((c) => localHour(c.receivedAt, SH) === hour).length,
      })),
    );
    // c04 was logged at 00:30 on 1 November, Shanghai time.
    expect(report.byHour[0].cases).toBeGreaterThanOrEqual(1);
  });
});
