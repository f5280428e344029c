import { DataSource } from 'typeorm';
import { allowedActions, caseWorkflowId, CaseView, CommitmentSummary, TimelineEntry } from '@caseflow/domain';
import { allocateCaseNumber, CaseEntity, createDataSource } from '@caseflow/persistence';
import {
  createTestDatabase,
  SeededOrganisation,
  seedOrganisation,
  TestDatabase,
} from '@caseflow/persistence/testing';
import { DEFAULT_CALENDAR, DEFAULT_POLICY } from '@caseflow/sla';
import { createCaseRecordActivities } from '../case-records';
import { createChannels, withInlineDelivery } from '../notifications';
import type { CaseRecordActivities, FireLadderStepInput } from '../types';

let testDb: TestDatabase;
let dataSource: DataSource;
let org: SeededOrganisation;
let activities: CaseRecordActivities;
let operatorUserId: string;
const warnings: { message: string; meta?: Record<string, unknown> }[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  const [user]: { id: string }[] = await dataSource.query(
    `INSERT INTO "users" ("username", "display_name", "password_hash", "roles")
     VALUES ('liu', 'Liu', 'not-a-hash', '{operator}') RETURNING "id"`,
  );
  operatorUserId = user.id;
  org = await seedOrganisation(dataSource, { userIds: { operator: operatorUserId } });
  activities = createCaseRecordActivities({
    dataSource,
    logger: { warn: (message, meta) => warnings.push({ message, meta }) },
  });
});

afterAll(async () => {
  await dataSource?.destroy();
  await testDb?.drop();
});

let caseCounter = 0;
/** A fresh case number for each test, so tests never see each other's rows. */
function nextNumber(): string {
  caseCounter++;
  return `20261123-07-${String(caseCounter).padStart(4, '0')}`;
}

const RECEIVED_AT = '2026-11-23T01:00:00.000Z'; // Monday 09:00 in Shanghai

function commitment(over: Partial<CommitmentSummary> = {}): CommitmentSummary {
  return {
    id: 'first_contact#1',
    kind: 'first_contact',
    status: 'running',
    policyVersion: 1,
    startedAt: RECEIVED_AT,
    dueAt: '2026-11-23T02:00:00.000Z',
    warnAt: '2026-11-23T01:45:00.000Z',
    breached: false,
    remainingMs: 3_600_000,
    ...over,
  };
}

function view(number: string, over: Partial<CaseView> = {}): CaseView {
  const state = over.state ?? 'new';
  return {
    number,
    workflowId: caseWorkflowId(number),
    kind: 'service_request',
    state,
    channel: 'phone',
    category: 'technical',
    dispatched: false,
    customer: { name: 'Zhang San', phone: '13900001111', tier: 'standard' },
    description: 'The printer jams on every page',
    branchId: org.branchId,
    operator: { userId: operatorUserId, username: 'liu', operatorNo: 7 },
    receivedAt: RECEIVED_AT,
    reopenCount: 0,
    policy: { id: 'default', version: 1 },
    commitments: [commitment()],
    allowedActions: allowedActions('service_request', state),
    lastSeq: 1,
    updatedAt: RECEIVED_AT,
    ...over,
  };
}

function entry(seq: number, type: string, over: Partial<TimelineEntry> = {}): TimelineEntry {
  return { seq, at: RECEIVED_AT, type, actor: 'liu', summary: `${type} #${seq}`, ...over };
}

/** The first-contact breach of a case assigned to the engineer, as its workflow fires it. */
function breachStep(number: string, over: Partial<FireLadderStepInput> = {}): FireLadderStepInput {
  return {
    workflowId: caseWorkflowId(number),
    caseNumber: number,
    commitmentId: 'first_contact#1',
    commitmentKind: 'first_contact',
    stepId: 'breach',
    action: 'breach',
    target: 'supervisor',
    template: 'commitment_breached',
    dueAt: '2026-11-23T02:00:00.000Z',
    firedAt: '2026-11-23T02:00:00.250Z',
    commitmentDueAt: '2026-11-23T02:00:00.000Z',
    assigneeId: org.engineerId,
    branchId: org.branchId,
    customer: { name: 'Zhang San', phone: '13900001111', tier: 'standard' },
    ...over,
  };
}

/** What each case was received as (a later view of it starts from this). */
const received = new Map<string, Partial<CaseView>>();

async function receive(number: string, over: Partial<CaseView> = {}): Promise<CaseView> {
  received.set(number, over);
  const v = view(number, over);
  await activities.recordCaseEvent({ workflowId: v.workflowId, entry: entry(1, 'case_received'), view: v });
  return v;
}

async function rows(sql: string, params: unknown[] = []): Promise<any[]> {
  return dataSource.query(sql, params);
}

const snapshot = async (number: string) => ({
  cases: await rows(`SELECT * FROM "cases" WHERE "number" = $1`, [number]),
  events: await rows(`SELECT * FROM "case_events" WHERE "case_number" = $1 ORDER BY "seq"`, [number]),
  commitments: await rows(`SELECT * FROM "commitments" WHERE "case_number" = $1 ORDER BY "commitment_id"`, [
    number,
  ]),
});

describe('seeds', () => {
  it('seeds the default calendar and policy version 1 with exactly the libs/sla data', async () => {
    const [calendar] = await rows(`SELECT * FROM "calendars" WHERE "id" = 'default'`);
    expect(calendar.name).toBe(DEFAULT_CALENDAR.name);
    expect(calendar.definition).toEqual(JSON.parse(JSON.stringify(DEFAULT_CALENDAR)));

    const [policy] = await rows(`SELECT * FROM "sla_policies" WHERE "id" = 'default'`);
    expect(policy.current_version).toBe(1);
    const versions = await rows(`SELECT * FROM "sla_policy_versions" WHERE "policy_id" = 'default'`);
    expect(versions).toHaveLength(1);
    // If libs/sla's defaults change, this fails on purpose: publish them as a new version (or update the
    // calendar) in a new migration rather than editing the seed.
    expect(versions[0].version).toBe(DEFAULT_POLICY.version);
    expect(versions[0].rules).toEqual(JSON.parse(JSON.stringify(DEFAULT_POLICY.rules)));
  });
});

describe('allocateCaseNumber', () => {
  it("numbers one operator's cases of one day 0001, 0002, …, and starts again for another operator or day", async () => {
    const a = await allocateCaseNumber(dataSource, { date: '2026-11-22', operatorNo: 7 });
    const b = await allocateCaseNumber(dataSource, { date: '2026-11-22', operatorNo: 7 });
    const otherOperator = await allocateCaseNumber(dataSource, { date: '2026-11-22', operatorNo: 12 });
    const nextDay = await allocateCaseNumber(dataSource, { date: '2026-11-23', operatorNo: 7 });
    expect([a.number, b.number, otherOperator.number, nextDay.number]).toEqual([
      '20261122-07-0001',
      '20261122-07-0002',
      '20261122-12-0001',
      '20261123-07-0001',
    ]);
  });

  it('never hands out one number twice under 20 concurrent allocations', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => allocateCaseNumber(dataSource, { date: '2026-11-24', operatorNo: 7 })),
    );
    expect(new Set(results.map((r) => r.number)).size).toBe(20);
    expect(results.map((r) => r.serial).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('gives a retried intake (same Idempotency-Key) the same number, even when the retries race', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        allocateCaseNumber(dataSource, { date: '2026-11-25', operatorNo: 7, idempotencyKey: 'intake-abc' }),
      ),
    );
    expect(new Set(results.map((r) => r.number))).toEqual(new Set(['20261125-07-0001']));
    expect(results.filter((r) => r.allocated)).toHaveLength(1);
    // The losers' serials were rolled back with their transactions: the next case is 0002.
    const next = await allocateCaseNumber(dataSource, { date: '2026-11-25', operatorNo: 7 });
    expect(next.number).toBe('20261125-07-0002');
  });

  it('refuses a malformed date or operator number without using up a serial', async () => {
    await expect(allocateCaseNumber(dataSource, { date: '2026/11/26', operatorNo: 7 })).rejects.toThrow(
      RangeError,
    );
    await expect(allocateCaseNumber(dataSource, { date: '2026-11-26', operatorNo: 10_000 })).rejects.toThrow(
      RangeError,
    );
    expect(await rows(`SELECT * FROM "case_number_serials" WHERE "date" = '2026-11-26'`)).toEqual([]);
  });
});

describe('recordCaseEvent', () => {
  it('creates the case row, its first timeline entry and its commitments from the case_received event', async () => {
    const number = nextNumber();
    await receive(number);
    const { cases, events, commitments } = await snapshot(number);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      workflow_id: caseWorkflowId(number),
      kind: 'service_request',
      state: 'new',
      customer_name: 'Zhang San',
      customer_language: 'zh-CN',
      branch_id: org.branchId,
      operator_no: 7,
      policy_id: 'default',
      policy_version: 1,
      breached: false,
      last_seq: 1,
      allowed_actions: allowedActions('service_request', 'new'),
    });
    expect(cases[0].next_due_at.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(events.map((e) => [e.seq, e.type, e.actor])).toEqual([[1, 'case_received', 'liu']]);
    expect(commitments).toHaveLength(1);
    expect(commitments[0]).toMatchObject({
      kind: 'first_contact',
      status: 'running',
      remaining_ms: '3600000',
    });
  });

  it('recording the same event twice leaves exactly the rows the first call left', async () => {
    const number = nextNumber();
    const v = await receive(number);
    const first = await snapshot(number);
    await activities.recordCaseEvent({ workflowId: v.workflowId, entry: entry(1, 'case_received'), view: v });
    expect(await snapshot(number)).toEqual(first);
  });

  it('never lets an older view overwrite a newer one, but still records its timeline entry', async () => {
    const number = nextNumber();
    const workflowId = caseWorkflowId(number);
    const older = view(number);
    const newer = view(number, {
      state: 'assigned',
      assignee: { id: org.engineerId, name: 'Chen' },
      lastSeq: 2,
      updatedAt: '2026-11-23T01:10:00.000Z',
      commitments: [commitment({ remainingMs: 3_000_000 })],
    });
    // The second entry lands first (a retried first write arrives late).
    await activities.recordCaseEvent({ workflowId, entry: entry(2, 'assigned'), view: newer });
    await activities.recordCaseEvent({ workflowId, entry: entry(1, 'case_received'), view: older });

    const { cases, events, commitments } = await snapshot(number);
    expect(cases[0]).toMatchObject({ state: 'assigned', assignee_id: org.engineerId, last_seq: 2 });
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    expect(commitments[0].remaining_ms).toBe('3000000');
  });

  it('ends at the newest view when the events of one case are written concurrently and out of order', async () => {
    const number = nextNumber();
    const workflowId = caseWorkflowId(number);
    const states = ['new', 'assigned', 'contacted', 'scheduled', 'in_progress'] as const;
    const writes = states.map((state, i) => ({
      workflowId,
      entry: entry(i + 1, state),
      view: view(number, { state, lastSeq: i + 1 }),
    }));
    await Promise.all([...writes].reverse().map((w) => activities.recordCaseEvent(w)));
    const { cases, events } = await snapshot(number);
    expect(cases[0]).toMatchObject({ state: 'in_progress', last_seq: 5 });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("makes the case's commitments exactly the view's: updated, added and dropped, with breached and next due", async () => {
    const number = nextNumber();
    const workflowId = caseWorkflowId(number);
    await receive(number, {
      commitments: [
        commitment(),
        commitment({ id: 'forwarding#1', kind: 'forwarding', dueAt: '2026-11-23T03:00:00.000Z' }),
      ],
    });
    await activities.recordCaseEvent({
      workflowId,
      entry: entry(2, 'commitment_breached', { actor: 'system' }),
      view: view(number, {
        lastSeq: 2,
        commitments: [
          commitment({
            status: 'met',
            metAt: '2026-11-23T02:30:00.000Z',
            breached: true,
            breachedAt: '2026-11-23T02:00:00.000Z',
            remainingMs: 0,
          }),
          commitment({
            id: 'handler_result#1',
            kind: 'handler_result',
            dueAt: '2026-11-25T03:00:00.000Z',
            remainingMs: 1.5,
          }),
        ],
      }),
    });
    const { cases, commitments } = await snapshot(number);
    expect(commitments.map((c) => [c.commitment_id, c.status, c.breached])).toEqual([
      ['first_contact#1', 'met', true],
      ['handler_result#1', 'running', false],
    ]);
    expect(commitments[1].remaining_ms).toBe('2');
    expect(cases[0].breached).toBe(true);
    expect(cases[0].next_due_at.toISOString()).toBe('2026-11-25T03:00:00.000Z');
  });

  it('binds the intake Idempotency-Key given at number allocation to the case row', async () => {
    const { number } = await allocateCaseNumber(dataSource, {
      date: '2026-11-27',
      operatorNo: 7,
      idempotencyKey: 'intake-bound',
    });
    await receive(number);
    const [row] = await rows(`SELECT "idempotency_key" FROM "cases" WHERE "number" = $1`, [number]);
    expect(row.idempotency_key).toBe('intake-bound');
  });

  it('projects callback entries (reached or not) into callbacks, once each', async () => {
    const number = nextNumber();
    const v = await receive(number);
    const notReached = entry(2, 'callback_not_reached', {
      actor: 'xu',
      at: '2026-11-25T01:00:00.000Z',
      data: { level: 2, reached: false, callerUserId: operatorUserId },
    });
    const recorded = entry(3, 'callback_recorded', {
      actor: 'xu',
      at: '2026-11-25T02:00:00.000Z',
      data: {
        level: 2,
        reached: true,
        satisfaction: 2,
        engineerRating: 3,
        remarks: 'Came late',
        satisfied: false,
        dueAt: '2026-11-25T01:00:00.000Z',
      },
    });
    for (let i = 0; i < 2; i++) {
      for (const e of [notReached, recorded]) {
        await activities.recordCaseEvent({
          workflowId: v.workflowId,
          entry: e,
          view: { ...v, lastSeq: e.seq },
        });
      }
    }
    const callbacks = await rows(
      `SELECT * FROM "callbacks" WHERE "case_number" = $1 ORDER BY "recorded_at"`,
      [number],
    );
    expect(callbacks).toHaveLength(2);
    expect(callbacks[0]).toMatchObject({
      idempotency_key: `${v.workflowId}:2`,
      reached: false,
      satisfaction: null,
      caller_user_id: operatorUserId,
    });
    expect(callbacks[1]).toMatchObject({
      idempotency_key: `${v.workflowId}:3`,
      level: 2,
      reached: true,
      satisfaction: 2,
      engineer_rating: 3,
      remarks: 'Came late',
      extremely_dissatisfied: false,
      caller_user_id: 'xu',
    });
    expect(callbacks[1].due_at.toISOString()).toBe('2026-11-25T01:00:00.000Z');
  });

  it('keeps a callback entry with unexpected data on the timeline only, with a warning', async () => {
    const number = nextNumber();
    const v = await receive(number);
    warnings.length = 0;
    await activities.recordCaseEvent({
      workflowId: v.workflowId,
      entry: entry(2, 'callback_recorded', { data: { level: 9, reached: 'yes' } }),
      view: { ...v, lastSeq: 2 },
    });
    expect(await rows(`SELECT * FROM "callbacks" WHERE "case_number" = $1`, [number])).toEqual([]);
    expect((await snapshot(number)).events).toHaveLength(2);
    expect(warnings).toHaveLength(1);
  });
});

// Both ways a step is recorded: alone (the workflow writes its timeline entry next, as cases that fired
// steps before the two became one still do when they replay) and with its timeline entry.
describe.each([
  ['alone', false],
  ['with its timeline entry', true],
])('fireLadderStep %s', (_mode, withEntry) => {
  /** Each step of a case gets the next timeline sequence number, the same one on every attempt. */
  const seqs = new Map<string, number>();
  function step(number: string, over: Partial<FireLadderStepInput> = {}): FireLadderStepInput {
    const input = breachStep(number, over);
    if (!withEntry) return input;
    const key = `${number}:${input.commitmentId}:${input.stepId}`;
    if (!seqs.has(key)) seqs.set(key, 2 + [...seqs.keys()].filter((k) => k.startsWith(`${number}:`)).length);
    const seq = seqs.get(key)!;
    return {
      ...input,
      timeZone: 'Asia/Shanghai',
      timeline: {
        entry: entry(seq, 'commitment_breached', { actor: 'system', data: { stepId: input.stepId } }),
        view: view(number, { ...received.get(number), lastSeq: seq }),
      },
    };
  }

  const escalations = (number: string) =>
    rows(`SELECT * FROM "escalations" WHERE "case_number" = $1 ORDER BY "created_at"`, [number]);
  const notifications = (number: string) =>
    rows(`SELECT * FROM "notifications" WHERE "case_number" = $1 ORDER BY "created_at"`, [number]);

  /** Runs `body` with the given staff made inactive (vacant positions), then restores them. */
  async function withVacancies<T>(staffIds: string[], body: () => Promise<T>): Promise<T> {
    await dataSource.query(`UPDATE "staff" SET "active" = false WHERE "id" = ANY ($1::uuid[])`, [staffIds]);
    try {
      return await body();
    } finally {
      await dataSource.query(`UPDATE "staff" SET "active" = true WHERE "id" = ANY ($1::uuid[])`, [staffIds]);
    }
  }

  it('reminds the assignee at the warning point: one inbox record and one in-app notification', async () => {
    const number = nextNumber();
    await receive(number, { assignee: { id: org.engineerId, name: 'Chen' } });
    const result = await activities.fireLadderStep(
      step(number, {
        stepId: 'warn',
        action: 'remind',
        target: 'assignee',
        template: 'commitment_warning',
        dueAt: '2026-11-23T01:45:00.000Z',
        firedAt: '2026-11-23T01:45:00.000Z',
      }),
    );
    expect(result.recipients).toEqual([org.engineerId]);
    const [escalation] = await escalations(number);
    expect(escalation).toMatchObject({
      id: result.escalationId,
      idempotency_key: `${caseWorkflowId(number)}:first_contact#1:warn`,
      action: 'remind',
      target_role: 'assignee',
      recipient_level: 'assignee',
      recipient_staff_id: org.engineerId,
    });
    expect(escalation.message).toBe(
      `Reminder: first contact for case ${number} (Zhang San) is due 2026-11-23 10:00 (Asia/Shanghai), 15 min left.`,
    );
    const [notification] = await notifications(number);
    expect(notification).toMatchObject({
      idempotency_key: `${caseWorkflowId(number)}:first_contact#1:warn:notify`,
      escalation_id: result.escalationId,
      recipient_kind: 'staff',
      recipient_staff_id: org.engineerId,
      channel: 'in_app',
      template: 'commitment_warning',
      status: 'pending',
      attempts: 0,
    });
    expect(notification.data).toMatchObject({
      caseNumber: number,
      commitmentKind: 'first_contact',
      lateMs: -900_000,
    });
  });

  it("tells the assignee's supervisor when the deadline passes, saying how late it is", async () => {
    const number = nextNumber();
    await receive(number);
    const result = await activities.fireLadderStep(step(number, { firedAt: '2026-11-23T04:05:00.000Z' }));
    expect(result.recipients).toEqual([org.supervisorId]);
    const [escalation] = await escalations(number);
    expect(escalation).toMatchObject({ recipient_level: 'supervisor', recipient_staff_id: org.supervisorId });
    expect(escalation.message).toBe(
      `Deadline missed: first contact for case ${number} (Zhang San) was due 2026-11-23 10:00 (Asia/Shanghai) and is 2 h 5 min late.`,
    );
  });

  it('fires a step once: a retry returns the same escalation and writes nothing more, even if the chart changed', async () => {
    const number = nextNumber();
    await receive(number);
    const first = await activities.fireLadderStep(step(number));
    const retried = await withVacancies([org.supervisorId], () => activities.fireLadderStep(step(number)));
    expect(retried).toEqual(first);
    expect(await escalations(number)).toHaveLength(1);
    // One in-app message and one e-mail (the chart has the supervisor's address), each written once.
    expect((await notifications(number)).map((n) => n.channel).sort()).toEqual(['email', 'in_app']);
  });

  it('fires a step once even when attempts of it race each other', async () => {
    const number = nextNumber();
    await receive(number);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => activities.fireLadderStep(step(number))),
    );
    expect(new Set(results.map((r) => r.escalationId)).size).toBe(1);
    expect(await escalations(number)).toHaveLength(1);
    expect((await notifications(number)).map((n) => n.channel).sort()).toEqual(['email', 'in_app']);
  });

  it('passes over a vacant supervisor to the manager (assignee → supervisor missing → manager)', async () => {
    const number = nextNumber();
    await receive(number);
    const result = await withVacancies([org.supervisorId], () => activities.fireLadderStep(step(number)));
    expect(result.recipients).toEqual([org.managerId]);
    const [escalation] = await escalations(number);
    expect(escalation).toMatchObject({ target_role: 'supervisor', recipient_level: 'manager' });
    expect(escalation.message).toContain('Sent to the manager: no active supervisor.');
  });

  it('escalates to the manager, and to the GM office when the manager is vacant too', async () => {
    const toManager = nextNumber();
    await receive(toManager);
    const escalate = { stepId: 'escalate', action: 'escalate', target: 'manager' } as const;
    expect((await activities.fireLadderStep(step(toManager, escalate))).recipients).toEqual([org.managerId]);

    const toGm = nextNumber();
    await receive(toGm);
    const result = await withVacancies([org.supervisorId, org.managerId], () =>
      activities.fireLadderStep(step(toGm, escalate)),
    );
    expect(result.recipients).toEqual([org.gmOfficeId]);
    expect((await escalations(toGm))[0].recipient_level).toBe('gm_office');
  });

  it("lets the branch's supervisor stand in for the assignee of a case nobody is assigned to yet", async () => {
    const number = nextNumber();
    await receive(number);
    const result = await activities.fireLadderStep(
      step(number, { stepId: 'warn', action: 'remind', target: 'assignee', assigneeId: undefined }),
    );
    expect(result.recipients).toEqual([org.supervisorId]);
  });

  it('never loses a step when nobody at all is left: recorded as unassigned, with a warning', async () => {
    const number = nextNumber();
    await receive(number);
    warnings.length = 0;
    const everyone = [org.engineerId, org.supervisorId, org.managerId, org.gmOfficeId];
    const result = await withVacancies(everyone, () => activities.fireLadderStep(step(number)));
    expect(result.recipients).toEqual([]);
    const [escalation] = await escalations(number);
    expect(escalation).toMatchObject({
      id: result.escalationId,
      recipient_level: 'unassigned',
      recipient_staff_id: null,
    });
    expect(await notifications(number)).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('has no recipient')]);
  });

  it('sends hotline steps to the operator who logged the case, and quality-desk steps to quality staff', async () => {
    const number = nextNumber();
    await receive(number);
    const chase = await activities.fireLadderStep(
      step(number, {
        commitmentId: 'handler_result#1',
        commitmentKind: 'handler_result',
        stepId: 'chase',
        action: 'notify',
        target: 'hotline',
        template: 'chase_handler',
      }),
    );
    expect(chase.recipients).toEqual([org.operatorId]);
    expect((await escalations(number))[0].message).toMatch(/^Chase the handler: handler result for case/);

    const quality = await activities.fireLadderStep(
      step(number, { stepId: 'quality', target: 'quality_desk' }),
    );
    expect(quality.recipients).toEqual([org.qualityId]);
  });

  it("sends a customer step only as an SMS to the customer's phone, once", async () => {
    const number = nextNumber();
    await receive(number);
    const apology = step(number, {
      commitmentId: 'handler_result#1',
      stepId: 'apologise',
      action: 'notify',
      target: 'customer',
      template: 'delay_apology',
    });
    expect(await activities.fireLadderStep(apology)).toEqual({ recipients: ['customer'] });
    expect(await activities.fireLadderStep(apology)).toEqual({ recipients: ['customer'] });
    expect(await escalations(number)).toEqual([]);
    const sent = await notifications(number);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipient_kind: 'customer',
      recipient_address: '13900001111',
      channel: 'sms',
      template: 'delay_apology',
      language: 'zh-CN',
    });
  });
});

describe('fireLadderStep with its timeline entry', () => {
  // A breach on a case nobody is assigned to yet (its branch's supervisor is told).
  const breach = (number: string, over: Partial<FireLadderStepInput> = {}): FireLadderStepInput =>
    breachStep(number, {
      assigneeId: undefined,
      timeZone: 'Asia/Shanghai',
      timeline: {
        entry: entry(2, 'commitment_breached', { actor: 'system', data: { stepId: 'breach' } }),
        view: view(number, { lastSeq: 2, commitments: [commitment({ breached: true })] }),
      },
      ...over,
    });
  const stored = async (number: string) => ({
    events: await rows(
      `SELECT "seq", "type", "data" FROM "case_events" WHERE "case_number" = $1 ORDER BY "seq"`,
      [number],
    ),
    escalations: await rows(`SELECT "id", "recipient_staff_id" FROM "escalations" WHERE "case_number" = $1`, [
      number,
    ]),
    notifications: await rows(
      `SELECT "id", "channel", "status", "attempts", "subject", "body", "last_error", "sent_at"
         FROM "notifications" WHERE "case_number" = $1 ORDER BY "channel"`,
      [number],
    ),
    cases: await rows(`SELECT "last_seq", "breached" FROM "cases" WHERE "number" = $1`, [number]),
  });

  it('writes the escalation and the entry naming it, bringing the case up to the view (created if it was missing)', async () => {
    const number = nextNumber(); // no earlier record: the step is the case's first row
    const result = await activities.fireLadderStep(breach(number));
    const { events, escalations, cases } = await stored(number);
    expect(escalations).toEqual([{ id: result.escalationId, recipient_staff_id: org.supervisorId }]);
    expect(events).toEqual([
      {
        seq: 2,
        type: 'commitment_breached',
        data: { stepId: 'breach', escalationId: result.escalationId, recipients: [org.supervisorId] },
      },
    ]);
    expect(cases).toEqual([{ last_seq: 2, breached: true }]);
  });

  it('a retry returns the first escalation and adds no second entry, even if the chart changed', async () => {
    const number = nextNumber();
    await receive(number);
    const first = await activities.fireLadderStep(breach(number));
    const before = await stored(number);
    await dataSource.query(`UPDATE "staff" SET "active" = false WHERE "id" = $1`, [org.supervisorId]);
    try {
      expect(await activities.fireLadderStep(breach(number))).toEqual(first);
    } finally {
      await dataSource.query(`UPDATE "staff" SET "active" = true WHERE "id" = $1`, [org.supervisorId]);
    }
    expect(await stored(number)).toEqual(before);
  });

  describe('with delivery wired', () => {
    function wired(email: boolean) {
      const handed: { notificationIds: string[]; eventId?: string }[] = [];
      const channels = createChannels({
        appBaseUrl: 'https://caseflow.example.com',
        ...(email ? { smtp: { url: 'smtp://127.0.0.1:9', from: 'caseflow@example.com' } } : {}),
      });
      const dispatcher = withInlineDelivery(
        {
          dispatch: (input) => {
            handed.push(input);
            return Promise.resolve();
          },
          startDelivery: () => Promise.resolve('started'),
        },
        {
          dataSource,
          channels,
          send: () => Promise.reject(new Error('settled rows are never sent again')),
          appBaseUrl: 'https://caseflow.example.com',
        },
      );
      return { records: createCaseRecordActivities({ dataSource, dispatcher }), handed };
    }

    it('writes the in-app message as sent and an unconfigured e-mail as undeliverable with its words, dispatching no workflow', async () => {
      const { records, handed } = wired(false);
      const number = nextNumber();
      await records.fireLadderStep(breach(number));
      const [email, inApp] = (await stored(number)).notifications;
      expect(inApp).toMatchObject({ channel: 'in_app', status: 'sent', attempts: 1, last_error: null });
      expect(inApp.body).toContain(number);
      expect(inApp.sent_at).toBeInstanceOf(Date);
      expect(email).toMatchObject({
        channel: 'email',
        status: 'undeliverable',
        attempts: 1,
        // Kept with the words it would have sent (those of the in-app message, same template and reader).
        subject: inApp.subject,
        body: inApp.body,
        last_error: 'The email channel is not configured (set SMTP_URL and SMTP_FROM)',
      });
      // Nothing to send; the step is still the event webhook subscribers hear of.
      expect(handed).toEqual([{ notificationIds: [], eventId: inApp.id }]);
    });

    it('hands a configured e-mail to a delivery workflow, pending, with the words it will send', async () => {
      const { records, handed } = wired(true);
      const number = nextNumber();
      await records.fireLadderStep(breach(number));
      const [email, inApp] = (await stored(number)).notifications;
      expect(email).toMatchObject({
        channel: 'email',
        status: 'pending',
        attempts: 0,
        subject: inApp.subject,
        body: inApp.body,
      });
      expect(email.body).toContain(number);
      expect(inApp).toMatchObject({ channel: 'in_app', status: 'sent' });
      expect(handed).toEqual([{ notificationIds: [email.id], eventId: inApp.id }]);
    });
  });
});

describe('checkAssignable', () => {
  it('accepts a certified, active engineer and names their supervisor', async () => {
    await expect(activities.checkAssignable({ staffId: org.engineerId })).resolves.toEqual({
      id: org.engineerId,
      name: 'Chen (engineer, sh)',
      supervisorId: org.supervisorId,
    });
  });

  it('refuses an engineer who is not certified (non-retryable, naming the assigneeId field)', async () => {
    await expect(activities.checkAssignable({ staffId: org.uncertifiedEngineerId })).rejects.toMatchObject({
      type: 'VALIDATION_FAILED',
      nonRetryable: true,
      // Benign: the worker logs a refused assignment at debug, not as a warning with a stack trace.
      category: 'BENIGN',
      message: expect.stringContaining('is not certified'),
      details: [{ errors: { assigneeId: [expect.stringContaining('not certified')] } }],
    });
  });

  it('refuses an engineer whose certification has expired', async () => {
    await dataSource.query(
      `UPDATE "staff" SET "certification_expires_at" = now() - interval '1 day' WHERE "id" = $1`,
      [org.secondEngineerId],
    );
    try {
      await expect(activities.checkAssignable({ staffId: org.secondEngineerId })).rejects.toMatchObject({
        type: 'VALIDATION_FAILED',
        nonRetryable: true,
        message: expect.stringContaining('certification expired'),
      });
    } finally {
      await dataSource.query(
        `UPDATE "staff" SET "certification_expires_at" = now() + interval '1 year' WHERE "id" = $1`,
        [org.secondEngineerId],
      );
    }
  });

  it('refuses a certified engineer who is no longer active', async () => {
    await dataSource.query(`UPDATE "staff" SET "active" = false WHERE "id" = $1`, [org.secondEngineerId]);
    try {
      await expect(activities.checkAssignable({ staffId: org.secondEngineerId })).rejects.toMatchObject({
        type: 'VALIDATION_FAILED',
        nonRetryable: true,
        message: expect.stringContaining('not active'),
      });
    } finally {
      await dataSource.query(`UPDATE "staff" SET "active" = true WHERE "id" = $1`, [org.secondEngineerId]);
    }
  });

  it.each([['00000000-0000-4000-8000-000000000000'], ['not-a-uuid']])(
    'answers NOT_FOUND for an unknown staff id (%s)',
    async (staffId) => {
      await expect(activities.checkAssignable({ staffId })).rejects.toMatchObject({
        type: 'NOT_FOUND',
        nonRetryable: true,
        category: 'BENIGN',
        details: [{ errors: { assigneeId: ['no such staff member'] } }],
      });
    },
  );
});

describe('notifyCustomer', () => {
  it('queues one pending SMS per idempotency key in the customer’s language', async () => {
    const number = nextNumber();
    const input = {
      idempotencyKey: `${caseWorkflowId(number)}:survey`,
      caseNumber: number,
      customer: { name: 'Mr Smith', phone: '+8613900002222', tier: 'gold' as const, language: 'en' as const },
      template: 'survey' as const,
      data: { link: 'https://survey.example.com/x' },
    };
    await activities.notifyCustomer(input);
    await activities.notifyCustomer(input);
    const sent = await rows(`SELECT * FROM "notifications" WHERE "idempotency_key" = $1`, [
      input.idempotencyKey,
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      case_number: number,
      recipient_kind: 'customer',
      recipient_address: '+8613900002222',
      channel: 'sms',
      template: 'survey',
      language: 'en',
      status: 'pending',
      data: { link: 'https://survey.example.com/x', caseNumber: number, customerName: 'Mr Smith' },
    });
  });
});

describe('entities', () => {
  it('map every column of their tables, so the API reads the read model through them', async () => {
    for (const metadata of dataSource.entityMetadatas) {
      const columns = await rows(
        `SELECT "column_name" FROM information_schema.columns WHERE "table_name" = $1 AND "table_schema" = 'public'`,
        [metadata.tableName],
      );
      expect({
        table: metadata.tableName,
        columns: metadata.columns.map((c) => c.databaseName).sort(),
      }).toEqual({
        table: metadata.tableName,
        columns: columns.map((c) => c.column_name).sort(),
      });
      await dataSource.getRepository(metadata.target).find({ take: 1 });
    }
  });

  it('load a case with its commitments, timeline and assignee', async () => {
    const number = nextNumber();
    await receive(number, { state: 'assigned', assignee: { id: org.engineerId, name: 'Chen' } });
    const found = await dataSource.getRepository(CaseEntity).findOneOrFail({
      where: { number },
      relations: { commitments: true, events: true, assignee: true, branch: true },
    });
    expect(found).toMatchObject({
      state: 'assigned',
      receivedAt: new Date(RECEIVED_AT),
      assignee: { id: org.engineerId, certified: true },
      branch: { id: org.branchId, calendarId: 'default' },
      events: [{ seq: 1, type: 'case_received' }],
      commitments: [{ kind: 'first_contact', remainingMs: 3_600_000 }],
    });
  });
});
