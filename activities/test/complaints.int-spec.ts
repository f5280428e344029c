// The complaint activities on a real PostgreSQL (migrated, with the seeded organisation): numbers, the
// read model and timeline, routing to the department's supervisor with the desk copied, ladder steps,
// penalty proposals — each retried to show it writes once.
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import {
  COMPLAINT_POLICY_ID,
  DomainErrorCode,
  type ComplaintIntake,
  type ComplaintView,
  type TimelineEntry,
} from '@caseflow/domain';
import { createDataSource } from '@caseflow/persistence';
import {
  createTestDatabase,
  seedOrganisation,
  type SeededOrganisation,
  type TestDatabase,
} from '@caseflow/persistence/testing';
import { DEFAULT_CALENDAR, validatePolicy } from '@caseflow/sla';
import { COMPLAINT_POLICY_V1_RULES } from '../../libs/persistence/src/migrations/1795370000000-Complaints';
import { createComplaintActivities, penaltyKey } from '../complaints';
import type { ComplaintActivities } from '../complaint-types';

let testDb: TestDatabase;
let dataSource: DataSource;
let org: SeededOrganisation;
let activities: ComplaintActivities;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  org = await seedOrganisation(dataSource);
  activities = createComplaintActivities({ dataSource });
});

afterAll(async () => {
  await dataSource?.destroy();
  await testDb?.drop();
});

const rows = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  dataSource.query(sql, params) as Promise<T[]>;

function intake(over: Partial<ComplaintIntake> = {}): ComplaintIntake {
  return {
    source: 'hotline',
    category: 'technical',
    complexity: 'simple',
    customer: { name: 'Han Mei', phone: '+8613900139000', tier: 'standard' },
    description: 'Rude engineer',
    branchId: 'sh',
    receivedAt: '2026-11-23T17:00:00.000Z', // Tuesday 01:00 in Shanghai: the number's date is the 24th
    raisedBy: { userId: 'u-op', username: 'op7' },
    ...over,
  };
}

function view(number: string, workflowId: string, over: Partial<ComplaintView> = {}): ComplaintView {
  return {
    number,
    workflowId,
    state: 'forwarded',
    source: 'hotline',
    category: 'technical',
    complexity: 'simple',
    department: 'tech_support',
    customer: { name: 'Han Mei', phone: '+8613900139000', tier: 'standard' },
    description: 'Rude engineer',
    branchId: 'sh',
    receivedAt: '2026-11-23T17:00:00.000Z',
    raisedBy: { userId: 'u-op', username: 'op7' },
    round: 1,
    roundLimit: 3,
    rounds: [
      {
        round: 1,
        startedAt: '2026-11-23T17:00:00.000Z',
        outcome: 'open',
        commitmentIds: ['complaint_contact#1'],
      },
    ],
    policy: { id: COMPLAINT_POLICY_ID, version: 1 },
    commitments: [
      {
        id: 'complaint_contact#1',
        kind: 'complaint_contact',
        round: 1,
        status: 'running',
        policyVersion: 1,
        startedAt: '2026-11-23T17:00:00.000Z',
        dueAt: '2026-11-24T17:00:00.000Z',
        breached: false,
        remainingMs: 86_400_000,
      },
    ],
    breached: false,
    allowedActions: ['acknowledge'],
    lastSeq: 1,
    updatedAt: '2026-11-23T17:00:00.000Z',
    ...over,
  };
}

const entry = (seq: number, type = 'forwarded'): TimelineEntry & { round: number } => ({
  seq,
  round: 1,
  at: '2026-11-23T17:00:00.000Z',
  type,
  actor: 'system',
  summary: `entry ${seq}`,
});

describe('openComplaint', () => {
  it('allocates the next number of the local day once per workflow id, and reads the complaint policy', async () => {
    const first = await activities.openComplaint({ workflowId: 'complaint-int-1', intake: intake() });
    const again = await activities.openComplaint({ workflowId: 'complaint-int-1', intake: intake() });
    const second = await activities.openComplaint({ workflowId: 'complaint-int-2', intake: intake() });
    expect(first.number).toBe('C20261124-0001');
    expect(again.number).toBe(first.number);
    expect(second.number).toBe('C20261124-0002');
    expect(first.policy).toEqual({
      policyId: 'complaints',
      version: 1,
      rules: JSON.parse(JSON.stringify(COMPLAINT_POLICY_V1_RULES)),
    });
    expect(first.calendars).toEqual([JSON.parse(JSON.stringify(DEFAULT_CALENDAR))]);
    expect(first.roundLimit).toBe(3);
  });

  it('the seeded complaint policy passes the same validation an admin’s draft does', () => {
    expect(validatePolicy(COMPLAINT_POLICY_V1_RULES, { knownCalendarIds: ['default'] })).toEqual([]);
  });

  it('takes the round limit from the settings', async () => {
    await rows(`INSERT INTO "settings" ("key", "value") VALUES ('complaints', '{"roundLimit": 5}'::jsonb)`);
    try {
      expect(
        (await activities.openComplaint({ workflowId: 'complaint-int-3', intake: intake() })).roundLimit,
      ).toBe(5);
    } finally {
      await rows(`DELETE FROM "settings" WHERE "key" = 'complaints'`);
    }
  });
});

describe('recordComplaintEvent', () => {
  it('writes the row, its commitments and the entry once; an older view never rolls the complaint back', async () => {
    const number = 'C20261124-0101';
    const workflowId = 'complaint-int-rec';
    const v1 = view(number, workflowId);
    await activities.recordComplaintEvent({ workflowId, entry: entry(1), view: v1 });
    await activities.recordComplaintEvent({ workflowId, entry: entry(1), view: v1 });
    const v2 = view(number, workflowId, {
      state: 'acknowledged',
      lastSeq: 2,
      breached: true,
      commitments: [
        { ...v1.commitments[0], status: 'met', breached: true, breachedAt: '2026-11-24T17:00:00.000Z' },
      ],
    });
    await activities.recordComplaintEvent({ workflowId, entry: entry(2, 'acknowledged'), view: v2 });
    await activities.recordComplaintEvent({ workflowId, entry: entry(1), view: v1 }); // a late retry
    const [row] = await rows(
      `SELECT "state", "breached", "last_seq", "round", "view" FROM "complaints" WHERE "number" = $1`,
      [number],
    );
    expect(row).toMatchObject({ state: 'acknowledged', breached: true, last_seq: 2, round: 1 });
    expect((row.view as ComplaintView).state).toBe('acknowledged');
    expect(
      await rows(
        `SELECT "seq", "round", "type" FROM "complaint_events" WHERE "complaint_number" = $1 ORDER BY "seq"`,
        [number],
      ),
    ).toEqual([
      { seq: 1, round: 1, type: 'forwarded' },
      { seq: 2, round: 1, type: 'acknowledged' },
    ]);
    expect(
      await rows(
        `SELECT "commitment_id", "round", "status", "breached" FROM "complaint_commitments" WHERE "complaint_number" = $1`,
        [number],
      ),
    ).toEqual([{ commitment_id: 'complaint_contact#1', round: 1, status: 'met', breached: true }]);
  });
});

describe('routing', () => {
  it('forwards to the supervisor of the department, copies the complaint desk, once', async () => {
    const input = {
      workflowId: 'complaint-int-route',
      complaintNumber: 'C20261124-0201',
      round: 1,
      department: 'tech_support' as const,
      branchId: 'sh',
      customerName: 'Han Mei',
      summary: 'Rude engineer',
      answerDueAt: '2026-11-23T19:00:00.000Z',
    };
    const routed = await activities.routeComplaint(input);
    await activities.routeComplaint(input);
    expect(routed.supervisor).toMatchObject({ staffId: org.supervisorId });
    expect(routed.qualityDesk).toMatchObject({ staffId: org.qualityId });
    const sent = await rows<{
      recipient_staff_id: string;
      channel: string;
      template: string;
      idempotency_key: string;
    }>(
      `SELECT "recipient_staff_id", "channel", "template", "idempotency_key" FROM "notifications"
        WHERE "case_number" = $1 ORDER BY "idempotency_key"`,
      [input.complaintNumber],
    );
    expect(sent.map((n) => [n.idempotency_key, n.recipient_staff_id, n.channel])).toEqual([
      ['complaint-int-route:round-1:forward:quality:email', org.qualityId, 'email'],
      ['complaint-int-route:round-1:forward:quality:notify', org.qualityId, 'in_app'],
      ['complaint-int-route:round-1:forward:supervisor:email', org.supervisorId, 'email'],
      ['complaint-int-route:round-1:forward:supervisor:notify', org.supervisorId, 'in_app'],
    ]);
    expect(new Set(sent.map((n) => n.template))).toEqual(new Set(['complaint_forwarded']));
  });

  it('sends the round limit to the GM office', async () => {
    const gm = await activities.routeToGmOffice({
      workflowId: 'complaint-int-gm',
      complaintNumber: 'C20261124-0202',
      round: 3,
      customerName: 'Han Mei',
      summary: 'Still unhappy',
    });
    expect(gm).toMatchObject({ staffId: org.gmOfficeId });
  });

  it('ladder steps reach the supervisor, then the manager above them, and the customer by SMS; each staff step is one line in the escalation inbox', async () => {
    // The complaint's first entry has written its row before any of its deadlines can pass.
    await activities.recordComplaintEvent({
      workflowId: 'complaint-int-step',
      entry: entry(1),
      view: view('C20261124-0203', 'complaint-int-step'),
    });
    const step = {
      workflowId: 'complaint-int-step',
      complaintNumber: 'C20261124-0203',
      department: 'tech_support' as const,
      branchId: 'sh',
      commitmentId: 'complaint_acknowledge#1',
      commitmentKind: 'complaint_acknowledge',
      dueAt: '2026-11-23T17:30:00.000Z',
      firedAt: '2026-11-23T17:30:00.000Z',
      commitmentDueAt: '2026-11-23T17:30:00.000Z',
      customer: { name: 'Han Mei', phone: '+8613900139000', tier: 'standard' as const },
    };
    const breach = await activities.fireComplaintStep({
      ...step,
      stepId: 'breach',
      action: 'breach',
      target: 'supervisor',
    });
    const escalate = await activities.fireComplaintStep({
      ...step,
      stepId: 'escalate',
      action: 'escalate',
      target: 'manager',
    });
    const again = await activities.fireComplaintStep({
      ...step,
      stepId: 'escalate',
      action: 'escalate',
      target: 'manager',
    });
    const customer = await activities.fireComplaintStep({
      ...step,
      stepId: 'sorry',
      action: 'notify',
      target: 'customer',
    });
    expect(breach.recipients).toEqual([org.supervisorId]);
    expect(escalate.recipients).toEqual([org.managerId]);
    expect(again).toEqual(escalate);
    expect(customer.recipients).toEqual(['customer']);
    const count = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM "notifications" WHERE "idempotency_key" LIKE 'complaint-int-step:complaint_acknowledge#1:escalate:%'`,
    );
    expect(count[0].n).toBe(2); // in-app and e-mail, once
    const inbox = await rows(
      `SELECT "case_number", "complaint_number", "step_id", "target_role", "recipient_level", "recipient_staff_id"
         FROM "escalations" WHERE "complaint_number" = 'C20261124-0203' ORDER BY "step_id"`,
    );
    expect(inbox).toEqual([
      {
        case_number: null,
        complaint_number: 'C20261124-0203',
        step_id: 'breach',
        target_role: 'supervisor',
        recipient_level: 'supervisor',
        recipient_staff_id: org.supervisorId,
      },
      {
        case_number: null,
        complaint_number: 'C20261124-0203',
        step_id: 'escalate',
        target_role: 'manager',
        recipient_level: 'manager',
        recipient_staff_id: org.managerId,
      },
    ]);
    const linked = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM "notifications" n JOIN "escalations" e ON e."id" = n."escalation_id"
        WHERE e."complaint_number" = 'C20261124-0203'`,
    );
    expect(linked[0].n).toBe(4); // each step's in-app message and e-mail name its inbox line
  });
});

describe('the handling report', () => {
  it('refuses unknown staff, naming each one', async () => {
    const err = await activities
      .checkStaffInvolved({ staffIds: [org.engineerId, 'nobody', '00000000-0000-4000-8000-000000000000'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).type).toBe(DomainErrorCode.ValidationFailed);
    expect(Object.keys(((err as ApplicationFailure).details![0] as { errors: object }).errors)).toEqual([
      'staffInvolved[1].staffId',
      'staffInvolved[2].staffId',
    ]);
    expect(await activities.checkStaffInvolved({ staffIds: [org.engineerId] })).toEqual([
      { staffId: org.engineerId, name: expect.stringContaining('Chen') },
    ]);
  });

  it('proposes each penalty once per complaint, round and staff member, for staff supervision to decide', async () => {
    const input = {
      complaintNumber: 'C20261124-0301',
      round: 1,
      proposals: [
        { staffId: org.engineerId, kind: 'fine' as const, amount: 150, reason: 'Rude' },
        { staffId: org.secondEngineerId, kind: 'warning' as const, reason: 'Late' },
      ],
      proposedBy: { userId: 'u-sup', username: 'sup' },
    };
    expect(await activities.proposePenalties(input)).toEqual({ proposed: 2 });
    expect(await activities.proposePenalties(input)).toEqual({ proposed: 0 });
    expect(await activities.proposePenalties({ ...input, round: 2 })).toEqual({ proposed: 2 });
    const stored = await rows(
      `SELECT "staff_id", "kind", "amount", "source", "state", "idempotency_key" FROM "penalties"
        WHERE "complaint_number" = $1 AND "idempotency_key" = $2`,
      [input.complaintNumber, penaltyKey(input.complaintNumber, 1, org.engineerId)],
    );
    expect(stored).toEqual([
      {
        staff_id: org.engineerId,
        kind: 'fine',
        amount: '150.00',
        source: 'complaint',
        state: 'proposed',
        idempotency_key: `complaint-C20261124-0301-round-1-${org.engineerId}`,
      },
    ]);
  });
});
