// The callback workflow on the dev server with time skipping: attempts within calling hours, unreachable
// after N, the outcome back to the case (a running case reopens; a closed one gets a new linked case), and
// an overdue callback escalating like any commitment.
import * as path from 'node:path';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Actor, CaseView } from '@caseflow/domain';
import { callbackWorkflowId, caseWorkflowId, WORKFLOW_TYPES } from '@caseflow/domain';
import {
  budgetMs,
  createCalendar,
  DEFAULT_CALENDAR,
  DEFAULT_POLICY,
  DEFAULT_SERVICE_SCHEDULE,
  HOUR_MS,
  MINUTE_MS,
  type PolicyVersion,
} from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import {
  callbackAttemptUpdate,
  callbackCancelSignal,
  callbackReplanSignal,
  callbackViewQuery,
  type CallbackAttemptRequest,
  type CallbackView,
  type CallbackWorkflowInput,
} from '../callback-messages';
import type { callbackWorkflow } from '../callback.workflow';
import type { serviceRequestWorkflow } from '../service-request.workflow';
import {
  caseActionUpdate,
  caseViewQuery,
  policyChangedSignal,
  type CaseActionRequest,
  type CaseWorkflowInput,
} from '../messages';
import { FakeCallbackActivities } from './callback-fakes';
import { FakeCaseRecords } from './fake-case-records';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'callback-spec';
const calendar = createCalendar(DEFAULT_CALENDAR);
const QUALITY: Actor = { userId: 'u-qa1', username: 'qa1' };
const OPERATOR: Actor = { userId: 'u-op7', username: 'op7' };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const records = new FakeCaseRecords();
const fake = new FakeCallbackActivities();
const opened: WorkflowHandle[] = [];

beforeAll(async () => {
  env = await createTestEnvironment({ timeSkipping: true });
  fake.clock = () => env.currentTimeMs();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    activities: { ...records.activities, ...fake.activities },
  });
  running = worker.run();
});

afterEach(async () => {
  // A resolved case's own level-1/2 callbacks run too: end them with their case.
  const handles = opened.splice(0).flatMap((h) => {
    const number = h.workflowId.replace(/^case-/, '');
    return [h, ...[1, 2].map((level) => env.client.workflow.getHandle(`callback-L${level}-${number}-1`))];
  });
  await Promise.all(handles.map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

let serial = 0;
const nextNumber = () => `20261105-07-${String(++serial).padStart(4, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();

async function startCallback(
  overrides: Partial<CallbackWorkflowInput> = {},
): Promise<WorkflowHandle<typeof callbackWorkflow>> {
  const caseNumber = overrides.caseNumber ?? nextNumber();
  const input: CallbackWorkflowInput = {
    callbackId: `L3-2026-11-${caseNumber}`,
    level: 3,
    caseNumber,
    category: 'technical',
    customer: { name: 'Li Lei', phone: '+8613800138000', tier: 'standard' },
    branchId: 'branch-sh',
    startsAt: iso(await env.currentTimeMs()),
    budget: { amount: 5, unit: 'days' },
    calendar: DEFAULT_CALENDAR,
    maxAttempts: 3,
    ...overrides,
  };
  const handle = await env.client.workflow.start<typeof callbackWorkflow>(WORKFLOW_TYPES.callback, {
    taskQueue,
    workflowId: callbackWorkflowId(input.callbackId),
    args: [input],
  });
  opened.push(handle);
  await eventually(() => expect(fake.lastTask(input.callbackId)?.assigneeStaffId).toBe('qa-chen'));
  return handle;
}

function attempt(
  handle: WorkflowHandle,
  request: Omit<CallbackAttemptRequest, 'actor'>,
): Promise<CallbackView> {
  return handle.executeUpdate(callbackAttemptUpdate, { args: [{ ...request, actor: QUALITY }] });
}

async function openCase(number = nextNumber()): Promise<WorkflowHandle> {
  const input: CaseWorkflowInput = {
    intake: {
      number,
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      dispatched: false,
      receivedAt: iso(await env.currentTimeMs()),
      customer: { name: 'Li Lei', phone: '+8613800138000', tier: 'standard' },
      description: 'Paper jam on every print',
      branchId: 'branch-sh',
      operator: { ...OPERATOR, operatorNo: 7 },
    },
    policy: DEFAULT_POLICY,
    calendars: [DEFAULT_CALENDAR],
    schedule: DEFAULT_SERVICE_SCHEDULE,
  };
  const handle = await env.client.workflow.start<typeof serviceRequestWorkflow>(
    WORKFLOW_TYPES.serviceRequest,
    {
      taskQueue,
      workflowId: caseWorkflowId(number),
      args: [input],
    },
  );
  opened.push(handle);
  return handle;
}

const resolve = (handle: WorkflowHandle): Promise<CaseView> =>
  handle.executeUpdate(caseActionUpdate, {
    args: [{ action: 'resolve', args: { summary: 'Roller replaced' }, actor: OPERATOR } as CaseActionRequest],
  });

/** Local wall-clock "yyyy-mm-dd hh:mm" in Asia/Shanghai. */
const local = (at: string | number) => {
  const wall = new Date(calendar.zone.wallClockAt(typeof at === 'string' ? Date.parse(at) : at));
  return wall.toISOString().slice(0, 16).replace('T', ' ');
};

async function eventually(assertion: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

async function updateFailure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
}

// ── attempts ──────────────────────────────────────────────────────────────────────────────────────────

describe('attempts', () => {
  it('retries a customer not reached within the next working day’s calling hours, then records them unreachable', async () => {
    const handle = await startCallback();
    const first = await attempt(handle, { reached: false, remarks: 'no answer' });
    const firstAt = await env.currentTimeMs();
    const nextDay = calendar.nextWorkingDay(calendar.localDateOf(firstAt));
    expect(first).toMatchObject({ state: 'retry_scheduled', attempts: 1 });
    // Attempts 2 and 3 are spread over the next working day: at its opening and half-way through.
    expect(local(first.nextAttemptAt!)).toBe(`${nextDay} 09:00`);
    expect(calendar.isWorkingTime(Date.parse(first.nextAttemptAt!))).toBe(true);

    // The retry becomes callable at its moment (a durable timer, skipped to).
    await env.sleep(Date.parse(first.nextAttemptAt!) - (await env.currentTimeMs()) + 1000);
    await eventually(() => expect(fake.lastTask(first.callbackId)?.state).toBe('open'));

    const second = await attempt(handle, { reached: false });
    expect(second.state).toBe('retry_scheduled');
    expect(local(second.nextAttemptAt!)).toBe(`${nextDay} 13:45`); // 09:00 + half of 9.5 working hours
    expect(calendar.isWorkingTime(Date.parse(second.nextAttemptAt!))).toBe(true);

    const third = await attempt(handle, { reached: false });
    expect(third).toMatchObject({ state: 'unreachable', outcome: 'unreachable', attempts: 3 });
    expect(fake.attempts.filter((a) => a.callbackId === first.callbackId).map((a) => a.reached)).toEqual([
      false,
      false,
      false,
    ]);
    expect(await handle.result()).toMatchObject({ state: 'unreachable' });

    // Timers, attempts and the retry moment replay from the recorded history.
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      history,
      handle.workflowId,
    );
  });

  it('refuses an attempt without a satisfaction (VALIDATION_FAILED) and ends once the customer answered', async () => {
    const handle = await startCallback();
    const bad = await updateFailure(attempt(handle, { reached: true }));
    expect(bad.type).toBe('VALIDATION_FAILED');
    expect((await handle.query(callbackViewQuery)).attempts).toBe(0); // a refused attempt leaves no trace
    await attempt(handle, { reached: true, satisfaction: 5, engineerRating: 5, faultGrade: 'B' });
    // Closed: the workflow has completed, so nothing can record another attempt on it (the API answers 409).
    expect(await handle.result()).toMatchObject({ state: 'done', outcome: 'satisfied' });
    await expect(attempt(handle, { reached: true, satisfaction: 4 })).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  it('takes the number of attempts from the sampling settings when its starter gives none', async () => {
    fake.settings = { ...fake.settings, maxAttempts: 2 };
    try {
      const handle = await startCallback({ maxAttempts: undefined });
      expect((await attempt(handle, { reached: false })).state).toBe('retry_scheduled');
      expect(await attempt(handle, { reached: false })).toMatchObject({
        state: 'unreachable',
        attempts: 2,
        maxAttempts: 2,
      });
    } finally {
      fake.settings = { ...fake.settings, maxAttempts: 3 };
    }
  });

  it('ends as cancelled when its case moves on, its promise and queue row with it; no call is taken after', async () => {
    const handle = await startCallback();
    await attempt(handle, { reached: false });
    await handle.signal(callbackCancelSignal, { reason: 'case reopened', actor: OPERATOR });
    expect(await handle.result()).toMatchObject({ state: 'cancelled', attempts: 1 });
    const row = fake.lastTask((await handle.query(callbackViewQuery)).callbackId)!;
    expect(row.state).toBe('cancelled');
    expect(row.nextAttemptAt).toBeUndefined(); // no retry left planned
    expect(row.closedAt).toBeDefined();
    await expect(attempt(handle, { reached: true, satisfaction: 4 })).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    // No overdue escalation for a callback that no longer exists as work.
    await env.sleep(3 * 24 * HOUR_MS);
    expect(records.ladder(handle.workflowId)).toEqual([]);
  });

  it('waits until it may be worked, then escalates when overdue like any commitment', async () => {
    const now = await env.currentTimeMs();
    const startsAt = calendar.startOfNextWorkingDay(now).getTime();
    const handle = await startCallback({ startsAt: iso(startsAt), budget: { amount: 2, unit: 'hours' } });
    expect((await handle.query(callbackViewQuery)).state).toBe('pending');
    await env.sleep(startsAt - now + 3 * HOUR_MS);
    await eventually(() => {
      const steps = records.ladder(handle.workflowId).map((s) => s.stepId);
      expect(steps).toEqual(expect.arrayContaining(['warn', 'breach']));
    });
    const view = await handle.query(callbackViewQuery);
    expect(view).toMatchObject({ state: 'open', breached: true });
    expect(records.ladder(handle.workflowId)[0]).toMatchObject({
      assigneeId: 'qa-chen',
      commitmentKind: 'callback_level3',
    });
  });
});

// ── a policy change ──────────────────────────────────────────────────────────────────────────────────

describe('a policy change', () => {
  it('re-plans the open level-1 and level-2 callbacks’ due times like every other commitment', async () => {
    const kase = await openCase();
    const { number } = await resolve(kase);
    const level1 = env.client.workflow.getHandle(`callback-L1-${number}-1`);
    const level2 = env.client.workflow.getHandle(`callback-L2-${number}-1`);
    let before: CallbackView | undefined;
    await eventually(async () => {
      before = await level1.query(callbackViewQuery);
      expect(before.dueAt).toBeDefined();
    });
    const v2: PolicyVersion = {
      ...DEFAULT_POLICY,
      version: 2,
      rules: DEFAULT_POLICY.rules.map((rule) => ({
        ...rule,
        commitments: rule.commitments.map((c) =>
          c.kind === 'callback_level1' ? { ...c, budget: { amount: 6, unit: 'hours' as const } } : c,
        ),
      })),
    };
    await kase.signal(policyChangedSignal, {
      policy: v2,
      calendars: [DEFAULT_CALENDAR],
      by: { userId: 'u-admin', username: 'admin' },
    });
    const expected = calendar
      .addWorkingTime(
        Date.parse(before!.startsAt),
        budgetMs({ amount: 6, unit: 'hours' }, 'working', calendar),
      )
      .toISOString();
    await eventually(async () => expect((await level1.query(callbackViewQuery)).dueAt).toBe(expected));
    expect(fake.lastTask(before!.callbackId)?.dueAt).toBe(expected);
    // The level-2 callback's budget did not change: its plan stands (still pending, due as before).
    const l2 = await level2.query(callbackViewQuery);
    expect(l2.state).toBe('pending');
    // The histories replay (the case's signal to its callbacks is behind a patch).
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      await kase.fetchHistory(),
      kase.workflowId,
    );
  });
});

describe('a policy change, as in every commitment-bearing workflow', () => {
  it('re-plans its due time: a new due time, the version recorded (an older one is then ignored), a fired step not fired again', async () => {
    const now = await env.currentTimeMs();
    const startsAt = calendar.startOfNextWorkingDay(now).getTime();
    const handle = await startCallback({ startsAt: iso(startsAt), budget: { amount: 2, unit: 'hours' } });
    await env.sleep(startsAt - now + 100 * MINUTE_MS); // the reminder (at 75 % of 2 h) has fired
    await eventually(() => expect(records.ladder(handle.workflowId).map((s) => s.stepId)).toEqual(['warn']));

    const replan = (policyVersion: number, hours: number) =>
      handle.signal(callbackReplanSignal, {
        policyVersion,
        budget: { amount: hours, unit: 'hours' },
        calendar: DEFAULT_CALENDAR,
      });
    await replan(2, 4);
    const newDue = calendar.addWorkingTime(startsAt, 4 * HOUR_MS).getTime();
    await eventually(async () => expect((await handle.query(callbackViewQuery)).dueAt).toBe(iso(newDue)));
    const { callbackId } = await handle.query(callbackViewQuery);
    await eventually(() => expect(fake.lastTask(callbackId)?.dueAt).toBe(iso(newDue)));
    // Version 2 is recorded: its own first version arriving late changes nothing.
    await replan(1, 1);
    expect((await handle.query(callbackViewQuery)).dueAt).toBe(iso(newDue));

    // Past the new reminder point (3 h) and the new deadline: one reminder, then the breach at the new time.
    await env.sleep(newDue - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(() =>
      expect(records.ladder(handle.workflowId).map((s) => s.stepId)).toEqual(['warn', 'breach']),
    );
    const breach = records.ladder(handle.workflowId).find((s) => s.stepId === 'breach')!;
    expect(breach.commitmentDueAt).toBe(iso(newDue));
    expect((await handle.query(callbackViewQuery)).breached).toBe(true);
  });
});

// ── the outcome goes back to the case ─────────────────────────────────────────────────────────────────

describe('outcome', () => {
  it('reopens a running resolved case when the customer is not satisfied at the level-3 callback', async () => {
    const kase = await openCase();
    const { number } = await resolve(kase);
    const handle = await startCallback({ caseNumber: number });
    const view = await attempt(handle, { reached: true, satisfaction: 2, remarks: 'still jams' });
    expect(view).toMatchObject({ state: 'done', outcome: 'not_satisfied', reopenedCaseNumber: number });
    await eventually(async () => expect((await kase.query(caseViewQuery)).state).toBe('reopened'));
    const reopened = records.timeline(kase.workflowId).find((e) => e.type === 'reopened');
    expect(reopened?.summary).toContain('not satisfied at the Level-3 callback');
  });

  it('opens a new case linked to a closed one when the customer is not satisfied at the level-3 callback', async () => {
    const kase = await openCase();
    const { number } = await resolve(kase);
    // Closed at its own level-2 callback, called at its 48 h point (not before: that is refused).
    const level2 = env.client.workflow.getHandle(`callback-L2-${number}-1`);
    let startsAt = '';
    await eventually(async () => {
      startsAt = (await level2.query(callbackViewQuery)).startsAt;
      expect(startsAt).toBeTruthy();
    });
    await expect(attempt(level2, { reached: true, satisfaction: 5 })).rejects.toBeInstanceOf(
      WorkflowUpdateFailedError,
    );
    await env.sleep(Date.parse(startsAt) - (await env.currentTimeMs()) + 1000);
    await eventually(async () => expect((await level2.query(callbackViewQuery)).state).toBe('open'));
    await attempt(level2, { reached: true, satisfaction: 5 });
    expect((await kase.result()).state).toBe('closed'); // the case workflow has completed
    const handle = await startCallback({ caseNumber: number });
    const view = await attempt(handle, { reached: true, satisfaction: 1, remarks: 'broken again' });
    expect(view.state).toBe('done');
    expect(view.reopenedCaseNumber).toMatch(/^20261201-00-\d{4}$/);
    expect(fake.linked.at(-1)).toMatchObject({ key: view.callbackId, caseNumber: number });
    const linked = env.client.workflow.getHandle(`case-${view.reopenedCaseNumber}`);
    opened.push(linked);
    await eventually(async () => {
      const linkedView = await linked.query(caseViewQuery);
      expect(linkedView.state).toBe('new');
      expect(linkedView.description).toContain(`Reopened from case ${number}`);
    });
    // The failed signal to the ended case and the linked case's start replay too.
    expect(await handle.result()).toMatchObject({ reopenedCaseNumber: view.reopenedCaseNumber });
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      await handle.fetchHistory(),
      handle.workflowId,
    );
  });

  it('raises a complaint (keyed by the callback) when the customer is extremely dissatisfied, and reopens the case', async () => {
    const kase = await openCase();
    const { number } = await resolve(kase);
    const handle = await startCallback({ caseNumber: number });
    const view = await attempt(handle, {
      reached: true,
      satisfaction: 1,
      extremelyDissatisfied: true,
      remarks: 'nobody came',
    });
    expect(view.complaintWorkflowId).toBe(`complaint-callback-${view.callbackId}`);
    const complaint = env.client.workflow.getHandle(view.complaintWorkflowId!);
    opened.push(complaint);
    const { type } = await complaint.describe();
    expect(type).toBe('complaintWorkflow');
    await eventually(async () => expect((await kase.query(caseViewQuery)).state).toBe('reopened'));
  });

  it('leaves a satisfied customer’s case as it is, with a note on its timeline', async () => {
    const kase = await openCase();
    const { number } = await resolve(kase);
    const handle = await startCallback({ caseNumber: number });
    await attempt(handle, { reached: true, satisfaction: 4 });
    await eventually(() =>
      expect(records.timeline(kase.workflowId).at(-1)?.summary).toContain('satisfied (4/5)'),
    );
    expect((await kase.query(caseViewQuery)).state).toBe('resolved');
  });
});
