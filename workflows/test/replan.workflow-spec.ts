// Running cases follow a policy or calendar change: each case workflow re-plans its open commitments when
// `policyChanged` arrives. Time used stays used, the remaining budget comes from the new version, fired
// steps never fire again, a calendar change moves working-time deadlines, and a repeated signal is silent.
// Dev server with time skipping; activities are the in-memory fake (see service-request.workflow-spec).
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Actor, CaseView, CommitmentSummary } from '@caseflow/domain';
import { WORKFLOW_TYPES } from '@caseflow/domain';
import {
  createCalendar,
  DEFAULT_CALENDAR,
  DEFAULT_POLICY,
  DEFAULT_SERVICE_SCHEDULE,
  HOUR_MS,
  MINUTE_MS,
  type Budget,
  type CalendarDefinition,
  type PolicyVersion,
} from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import {
  caseActionUpdate,
  caseViewQuery,
  policyChangedSignal,
  type CaseActionRequest,
  type CaseWorkflowInput,
  type PolicyChange,
} from '../messages';
import type { serviceRequestWorkflow } from '../service-request.workflow';
import { FakeCaseRecords } from './fake-case-records';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'replan-spec';
const calendar = createCalendar(DEFAULT_CALENDAR);
const OPERATOR: Actor = { userId: 'u-op7', username: 'op7' };
const ADMIN: Actor = { userId: 'u-admin', username: 'admin' };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const records = new FakeCaseRecords();
const opened: WorkflowHandle[] = [];

beforeAll(async () => {
  env = await createTestEnvironment({ timeSkipping: true });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    activities: records.activities,
  });
  running = worker.run();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

let serial = 0;
const iso = (ms: number) => new Date(ms).toISOString();
/** As the workflow writes times in summaries: local wall-clock time in Asia/Shanghai. */
/** As a timeline entry names a time: local wall-clock time in Asia/Shanghai, and the zone. */
const timelineTime = (ms: number) =>
  `${new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 16).replace('T', ' ')} (Asia/Shanghai)`;

async function openCase(receivedAt: number): Promise<WorkflowHandle<typeof serviceRequestWorkflow>> {
  serial += 1;
  const input: CaseWorkflowInput = {
    intake: {
      number: `20261123-09-${String(serial).padStart(4, '0')}`,
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      dispatched: false,
      receivedAt: iso(receivedAt),
      customer: { name: 'Han Meimei', phone: '+8613900139000', tier: 'standard' },
      description: 'Screen flickers',
      operator: { ...OPERATOR, operatorNo: 9 },
    },
    policy: DEFAULT_POLICY,
    calendars: [DEFAULT_CALENDAR],
    schedule: DEFAULT_SERVICE_SCHEDULE,
  };
  const handle = await env.client.workflow.start<typeof serviceRequestWorkflow>(
    WORKFLOW_TYPES.serviceRequest,
    {
      taskQueue,
      workflowId: `case-${input.intake.number}`,
      args: [input],
    },
  );
  opened.push(handle);
  await eventually(() => expect(records.timeline(handle.workflowId)).not.toHaveLength(0));
  return handle;
}

function act(handle: WorkflowHandle, request: Omit<CaseActionRequest, 'actor'>): Promise<CaseView> {
  return handle.executeUpdate(caseActionUpdate, {
    args: [{ ...request, actor: OPERATOR } as CaseActionRequest],
  });
}

async function eventually(assertion: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

async function skipToNextWorkingMorning(): Promise<number> {
  const now = await env.currentTimeMs();
  const morning = calendar.startOfNextWorkingDay(now).getTime();
  await env.sleep(morning - now);
  return morning;
}

function commitment(view: CaseView, id: string): CommitmentSummary {
  const found = view.commitments.find((c) => c.id === id);
  if (!found) throw new Error(`no commitment '${id}'`);
  return found;
}

/** DEFAULT_POLICY as `version`, with one commitment's budget changed. */
function policyWith(kind: string, budget: Budget, version = 2): PolicyVersion {
  return {
    ...DEFAULT_POLICY,
    version,
    rules: DEFAULT_POLICY.rules.map((rule) => ({
      ...rule,
      commitments: rule.commitments.map((c) => (c.kind === kind ? { ...c, budget } : c)),
    })),
  };
}

const change = (
  policy: PolicyVersion,
  calendars: CalendarDefinition[] = [DEFAULT_CALENDAR],
): PolicyChange => ({
  policy,
  calendars,
  by: ADMIN,
});
const replannedEntries = (workflowId: string) =>
  records.timeline(workflowId).filter((e) => e.type === 'commitment_replanned');
const stepsOf = (workflowId: string, commitmentId: string) =>
  records
    .ladder(workflowId)
    .filter((s) => s.commitmentId === commitmentId)
    .map((s) => s.stepId);

// ── a new policy version ──────────────────────────────────────────────────────────────────────────────

describe('a new policy version', () => {
  it('a case half-way through its budget under a shorter policy keeps the time used: the deadline moves earlier', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(start);
    await act(handle, { action: 'contact', args: {} });
    await env.sleep(HOUR_MS); // half of the 2 working hours to forward the case
    await handle.signal(
      policyChangedSignal,
      change(policyWith('forwarding', { amount: 90, unit: 'minutes' })),
    );

    const oldDue = start + 2 * HOUR_MS;
    const newDue = start + 90 * MINUTE_MS;
    await eventually(async () => {
      const forwarding = commitment(await handle.query(caseViewQuery), 'forwarding');
      expect(forwarding).toMatchObject({ policyVersion: 2, dueAt: iso(newDue), status: 'running' });
    });
    const view = await handle.query(caseViewQuery);
    expect(commitment(view, 'forwarding').remainingMs).toBeLessThanOrEqual(30 * MINUTE_MS);
    expect(commitment(view, 'forwarding').remainingMs).toBeGreaterThan(29 * MINUTE_MS);
    expect(replannedEntries(handle.workflowId).map((e) => [e.actor, e.summary])).toEqual([
      [
        'admin',
        `Re-planned under policy v2 by admin: forwarding due ${timelineTime(oldDue)} → ${timelineTime(newDue)}`,
      ],
    ]);
    // The warning point moved to 75 % of 90 min (67.5 min, still ahead) and fires there, then the breach.
    await env.sleep(newDue - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(() => expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn', 'breach']));
    expect(records.ladder(handle.workflowId).find((s) => s.stepId === 'breach')!.dueAt).toBe(iso(newDue));
  });

  it('a paused commitment stays paused and keeps the time it used; what is left comes from the new budget', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(start);
    await act(handle, { action: 'contact', args: {} });
    await act(handle, { action: 'start', args: {} });
    await env.sleep(HOUR_MS); // 1 of the 2 working hours to forward the case used
    const waiting = await act(handle, { action: 'request-customer-test', args: { instructions: 'reboot' } });
    const left = commitment(waiting, 'forwarding').remainingMs; // 1 h, less the ms the actions took
    expect(commitment(waiting, 'forwarding').status).toBe('paused');
    expect(left).toBeGreaterThan(HOUR_MS - MINUTE_MS);

    // 2 working hours → 90 minutes: 30 minutes left, still paused.
    await handle.signal(
      policyChangedSignal,
      change(policyWith('forwarding', { amount: 90, unit: 'minutes' })),
    );
    await eventually(async () => {
      const forwarding = commitment(await handle.query(caseViewQuery), 'forwarding');
      expect(forwarding).toMatchObject({
        status: 'paused',
        policyVersion: 2,
        remainingMs: left - 30 * MINUTE_MS,
      });
      expect(forwarding.dueAt).toBeUndefined();
    });
    const [entry] = replannedEntries(handle.workflowId);
    expect(entry.summary).toMatch(
      /^Re-planned under policy v2 by admin: forwarding \(paused\) 1 h → 30 min left;/,
    );
    expect(entry.summary).toContain('customer_test due'); // every open commitment is named

    // The customer answers: the clock resumes with (about) 30 minutes, not 1 h.
    await env.sleep(3 * HOUR_MS);
    const back = await act(handle, { action: 'record-test-result', args: { works: false } });
    const resumed = commitment(back, 'forwarding');
    expect(resumed.status).toBe('running');
    expect(Date.parse(resumed.dueAt!)).toBe(
      calendar.addWorkingTime(Date.parse(back.updatedAt), left - 30 * MINUTE_MS).getTime(),
    );
  });

  it('a step that already fired does not fire again when a longer budget moves its moment later', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(start);
    await act(handle, { action: 'contact', args: {} });
    await env.sleep(2 * HOUR_MS + 5 * MINUTE_MS); // forwarding warned and breached
    await eventually(() => expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn', 'breach']));

    await handle.signal(policyChangedSignal, change(policyWith('forwarding', { amount: 4, unit: 'hours' })));
    const newDue = start + 4 * HOUR_MS;
    await eventually(async () =>
      expect(commitment(await handle.query(caseViewQuery), 'forwarding')).toMatchObject({
        dueAt: iso(newDue),
        breached: true, // a breach that happened stays on the record
      }),
    );
    // Past the new warning point (3 h) and the new deadline (4 h): no second warning, no second breach;
    // the escalation, not yet fired, now counts from the new deadline.
    await env.sleep(newDue + 2 * HOUR_MS + MINUTE_MS - (await env.currentTimeMs()));
    await eventually(() =>
      expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn', 'breach', 'escalate']),
    );
    const escalate = records.ladder(handle.workflowId).find((s) => s.stepId === 'escalate')!;
    expect(escalate.dueAt).toBe(iso(calendar.addWorkingTime(newDue, 2 * HOUR_MS).getTime()));
  });

  it('the same version again is a no-op, and an older version arriving late is ignored: no timeline noise', async () => {
    const handle = await openCase(await env.currentTimeMs());
    const v3 = policyWith('forwarding', { amount: 3, unit: 'hours' }, 3);
    await handle.signal(policyChangedSignal, change(v3));
    await eventually(() => expect(replannedEntries(handle.workflowId)).toHaveLength(1));
    const before = await handle.query(caseViewQuery);

    await handle.signal(policyChangedSignal, change(v3)); // a resumed rollout signals again
    await handle.signal(
      policyChangedSignal,
      change(policyWith('forwarding', { amount: 1, unit: 'hours' }, 2)),
    );
    const after = await handle.query(caseViewQuery); // queries are answered after the signals before them
    expect(after.policy.version).toBe(3);
    const plan = (v: CaseView) => v.commitments.map((c) => [c.id, c.policyVersion, c.dueAt, c.warnAt]);
    expect(plan(after)).toEqual(plan(before));
    expect(after.lastSeq).toBe(before.lastSeq);
    expect(replannedEntries(handle.workflowId)).toHaveLength(1);
  });
});

describe('a policy change, as in every commitment-bearing workflow', () => {
  it('re-plans an open commitment: a new due time, the version recorded on it and on the timeline, a fired step not fired again', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(start);
    await act(handle, { action: 'contact', args: {} });
    await env.sleep(100 * MINUTE_MS); // forwarding's reminder (at 75 % of 2 working hours) has fired
    await eventually(() => expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn']));

    await handle.signal(policyChangedSignal, change(policyWith('forwarding', { amount: 4, unit: 'hours' })));
    const newDue = start + 4 * HOUR_MS;
    await eventually(async () =>
      expect(commitment(await handle.query(caseViewQuery), 'forwarding')).toMatchObject({
        policyVersion: 2,
        dueAt: iso(newDue),
        status: 'running',
      }),
    );
    const [entry] = replannedEntries(handle.workflowId);
    expect(entry.data).toMatchObject({ policyVersion: 2 });
    expect((entry.data as { commitments: unknown[] }).commitments).toContainEqual({
      commitmentId: 'forwarding',
      status: 'running',
      dueBefore: iso(start + 2 * HOUR_MS),
      dueAfter: iso(newDue),
      remainingBeforeMs: expect.any(Number),
      remainingAfterMs: expect.any(Number),
    });
    // Past the new reminder point (3 h) and the new deadline: the reminder does not fire again.
    await env.sleep(newDue - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(() => expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn', 'breach']));
  });
});

// ── a calendar change ─────────────────────────────────────────────────────────────────────────────────

describe('a calendar change', () => {
  const withHoliday = (date: string, revision?: number): [CalendarDefinition, Record<string, number>] => [
    { ...DEFAULT_CALENDAR, holidays: [...DEFAULT_CALENDAR.holidays, { date, name: 'Company day' }] },
    revision === undefined ? {} : { default: revision },
  ];

  it('a new holiday moves a working-time deadline, under the same policy version, and says so', async () => {
    // Received Friday 17:30: forwarding (2 working hours) is due Monday 10:00.
    const handle = await openCase(Date.parse('2026-11-20T17:30:00+08:00'));
    const before = commitment(await handle.query(caseViewQuery), 'forwarding');
    expect(before.dueAt).toBe('2026-11-23T02:00:00.000Z');

    const [calendarV2, revisions] = withHoliday('2026-11-23', 2);
    await handle.signal(policyChangedSignal, {
      ...change(DEFAULT_POLICY, [calendarV2]),
      calendarRevisions: revisions,
    });
    await eventually(async () =>
      expect(commitment(await handle.query(caseViewQuery), 'forwarding').dueAt).toBe(
        '2026-11-24T02:00:00.000Z',
      ),
    );
    const view = await handle.query(caseViewQuery);
    expect(view.policy.version).toBe(1);
    // first_contact runs on calendar time: a holiday does not move it, so the entry does not name it.
    expect(replannedEntries(handle.workflowId).map((e) => e.summary)).toEqual([
      "Re-planned for calendar 'default' change by admin: forwarding due 2026-11-23 10:00 (Asia/Shanghai) → 2026-11-24 10:00 (Asia/Shanghai)",
    ]);

    // The same calendar again changes nothing; an older revision arriving late cannot bring Monday back.
    await handle.signal(policyChangedSignal, {
      ...change(DEFAULT_POLICY, [calendarV2]),
      calendarRevisions: revisions,
    });
    await handle.signal(policyChangedSignal, {
      ...change(DEFAULT_POLICY, [DEFAULT_CALENDAR]),
      calendarRevisions: { default: 1 },
    });
    const after = await handle.query(caseViewQuery);
    expect(commitment(after, 'forwarding').dueAt).toBe('2026-11-24T02:00:00.000Z');
    expect(replannedEntries(handle.workflowId)).toHaveLength(1);
  });

  it('a calendar change that moves nothing is recorded once, as such', async () => {
    const handle = await openCase(Date.parse('2026-11-20T17:30:00+08:00'));
    const [calendarV2] = withHoliday('2026-12-25');
    await handle.signal(policyChangedSignal, change(DEFAULT_POLICY, [calendarV2]));
    await eventually(() =>
      expect(replannedEntries(handle.workflowId).map((e) => e.summary)).toEqual([
        "Re-planned for calendar 'default' change by admin: no due time moved",
      ]),
    );
  });
});
