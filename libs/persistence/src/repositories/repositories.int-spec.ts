// The owners of shared tables on a real, migrated database: the policy-and-calendar snapshot reader that
// the API's intake and the complaint and callback activities start cases with, and the escalation writer
// that every ladder step and reassignment flag goes through.
import type { DataSource } from 'typeorm';
import { COMPLAINT_POLICY_ID } from '@caseflow/domain';
import { DEFAULT_CALENDAR_ID, DEFAULT_POLICY_ID } from '@caseflow/sla';
import { createDataSource } from '../data-source';
import { createTestDatabase, type TestDatabase } from '../testing';
import { EscalationWriter, type EscalationRecord } from './escalations';
import { PolicySnapshotReader } from '../policy-snapshots';

let testDb: TestDatabase;
let db: DataSource;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDataSource(testDb.url);
  await db.initialize();
  // Beijing works on its own calendar, in another time zone than the default one.
  await db.query(
    `INSERT INTO "calendars" ("id", "name", "definition")
     SELECT 'bj-cal', 'Beijing', jsonb_set(jsonb_set("definition", '{id}', '"bj-cal"'), '{timeZone}', '"Europe/Berlin"')
       FROM "calendars" WHERE "id" = $1`,
    [DEFAULT_CALENDAR_ID],
  );
  await db.query(
    `INSERT INTO "branches" ("id", "name", "calendar_id", "case_policy_id", "complaint_policy_id")
     VALUES ('bj', 'Beijing', 'bj-cal', $1, $2)`,
    [DEFAULT_POLICY_ID, COMPLAINT_POLICY_ID],
  );
});

afterAll(async () => {
  await db?.destroy();
  await testDb?.drop();
});

describe('the policy-and-calendar snapshot reader', () => {
  it('starts a case of no branch, or of an unknown one, under the default policy on the default calendar', async () => {
    const reader = new PolicySnapshotReader(db);
    const none = await reader.casePolicy(undefined);
    expect(none.policy).toMatchObject({ policyId: DEFAULT_POLICY_ID, version: 1 });
    expect(none.calendars.map((c) => c.id)).toEqual([DEFAULT_CALENDAR_ID]);
    expect(await reader.casePolicy('nowhere')).toEqual(none);
  });

  it("starts a branch's case on the branch's calendar, and its complaint under the complaint policy", async () => {
    const reader = new PolicySnapshotReader(db);
    const kase = await reader.casePolicy('bj');
    expect(kase.policy.policyId).toBe(DEFAULT_POLICY_ID);
    expect(kase.calendars.map((c) => c.id)).toContain('bj-cal');
    expect(kase.calendarRevisions['bj-cal']).toBe(1);
    // The same branch given as the row it was read as answers the same snapshot.
    expect(await reader.casePolicy(await reader.branch('bj'))).toEqual(kase);

    const complaint = await reader.complaintPolicy('bj');
    expect(complaint.policy.policyId).toBe(COMPLAINT_POLICY_ID);
  });

  it("answers a branch's time zone from its calendar, the default calendar's without a branch", async () => {
    const reader = new PolicySnapshotReader(db);
    expect(await reader.timeZone('bj')).toBe('Europe/Berlin');
    expect(await reader.timeZone(undefined)).toBe('Asia/Shanghai');
    expect(await reader.timeZone('nowhere')).toBe('Asia/Shanghai');
  });

  it('refuses a calendar that does not exist, naming it', async () => {
    await expect(new PolicySnapshotReader(db).calendarDefinition('nope')).rejects.toThrow(
      'Calendar "nope" does not exist',
    );
    expect((await new PolicySnapshotReader(db).calendar('bj-cal')).definition.timeZone).toBe('Europe/Berlin');
  });
});

describe('the escalation writer', () => {
  const step = (overrides: Partial<EscalationRecord> = {}): EscalationRecord => ({
    idempotencyKey: 'case-20261207-07-0001:first-contact:breach',
    caseNumber: '20261207-07-0001',
    commitmentId: 'first-contact',
    commitmentKind: 'first_contact',
    stepId: 'breach',
    action: 'notify',
    targetRole: 'supervisor',
    // The chart had nobody for it: recorded as unassigned.
    recipientLevel: 'unassigned',
    recipientStaffId: null,
    dueAt: '2026-12-07T03:00:00Z',
    firedAt: '2026-12-07T03:00:01Z',
    commitmentDueAt: '2026-12-07T03:00:00Z',
    message: 'Case 20261207-07-0001: first contact is overdue',
    ...overrides,
  });

  beforeAll(async () => {
    await db.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
         "customer_phone", "customer_tier", "description", "operator_user_id", "operator_username",
         "operator_no", "received_at", "reopen_count", "policy_id", "policy_version", "last_seq")
       VALUES ('20261207-07-0001', 'case-20261207-07-0001', 'service_request', 'new', 'phone', 'technical',
         'Customer', '13800138000', 'standard', 'x', 'u', 'op7', 7, now(), 0, 'default', 1, 1)`,
    );
  });

  it('writes a step once: a retry with the same key writes nothing and finds the first record', async () => {
    const writer = new EscalationWriter(db);
    const id = await writer.insert(step());
    expect(id).toEqual(expect.any(String));
    const [supervisor]: { id: string }[] = await db.query(
      `INSERT INTO "staff" ("name", "role", "department") VALUES ('Zhao', 'supervisor', 'tech_support') RETURNING "id"`,
    );
    // The retry would reach someone else now: the first attempt's record stands.
    expect(
      await writer.insert(step({ recipientLevel: 'supervisor', recipientStaffId: supervisor.id })),
    ).toBeUndefined();
    expect(await writer.find(step().idempotencyKey)).toEqual({ id, recipientStaffId: null });
    const rows: { n: number }[] = await db.query(
      `SELECT count(*)::int AS "n" FROM "escalations" WHERE "case_number" = '20261207-07-0001'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('keeps the id a one-statement step names before writing', async () => {
    const id = '5b0f7c52-3f5e-4bd4-9f39-2f8f3b1f6c11';
    const key = 'case-20261207-07-0001:first-contact:escalate';
    expect(await new EscalationWriter(db).insert(step({ id, idempotencyKey: key, stepId: 'escalate' }))).toBe(
      id,
    );
    expect(await new EscalationWriter(db).find(key)).toEqual({ id, recipientStaffId: null });
  });

  it('finds nothing under a key never written', async () => {
    expect(await new EscalationWriter(db).find('case-none:first-contact:breach')).toBeUndefined();
  });
});
