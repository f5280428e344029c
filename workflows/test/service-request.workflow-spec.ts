// The service-request / inquiry workflow, rule by rule, on the dev server with time skipping and the real
// SDK worker. Activities are an in-memory fake that records every call (the timeline, the ladder steps, the
// messages); the database side is tested by the activities' own integration tests.
//
// Time: the server's virtual clock starts at the real "now". Tests that only read due times start the
// case at a fixed instant (the maths do not care when the test runs); tests that watch steps fire first
// skip to the next working morning (09:00 Asia/Shanghai), start the case there and skip forward.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type {
  ActionArgs,
  Actor,
  CaseAction,
  CaseIntake,
  CaseView,
  CommitmentSummary,
} from '@caseflow/domain';
import { callbackWorkflowId, caseWorkflowId, WORKFLOW_TYPES } from '@caseflow/domain';
import {
  budgetMs,
  createCalendar,
  DAY_MS,
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
  callbackViewQuery,
  caseCallbackId,
  type CallbackAttemptRequest,
  type CallbackView,
} from '../callback-messages';
import {
  caseActionUpdate,
  caseViewQuery,
  policyChangedSignal,
  recordCallbackUpdate,
  type CallbackRequest,
  type CaseActionRequest,
  type CaseWorkflowInput,
} from '../messages';
import type { serviceRequestWorkflow } from '../service-request.workflow';
import { FakeCallbackActivities } from './callback-fakes';
import { FakeCaseRecords } from './fake-case-records';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'service-request-spec';
const calendar = createCalendar(DEFAULT_CALENDAR);

const OPERATOR: Actor = { userId: 'u-op7', username: 'op7' };
const QUALITY: Actor = { userId: 'u-qa1', username: 'qa1' };
const ADMIN: Actor = { userId: 'u-admin', username: 'admin' };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const records = new FakeCaseRecords();
/** The callback work queue (a resolved case's level-1/2 callbacks are workflows of their own). */
const queue = new FakeCallbackActivities();
const opened: WorkflowHandle[] = [];

beforeAll(async () => {
  env = await createTestEnvironment({ timeSkipping: true });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    activities: { ...records.activities, ...queue.activities },
  });
  running = worker.run();
});

afterEach(async () => {
  // A case left open would keep firing its timers while later tests skip time; so would its callbacks.
  const handles = opened.splice(0).flatMap((h) => {
    const number = h.workflowId.replace(/^case-/, '');
    const callbacks = [1, 2].flatMap((level) =>
      [1, 2].map((round) => `callback-L${level}-${number}-${round}`),
    );
    return [h, ...callbacks.map((id) => env.client.workflow.getHandle(id))];
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
function nextCaseNumber(): string {
  serial += 1;
  return `20261122-07-${String(serial).padStart(4, '0')}`;
}

function caseInput(
  intake: Partial<CaseIntake> = {},
  policy: PolicyVersion = DEFAULT_POLICY,
): CaseWorkflowInput {
  return {
    intake: {
      number: nextCaseNumber(),
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      dispatched: false,
      receivedAt: '', // openCase: the virtual clock's now
      customer: { name: 'Li Lei', phone: '+8613800138000', tier: 'standard' },
      product: 'Printer X200',
      description: 'Paper jam on every print',
      branchId: 'branch-sh',
      operator: { ...OPERATOR, operatorNo: 7 },
      ...intake,
    },
    policy,
    calendars: [DEFAULT_CALENDAR],
    schedule: DEFAULT_SERVICE_SCHEDULE,
  };
}

/** Starts the case; unless the test says otherwise the customer called just now (on the virtual clock). */
async function openCase(input: CaseWorkflowInput): Promise<WorkflowHandle<typeof serviceRequestWorkflow>> {
  if (!input.intake.receivedAt) input.intake.receivedAt = iso(await env.currentTimeMs());
  const handle = await env.client.workflow.start<typeof serviceRequestWorkflow>(
    WORKFLOW_TYPES.serviceRequest,
    {
      taskQueue,
      workflowId: caseWorkflowId(input.intake.number),
      args: [input],
    },
  );
  opened.push(handle);
  await eventually(() => expect(records.timeline(handle.workflowId)).not.toHaveLength(0));
  return handle;
}

function act<A extends CaseAction>(
  handle: WorkflowHandle,
  action: A,
  args: ActionArgs[A],
  actor: Actor = OPERATOR,
): Promise<CaseView> {
  return handle.executeUpdate(caseActionUpdate, { args: [{ action, args, actor } as CaseActionRequest] });
}

/** A callback recorded on the case itself (cases resolved before callbacks were workflows). */
function callback(handle: WorkflowHandle, request: Omit<CallbackRequest, 'actor'>): Promise<CaseView> {
  return handle.executeUpdate(recordCallbackUpdate, { args: [{ ...request, actor: QUALITY }] });
}

/** The case's own level-1/2 callback workflow of a round. */
function ownCallback(view: CaseView, level: 1 | 2, round = 1): WorkflowHandle {
  return env.client.workflow.getHandle(callbackWorkflowId(caseCallbackId(level, view.number, round)));
}

/** One call on a callback, recorded by the quality desk. */
function attempt(
  handle: WorkflowHandle,
  request: Omit<CallbackAttemptRequest, 'actor'>,
): Promise<CallbackView> {
  return handle.executeUpdate(callbackAttemptUpdate, { args: [{ ...request, actor: QUALITY }] });
}

function commitment(view: CaseView, id: string): CommitmentSummary {
  const found = view.commitments.find((c) => c.id === id);
  if (!found) throw new Error(`no commitment '${id}' in ${view.commitments.map((c) => c.id).join(', ')}`);
  return found;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Skips the virtual clock to 09:00 of the next working day in Asia/Shanghai and returns that instant. */
async function skipToNextWorkingMorning(): Promise<number> {
  const now = await env.currentTimeMs();
  const morning = calendar.startOfNextWorkingDay(now).getTime();
  await env.sleep(morning - now);
  return morning;
}

/** Work a timer triggered may still be finishing when the clock stops: retry the assertion briefly. */
async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

async function updateFailure(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

const types = (workflowId: string) => records.timeline(workflowId).map((e) => e.type);
const stepsOf = (workflowId: string, commitmentId: string) =>
  records
    .ladder(workflowId)
    .filter((s) => s.commitmentId === commitmentId)
    .map((s) => s.stepId);

// ── intake and due times ──────────────────────────────────────────────────────────────────────────────

describe('intake', () => {
  it('a case received Friday 17:30 is due to be forwarded Monday 10:00 and contacted by Friday 18:30', async () => {
    const handle = await openCase(caseInput({ receivedAt: '2026-11-20T17:30:00+08:00' }));
    const view = await handle.query(caseViewQuery);
    expect(commitment(view, 'forwarding').dueAt).toBe('2026-11-23T02:00:00.000Z'); // Mon 10:00 +08:00
    expect(commitment(view, 'first_contact').dueAt).toBe('2026-11-20T10:30:00.000Z'); // Fri 18:30 +08:00
    expect(records.timeline(handle.workflowId)[0]).toMatchObject({
      seq: 1,
      type: 'case_received',
      actor: 'op7',
      summary: expect.stringContaining('received by phone from Li Lei'),
    });
  });

  it('an inquiry is promised an answer within 2 working days and gets no service-request commitments', async () => {
    const handle = await openCase(caseInput({ kind: 'inquiry', receivedAt: '2026-11-20T17:30:00+08:00' }));
    const view = await handle.query(caseViewQuery);
    expect(view.commitments.map((c) => c.id)).toEqual(['inquiry_answer']);
    // 1 h on Friday + 9.5 h on Monday + 8.5 h on Tuesday = 19 working hours: Tuesday 17:30.
    expect(commitment(view, 'inquiry_answer').dueAt).toBe('2026-11-24T09:30:00.000Z');
    expect(view.allowedActions).not.toContain('schedule');
  });

  it('a case dispatched from the call centre is due to be contacted 30 min after dispatch, not 1 h after the call', async () => {
    const now = await env.currentTimeMs();
    const handle = await openCase(caseInput({ dispatched: true, receivedAt: iso(now - 20 * MINUTE_MS) }));
    const firstContact = commitment(await handle.query(caseViewQuery), 'first_contact');
    expect(Date.parse(firstContact.startedAt)).toBeGreaterThanOrEqual(now);
    expect(Date.parse(firstContact.dueAt!) - Date.parse(firstContact.startedAt)).toBe(30 * MINUTE_MS);
  });
});

// ── the escalation ladder ─────────────────────────────────────────────────────────────────────────────

describe('escalation ladder', () => {
  it('escalates to the supervisor when nobody contacted the customer within 1 h', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(caseInput({ receivedAt: iso(start) }));
    await env.sleep(HOUR_MS + MINUTE_MS);
    await eventually(() => expect(stepsOf(handle.workflowId, 'first_contact')).toEqual(['warn', 'breach']));
    const breach = records.ladder(handle.workflowId).find((s) => s.stepId === 'breach')!;
    expect(breach).toMatchObject({ action: 'breach', target: 'supervisor', dueAt: iso(start + HOUR_MS) });
    const entry = records.timeline(handle.workflowId).find((e) => e.type === 'commitment_breached')!;
    expect(entry.summary).toBe(
      'Breached: first contact was due ' + timelineTime(start + HOUR_MS) + '; the supervisor notified',
    );
    expect(commitment(await handle.query(caseViewQuery), 'first_contact').breached).toBe(true);
  });

  it('contacting the customer within 1 h keeps the first-contact promise: nobody is reminded or escalated', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(caseInput({ receivedAt: iso(start) }));
    await env.sleep(30 * MINUTE_MS);
    const view = await act(handle, 'contact', { note: 'will visit tomorrow' });
    expect(view.state).toBe('contacted');
    expect(commitment(view, 'first_contact')).toMatchObject({ status: 'met', breached: false });
    await env.sleep(2 * HOUR_MS);
    expect(stepsOf(handle.workflowId, 'first_contact')).toEqual([]);
  });

  it('a forwarding promise reminds at 75 %, is breached at 2 working hours and escalates to the manager 2 working hours later', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(caseInput({ receivedAt: iso(start) }));
    const due = calendar.addWorkingTime(start, 2 * HOUR_MS).getTime();
    const escalate = calendar.addWorkingTime(due, 2 * HOUR_MS).getTime();
    await env.sleep(escalate - start + MINUTE_MS);
    await eventually(() =>
      expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn', 'breach', 'escalate']),
    );
    const steps = records.ladder(handle.workflowId).filter((s) => s.commitmentId === 'forwarding');
    expect(steps.map((s) => [s.target, s.dueAt])).toEqual([
      ['assignee', iso(calendar.addWorkingTime(start, 1.5 * HOUR_MS).getTime())],
      ['supervisor', iso(due)],
      ['manager', iso(escalate)],
    ]);
    const forwardingEntries = records
      .timeline(handle.workflowId)
      .filter((e) => e.data?.commitmentId === 'forwarding')
      .map((e) => e.type);
    expect(forwardingEntries).toEqual(['commitment_warning', 'commitment_breached', 'commitment_escalated']);
  });

  it('each escalation step fires exactly once even when its activity is retried', async () => {
    const start = await skipToNextWorkingMorning();
    const input = caseInput({ receivedAt: iso(start) });
    const workflowId = `case-${input.intake.number}`;
    records.failFirstAttempt.add(`${workflowId}/first_contact/breach`);
    const handle = await openCase(input);
    await env.sleep(HOUR_MS + 5 * MINUTE_MS);
    await eventually(() => expect(stepsOf(workflowId, 'first_contact')).toEqual(['warn', 'breach']));
    const attempts = records.ladderAttempts.filter(
      (s) => s.workflowId === workflowId && s.commitmentId === 'first_contact' && s.stepId === 'breach',
    );
    expect(attempts).toHaveLength(2); // the failed attempt and its retry, same step
    await env.sleep(3 * HOUR_MS);
    expect(stepsOf(workflowId, 'first_contact')).toEqual(['warn', 'breach', 'escalate']);
    const breaches = records
      .timeline(handle.workflowId)
      .filter((e) => e.type === 'commitment_breached' && e.data?.commitmentId === 'first_contact');
    expect(breaches).toHaveLength(1);
  });

  it('re-planning keeps used time and does not fire a warning twice', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(caseInput({ receivedAt: iso(start) }));
    await act(handle, 'contact', {}); // keep first contact out of the way
    // 1 h 45 min in: the 2-working-hour forwarding promise was warned at 1 h 30 min.
    await env.sleep(105 * MINUTE_MS);
    await eventually(() => expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn']));

    const v2 = policyWith('forwarding', { amount: 3, unit: 'hours' });
    await handle.signal(policyChangedSignal, { policy: v2, calendars: [DEFAULT_CALENDAR], by: ADMIN });
    const newDue = calendar.addWorkingTime(start, 3 * HOUR_MS).getTime(); // from the start, not from now
    await eventually(async () => {
      const view = await handle.query(caseViewQuery);
      expect(view.policy.version).toBe(2);
      expect(commitment(view, 'forwarding')).toMatchObject({ policyVersion: 2, dueAt: iso(newDue) });
    });
    const replanned = records.timeline(handle.workflowId).find((e) => e.type === 'commitment_replanned')!;
    expect(replanned.summary).toBe(
      `Re-planned under policy v2 by admin: forwarding due ${timelineTime(calendar.addWorkingTime(start, 2 * HOUR_MS).getTime())} → ${timelineTime(newDue)}`,
    );

    // The new warning point (2 h 15 min) passes without a second warning; the new deadline breaches.
    await env.sleep(newDue - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(() => expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn', 'breach']));
    expect(records.ladder(handle.workflowId).find((s) => s.stepId === 'breach')!.dueAt).toBe(iso(newDue));
  });

  it('a step moved into the past by a re-plan fires at once', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(caseInput({ receivedAt: iso(start) }));
    await act(handle, 'contact', {});
    await env.sleep(70 * MINUTE_MS);
    const v2 = policyWith('forwarding', { amount: 1, unit: 'hours' });
    await handle.signal(policyChangedSignal, { policy: v2, calendars: [DEFAULT_CALENDAR], by: ADMIN });
    await eventually(() => expect(stepsOf(handle.workflowId, 'forwarding')).toEqual(['warn', 'breach']));
    const breach = records.ladder(handle.workflowId).find((s) => s.stepId === 'breach')!;
    expect(breach.dueAt).toBe(iso(start + HOUR_MS));
    expect(Date.parse(breach.firedAt)).toBeGreaterThan(start + 70 * MINUTE_MS - 1);
  });
});

// ── operator actions ──────────────────────────────────────────────────────────────────────────────────

describe('operator actions', () => {
  it('an action not allowed in the current state is rejected and leaves the history unchanged', async () => {
    const handle = await openCase(caseInput());
    // Wait until the case sleeps on its durable timer (nothing in flight), then try the wrong action.
    let before: temporal.api.history.v1.IHistoryEvent[] = [];
    await eventually(async () => {
      before = (await handle.fetchHistory()).events!;
      expect(before.at(-1)!.eventType).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
    });
    const failure = await updateFailure(act(handle, 'start', {}));
    expect(failure.type).toBe('INVALID_STATE');
    expect(failure.message).toBe(
      "Cannot 'start' a case in state 'new'; allowed: assign, forward, cancel, add-note, contact, resolve",
    );
    expect(failure.details).toEqual([
      { state: 'new', allowedActions: ['assign', 'forward', 'cancel', 'add-note', 'contact', 'resolve'] },
    ]);
    expect((await handle.fetchHistory()).events!.map((e) => e.eventType)).toEqual(
      before.map((e) => e.eventType),
    );
    expect((await handle.query(caseViewQuery)).state).toBe('new');
  });

  it('assigning a certified engineer records who assigned whom and keeps the forwarding promise', async () => {
    const handle = await openCase(caseInput());
    const view = await act(handle, 'assign', { assigneeId: 'eng-wang' });
    expect(view).toMatchObject({ state: 'assigned', assignee: { id: 'eng-wang', name: 'Wang Wei' } });
    expect(commitment(view, 'forwarding').status).toBe('met');
    const last = records.timeline(handle.workflowId).at(-1)!;
    expect(last).toMatchObject({
      type: 'assigned',
      summary: 'Assigned to Wang Wei by op7',
      seq: view.lastSeq,
    });
  });

  it('an uncertified engineer cannot be assigned: the update fails with VALIDATION_FAILED and nothing changes', async () => {
    const handle = await openCase(caseInput());
    const before = records.timeline(handle.workflowId).length;
    const failure = await updateFailure(act(handle, 'assign', { assigneeId: 'eng-zhao' }));
    expect(failure.type).toBe('VALIDATION_FAILED');
    expect(failure.message).toBe('Zhao Min is not certified and cannot be assigned');
    const unknown = await updateFailure(act(handle, 'assign', { assigneeId: 'nobody' }));
    expect(unknown.type).toBe('NOT_FOUND');
    const view = await handle.query(caseViewQuery);
    expect(view.state).toBe('new');
    expect(view.assignee).toBeUndefined();
    expect(records.timeline(handle.workflowId)).toHaveLength(before);
  });

  it('a malformed action is rejected before it is accepted', async () => {
    const handle = await openCase(caseInput());
    const failure = await updateFailure(act(handle, 'schedule' as 'assign', { assigneeId: 'x' }));
    expect(failure.type).toBe('INVALID_STATE'); // scheduling a new case is not allowed at all
    const bad = await updateFailure(act(handle, 'forward', { department: 'nowhere' as 'tech_support' }));
    expect(bad.type).toBe('VALIDATION_FAILED');
    expect(bad.details).toEqual([{ errors: { department: expect.stringContaining('tech_support') } }]);
  });

  it('scheduling a visit at another slot than the customer wished records the wish and the apology', async () => {
    const handle = await openCase(caseInput());
    await act(handle, 'assign', { assigneeId: 'eng-wang' });
    const visitAt = '2026-12-01T06:00:00.000Z';
    const view = await act(handle, 'schedule', { visitAt, customerWish: 'Saturday morning' });
    expect(view).toMatchObject({ state: 'scheduled', visitAt });
    const entry = records.timeline(handle.workflowId).at(-1)!;
    expect(entry).toMatchObject({
      type: 'visit_scheduled',
      data: { visitAt, customerWish: 'Saturday morning' },
    });
    expect(entry.summary).toBe(
      "Visit scheduled for 2026-12-01 14:00 (Asia/Shanghai) by op7; the customer's wish (Saturday morning) could not be met, another slot was offered with an apology",
    );
    // The customer is told the new slot, with an apology.
    expect(records.notifications.filter((n) => n.caseNumber === view.number).at(-1)).toMatchObject({
      template: 'appointment_moved',
      data: { visitAt: '2026-12-01 14:00', previousVisitAt: 'Saturday morning' },
    });
  });

  it('the customer gets a confirmation of the agreed visit, and an apology when it is moved', async () => {
    const handle = await openCase(caseInput());
    await act(handle, 'assign', { assigneeId: 'eng-wang' });
    await act(handle, 'schedule', { visitAt: '2026-12-01T06:00:00.000Z' });
    await act(handle, 'schedule', { visitAt: '2026-12-02T02:00:00.000Z' });
    const sent = records.notifications.filter((n) =>
      n.idempotencyKey.startsWith(`${handle.workflowId}:visit:`),
    );
    expect(sent.map((n) => [n.template, n.data])).toEqual([
      ['appointment_confirmed', { visitAt: '2026-12-01 14:00', previousVisitAt: '' }],
      ['appointment_moved', { visitAt: '2026-12-02 10:00', previousVisitAt: '2026-12-01 14:00' }],
    ]);
  });

  it('a note lands on the timeline and changes nothing else', async () => {
    const handle = await openCase(caseInput());
    const view = await act(handle, 'add-note', { text: 'customer prefers calls after 3 pm' });
    expect(view.state).toBe('new');
    expect(records.timeline(handle.workflowId).at(-1)).toMatchObject({
      type: 'note',
      summary: 'Note by op7: customer prefers calls after 3 pm',
    });
  });

  it('forwarding starts the handler result promise; when it runs out the hotline chases the handler and the customer gets an apology', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(caseInput({ receivedAt: iso(start) }));
    await act(handle, 'contact', {});
    const forwarded = await act(handle, 'forward', { department: 'product_division' });
    expect(forwarded).toMatchObject({ state: 'forwarded', department: 'product_division' });
    expect(commitment(forwarded, 'forwarding').status).toBe('met');
    const result = commitment(forwarded, 'handler_result');
    const dueAt = Date.parse(result.dueAt!);
    expect(dueAt).toBe(calendar.addWorkingTime(Date.parse(result.startedAt), 2 * 9.5 * HOUR_MS).getTime());

    await env.sleep(dueAt - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(() =>
      expect(stepsOf(handle.workflowId, 'handler_result')).toEqual(['warn', 'breach', 'chase', 'apologise']),
    );
    const [chase, apology] = records.ladder(handle.workflowId).filter((s) => s.action === 'notify');
    expect(chase).toMatchObject({ target: 'hotline', template: 'chase_handler' });
    expect(apology).toMatchObject({ target: 'customer', template: 'delay_apology' });
    const notices = records.timeline(handle.workflowId).filter((e) => e.type === 'notification');
    expect(notices.map((e) => e.summary)).toEqual([
      `Hotline asked to chase the handler: the result was due ${timelineTime(dueAt)}`,
      `Customer told, with an apology, that the case is in progress (handler result was due ${timelineTime(dueAt)})`,
    ]);

    const back = await act(handle, 'return-result', { result: 'replace the fuser unit' });
    expect(back.state).toBe('in_progress');
    expect(commitment(back, 'handler_result')).toMatchObject({ status: 'met', breached: true });
  });

  it('cancelling a case cancels every commitment and ends the workflow', async () => {
    const handle = await openCase(caseInput());
    await act(handle, 'cancel', { reason: 'customer withdrew the request' });
    const final = await handle.result();
    expect(final.state).toBe('cancelled');
    expect(final.commitments.map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
    expect(records.timeline(handle.workflowId).at(-1)!.summary).toBe(
      'Cancelled by op7: customer withdrew the request',
    );
  });
});

// ── the customer's test ───────────────────────────────────────────────────────────────────────────────

describe('customer test', () => {
  async function caseAwaitingTheCustomer() {
    const handle = await openCase(caseInput());
    await act(handle, 'assign', { assigneeId: 'eng-wang' });
    await act(handle, 'start', {});
    const view = await act(handle, 'request-customer-test', {
      instructions: 'print 10 pages and report back',
    });
    expect(view.state).toBe('awaiting_customer');
    return { handle, view };
  }

  it("the customer's silence for 24 h resolves the case as resolved_by_silence, visibly", async () => {
    const { handle, view } = await caseAwaitingTheCustomer();
    const test = commitment(view, 'customer_test');
    expect(Date.parse(test.dueAt!) - Date.parse(test.startedAt)).toBe(24 * HOUR_MS);
    await env.sleep(24 * HOUR_MS + MINUTE_MS);
    await eventually(async () =>
      expect(await handle.query(caseViewQuery)).toMatchObject({
        state: 'resolved',
        resolution: 'resolved_by_silence',
      }),
    );
    const resolved = records.timeline(handle.workflowId).find((e) => e.type === 'resolved')!;
    expect(resolved).toMatchObject({ actor: 'system', data: { resolution: 'resolved_by_silence' } });
    expect(resolved.summary).toMatch(/^No reply from the customer within 24 h: resolved by silence/);
    expect(stepsOf(handle.workflowId, 'customer_test')).toEqual(['remind_customer']);
    expect(commitment(await handle.query(caseViewQuery), 'customer_test').status).toBe('cancelled');
  });

  it('a customer reporting that the fix works resolves the case', async () => {
    const { handle } = await caseAwaitingTheCustomer();
    const view = await act(handle, 'record-test-result', { works: true });
    expect(view).toMatchObject({ state: 'resolved', resolution: 'resolved' });
    expect(commitment(view, 'customer_test').status).toBe('met');
    expect(types(handle.workflowId).slice(-2)).toEqual(['test_result_recorded', 'resolved']);
  });

  it("while the customer tests a fix the reopened case's resolution clock stops, and resumes with the budget it had left", async () => {
    const handle = await openCase(caseInput());
    await act(handle, 'resolve', { summary: 'explained the paper settings' });
    await act(handle, 'reopen', { reason: 'jams again' });
    await act(handle, 'start', {});
    const waiting = await act(handle, 'request-customer-test', { instructions: 'try the new tray' });
    const paused = commitment(waiting, 'resolution#1');
    expect(paused.status).toBe('paused');
    expect(paused.dueAt).toBeUndefined();

    await env.sleep(5 * HOUR_MS);
    expect(commitment(await handle.query(caseViewQuery), 'resolution#1').remainingMs).toBe(
      paused.remainingMs,
    );

    const back = await act(handle, 'record-test-result', { works: false, note: 'still jams' });
    expect(back.state).toBe('in_progress');
    const resumed = commitment(back, 'resolution#1');
    expect(resumed.status).toBe('running');
    // Due exactly the paused budget after the moment it resumed (the 5 h waited do not count).
    expect(Date.parse(resumed.dueAt!) - Date.parse(back.updatedAt)).toBe(paused.remainingMs);
    expect(commitment(back, 'first_contact').status).not.toBe('paused'); // someone still has to call
  });
});

// ── resolution and callbacks ──────────────────────────────────────────────────────────────────────────

describe('after resolution', () => {
  async function resolvedCase(kind: CaseIntake['kind'] = 'service_request') {
    const handle = await openCase(caseInput({ kind }));
    await act(handle, 'assign', { assigneeId: 'eng-wang' });
    const view = await act(handle, 'resolve', { summary: 'replaced the roller', faultGrade: 'B' });
    return { handle, view, resolvedAt: Date.parse(view.resolvedAt!) };
  }

  /** The callback's work-queue row as its last write left it. */
  const row = (callback: WorkflowHandle) => queue.lastTask(callback.workflowId.replace(/^callback-/, ''));

  it('a service request resolved on the call is answered_on_call and its forwarding promise no longer applies', async () => {
    const handle = await openCase(caseInput());
    const view = await act(handle, 'resolve', { summary: 'reset the printer on the call' });
    expect(view).toMatchObject({ state: 'resolved', resolution: 'answered_on_call' });
    expect(commitment(view, 'forwarding').status).toBe('cancelled');
    expect(commitment(view, 'first_contact').status).toBe('met');
  });

  it('resolving starts the level-1 confirmation as a callback workflow due in 2 working hours, and sends the survey 1 h later', async () => {
    const { handle, view, resolvedAt } = await resolvedCase();
    const level1 = ownCallback(view, 1);
    const dueAt = calendar.addWorkingTime(resolvedAt, 2 * HOUR_MS).getTime();
    // Its commitment starts once it has written its row and has its assignee.
    const callback = await eventually(async () => {
      const answer = await level1.query(callbackViewQuery);
      expect(answer.dueAt).toBeDefined();
      return answer;
    });
    expect(callback).toMatchObject({
      callbackId: `L1-${view.number}-1`,
      level: 1,
      caseNumber: view.number,
      state: 'open',
      startsAt: iso(resolvedAt),
      dueAt: iso(dueAt),
      maxAttempts: 3, // the sampling settings' default
    });
    // The callback owns the promise: the case's own commitments no longer carry it, its timeline names it.
    expect(view.commitments.map((c) => c.kind)).not.toContain('callback_level1');
    const resolved = records.timeline(handle.workflowId).at(-1)!;
    expect(resolved.summary).toBe(
      `Resolved by op7: replaced the roller (fault grade B); level-1 confirmation call due ${timelineTime(dueAt)} (callback L1-${view.number}-1)`,
    );
    expect(resolved.data).toMatchObject({
      callbacks: [
        { callbackId: `L1-${view.number}-1`, level: 1, dueAt: iso(dueAt) },
        { callbackId: `L2-${view.number}-1`, level: 2 },
      ],
    });
    // On the work queue, assigned to the quality desk, rating the engineer who served the case.
    await eventually(() =>
      expect(row(level1)).toMatchObject({
        level: 1,
        state: 'open',
        assigneeStaffId: 'qa-chen',
        engineerStaffId: 'eng-wang',
      }),
    );
    await env.sleep(HOUR_MS + MINUTE_MS);
    await eventually(() => expect(types(handle.workflowId)).toContain('survey_sent'));
    const toCustomer = records.notifications.filter((n) => n.caseNumber === view.number);
    // The case number at intake, thanks at resolution, then the survey an hour later: each once.
    expect(toCustomer).toEqual([
      expect.objectContaining({
        template: 'intake_acknowledgement',
        idempotencyKey: `${handle.workflowId}:intake`,
      }),
      expect.objectContaining({
        template: 'resolution_thanks',
        idempotencyKey: `${handle.workflowId}:resolved:0`,
      }),
      expect.objectContaining({ template: 'survey', idempotencyKey: `${handle.workflowId}:survey:0` }),
    ]);
  });

  it('the level-2 callback waits, pending, until 48 h after resolution, then is open and due a working day later', async () => {
    const { handle, view, resolvedAt } = await resolvedCase();
    const level2 = ownCallback(view, 2);
    const startsAt = resolvedAt + 48 * HOUR_MS;
    expect(await level2.query(callbackViewQuery)).toMatchObject({
      state: 'pending',
      startsAt: iso(startsAt),
    });
    await env.sleep(48 * HOUR_MS + MINUTE_MS);
    await eventually(() => expect(types(handle.workflowId)).toContain('callback_due'));
    const callback = await level2.query(callbackViewQuery);
    expect(callback.state).toBe('open');
    expect(callback.dueAt).toBe(
      iso(
        calendar
          .addWorkingTime(startsAt, budgetMs({ amount: 1, unit: 'days' }, 'working', calendar))
          .getTime(),
      ),
    );
    expect(records.timeline(handle.workflowId).at(-1)!.summary).toBe(
      `Level-2 callback L2-${view.number}-1 open: call the customer by ${timelineTime(Date.parse(callback.dueAt!))}`,
    );
  });

  it('a satisfied level-2 callback closes the case and the workflow returns the final view', async () => {
    const { handle, view } = await resolvedCase();
    await attempt(ownCallback(view, 1), { reached: true, satisfaction: 5 });
    await eventually(() =>
      expect(records.timeline(handle.workflowId).at(-1)!.summary).toBe(
        `Level-1 callback L1-${view.number}-1 by qa1: satisfied (5/5)`,
      ),
    );
    await env.sleep(48 * HOUR_MS + MINUTE_MS);
    await eventually(() => expect(types(handle.workflowId)).toContain('callback_due'));
    await attempt(ownCallback(view, 2), { reached: true, satisfaction: 4, remarks: 'works fine' });
    const final = await handle.result();
    expect(final.state).toBe('closed');
    expect(records.timeline(handle.workflowId).at(-1)).toMatchObject({
      type: 'closed',
      summary: `Closed: Level-2 callback L2-${view.number}-1 by qa1: satisfied (4/5) — “works fine”`,
    });
    expect(row(ownCallback(view, 1))).toMatchObject({ state: 'done', outcome: 'satisfied' });
    expect(row(ownCallback(view, 2))).toMatchObject({ state: 'done', outcome: 'satisfied', satisfaction: 4 });
  });

  it('an unsatisfied level-2 callback reopens the case with a 2-day resolution commitment and ends the round’s other callback', async () => {
    const { handle, view: resolved } = await resolvedCase();
    await env.sleep(48 * HOUR_MS + MINUTE_MS);
    await eventually(() => expect(types(handle.workflowId)).toContain('callback_due'));
    await attempt(ownCallback(resolved, 2), { reached: true, satisfaction: 2, remarks: 'jams again' });
    const view = await handle.query(caseViewQuery);
    expect(view).toMatchObject({ state: 'reopened', reopenCount: 1 });
    expect(view.resolution).toBeUndefined();
    const resolution = commitment(view, 'resolution#1');
    expect(Date.parse(resolution.dueAt!) - Date.parse(resolution.startedAt)).toBe(2 * DAY_MS);
    expect(records.timeline(handle.workflowId).at(-1)).toMatchObject({
      type: 'reopened',
      data: expect.objectContaining({ callbackLevel: 2, callbackId: `L2-${view.number}-1` }),
    });
    expect(view.allowedActions).toContain('assign');
    // Nobody calls the customer about the superseded resolution: the level-1 callback (never made) ends.
    expect(await ownCallback(view, 1).result()).toMatchObject({ state: 'cancelled' });
    expect(row(ownCallback(view, 1))).toMatchObject({ state: 'cancelled' });
  });

  it('an extremely dissatisfied customer at the level-1 callback reopens the case and raises one complaint, named on its timeline', async () => {
    const { handle, view: resolved } = await resolvedCase();
    const callback = await attempt(ownCallback(resolved, 1), {
      reached: true,
      satisfaction: 3,
      extremelyDissatisfied: true,
    });
    // Keyed as when the case raised it itself: once per case, level and round.
    const complaintId = `complaint-case-${resolved.number}-callback-1-1`;
    expect(callback).toMatchObject({
      state: 'done',
      outcome: 'not_satisfied',
      complaintWorkflowId: complaintId,
    });
    await eventually(() =>
      expect(types(handle.workflowId).slice(-2)).toEqual(['reopened', 'complaint_requested']),
    );
    const requested = records.timeline(handle.workflowId).at(-1)!;
    expect(requested.data).toMatchObject({ complaintWorkflowId: complaintId });
    expect(requested.summary).toContain(`Complaint ${complaintId} raised`);
    // Exactly once: the callback started it; the case only names it.
    const starts = async (workflowId: string) =>
      (await env.client.workflow.getHandle(workflowId).fetchHistory()).events!.filter(
        (e) =>
          e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name === 'complaintWorkflow',
      ).length;
    expect(await starts(handle.workflowId)).toBe(0);
    expect(await starts(ownCallback(resolved, 1).workflowId)).toBe(1);
    // This worker has no complaint activities (complaint.workflow-spec covers the complaint itself).
    await env.client.workflow.getHandle(complaintId).terminate('test over');
    // The reopened round does not carry this round's level-2 callback.
    expect(await ownCallback(resolved, 2).result()).toMatchObject({ state: 'cancelled' });
    await env.sleep(48 * HOUR_MS + MINUTE_MS);
    expect(types(handle.workflowId)).not.toContain('callback_due');
  });

  it('a customer not reached is tried again; unreachable at level 1 is noted, unreachable at level 2 closes the case', async () => {
    const { handle, view } = await resolvedCase();
    const level1 = ownCallback(view, 1);
    const first = await attempt(level1, { reached: false });
    expect(first).toMatchObject({ state: 'retry_scheduled', attempts: 1 });
    expect((await handle.query(caseViewQuery)).state).toBe('resolved');
    await attempt(level1, { reached: false });
    expect(await attempt(level1, { reached: false })).toMatchObject({ state: 'unreachable' });
    await eventually(() =>
      expect(records.timeline(handle.workflowId).at(-1)!.summary).toBe(
        `Level-1 callback L1-${view.number}-1 by qa1: the customer could not be reached (3 attempts)`,
      ),
    );
    expect((await handle.query(caseViewQuery)).state).toBe('resolved');
    const level2 = ownCallback(view, 2);
    // Level 2 is called from its 48 h point (before it, a call is refused).
    await env.sleep(48 * HOUR_MS + MINUTE_MS);
    await eventually(() => expect(types(handle.workflowId)).toContain('callback_due'));
    for (let n = 0; n < 3; n++) await attempt(level2, { reached: false });
    expect((await handle.result()).state).toBe('closed');
    expect(records.timeline(handle.workflowId).at(-1)!.summary).toBe(
      `Closed: Level-2 callback L2-${view.number}-1 by qa1: the customer could not be reached (3 attempts)`,
    );
  });

  it('a reopen by hand ends the round’s open callbacks; the next resolution starts the next round’s', async () => {
    const { handle, view } = await resolvedCase();
    await act(handle, 'reopen', { reason: 'the customer called: still jams' }, QUALITY);
    expect(await ownCallback(view, 1).result()).toMatchObject({ state: 'cancelled', attempts: 0 });
    expect(await ownCallback(view, 2).result()).toMatchObject({ state: 'cancelled' });
    await eventually(() => expect(row(ownCallback(view, 2))?.state).toBe('cancelled'));
    // A call on a cancelled callback is refused (the API answers 409).
    await expect(attempt(ownCallback(view, 1), { reached: false })).rejects.toThrow();
    await act(handle, 'resolve', { summary: 'replaced the tray' });
    expect(await ownCallback(view, 1, 2).query(callbackViewQuery)).toMatchObject({
      state: 'open',
      attempts: 0,
    });
  });

  it('the case refuses a level-1/2 call recorded on itself, naming the callback that takes it', async () => {
    const { handle, view } = await resolvedCase();
    const length = records.timeline(handle.workflowId).length;
    const failure = await updateFailure(callback(handle, { level: 1, reached: true, satisfaction: 5 }));
    expect(failure.type).toBe('INVALID_STATE');
    expect(failure.message).toContain(`POST /api/callbacks/L1-${view.number}-1/attempts`);
    expect(records.timeline(handle.workflowId)).toHaveLength(length);
  });

  it('a callback on a case that is not resolved is refused', async () => {
    const handle = await openCase(caseInput());
    const failure = await updateFailure(callback(handle, { level: 1, reached: true, satisfaction: 5 }));
    expect(failure.type).toBe('INVALID_STATE');
  });

  it('a resolved inquiry closes 48 h after the answer: its policy asks for no callbacks', async () => {
    const { handle, view } = await resolvedCase('inquiry');
    expect(commitment(view, 'inquiry_answer').status).toBe('met');
    expect(view.commitments.map((c) => c.kind)).toEqual(['inquiry_answer']);
    await env.sleep(48 * HOUR_MS + MINUTE_MS);
    const final = await handle.result();
    expect(final.state).toBe('closed');
    expect(queue.tasks.filter((t) => t.caseNumber === view.number)).toEqual([]);
  });
});

// ── replay ────────────────────────────────────────────────────────────────────────────────────────────

describe('replay', () => {
  it('a whole case, from the call to the level-2 callback, replays from its recorded history', async () => {
    const start = await skipToNextWorkingMorning();
    const handle = await openCase(caseInput({ receivedAt: iso(start) }));
    await env.sleep(3 * HOUR_MS); // let the first-contact and forwarding ladders fire
    await act(handle, 'forward', { department: 'tech_support' });
    await act(handle, 'return-result', { result: 'a firmware fix' });
    await act(handle, 'assign', { assigneeId: 'eng-wang' });
    await act(handle, 'contact', {});
    await act(handle, 'request-customer-test', { instructions: 'update the firmware' });
    await handle.signal(policyChangedSignal, {
      policy: policyWith('customer_test', { amount: 12, unit: 'hours' }),
      calendars: [DEFAULT_CALENDAR],
      by: ADMIN,
    });
    const resolved = await act(handle, 'record-test-result', { works: true });
    await attempt(ownCallback(resolved, 1), { reached: false });
    await attempt(ownCallback(resolved, 1), { reached: true, satisfaction: 4 });
    await env.sleep(48 * HOUR_MS + MINUTE_MS);
    await eventually(() => expect(types(handle.workflowId)).toContain('callback_due'));
    await attempt(ownCallback(resolved, 2), { reached: true, satisfaction: 5 });
    expect((await handle.result()).state).toBe('closed');

    const history = await handle.fetchHistory();
    expect(history.events!.length).toBeLessThan(300);
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      history,
      handle.workflowId,
    );
    // The callbacks' own histories (a retry, the outcome signalled to the case) replay too.
    for (const level of [1, 2] as const) {
      const callback = ownCallback(resolved, level);
      await Worker.runReplayHistory(
        { workflowBundle: await workflowBundle(WORKFLOWS) },
        await callback.fetchHistory(),
        callback.workflowId,
      );
    }
  });

  it('a case whose callbacks were recorded on the case itself (before they were workflows) replays unchanged', async () => {
    // Recorded by the workflow as it was before levels 1 and 2 became callback workflows: two rounds
    // (a level-2 callback not satisfied reopens, the next round closes), every callback a `recordCallback`
    // update and a commitment of the case, no child workflow. The patch keeps such rounds as they were.
    const file = path.join(__dirname, 'histories', 'service-request-callbacks-in-case.history.json');
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')));
    const types = history.events.map((e) => temporal.api.enums.v1.EventType[e.eventType!]);
    expect(types.filter((t) => t === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED')).toHaveLength(8);
    expect(types).not.toContain('EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED');
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      history,
      'service-request-callbacks-in-case',
    );
  });

  it('a case whose ladder steps wrote their timeline entries separately replays unchanged', async () => {
    // Recorded (same flow as the first test) by the workflow as it was before a step and its entry became
    // one record: each step a fireLadderStep local activity followed by a recordCaseEvent one. The patch
    // keeps such steps as they were when they replay.
    const file = path.join(__dirname, 'histories', 'service-request-steps-before-entries.history.json');
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')));
    const localActivities = history.events
      .map((e) => e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data)
      .filter((data): data is Uint8Array => !!data)
      .map((data) => (JSON.parse(Buffer.from(data).toString()) as { activity_type?: string }).activity_type);
    expect(localActivities.filter((type) => type === 'fireLadderStep')).toHaveLength(5);
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      history,
      'service-request-steps-before-entries',
    );
  });

  it('a case whose record the database refused (written again storable, behind its patch) replays', async () => {
    // Recorded by service-request-records.workflow-spec.ts ("a NUL byte"): the first timeline write failed
    // with DATA_REJECTED, the patch marker, the storable write, an assignment, then the test's terminate.
    const file = path.join(__dirname, 'histories', 'service-request-refused-record.history.json');
    const text = fs.readFileSync(file, 'utf8');
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(text));
    const patches = history.events
      .map((e) => e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data)
      .filter((data): data is Uint8Array => !!data)
      .map((data) => (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id);
    expect(patches).toEqual(
      expect.arrayContaining([
        'record-retries-wait-on-a-timer',
        'records-the-database-refused-written-storable',
      ]),
    );
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      history,
      'service-request-refused-record',
    );
  });

  it('a case recorded while its records were ordinary activities replays unchanged under today’s code', async () => {
    // Recorded (same flow as above) by the workflow as it was before its records became local activities:
    // every timeline write an ACTIVITY_TASK_SCHEDULED, no patch marker. The patch keeps such cases on
    // ordinary activities, so a case running across the upgrade does not fail on non-determinism.
    const file = path.join(__dirname, 'histories', 'service-request-remote-records.history.json');
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')));
    const types = history.events.map((e) => temporal.api.enums.v1.EventType[e.eventType!]);
    expect(types.filter((t) => t === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED').length).toBeGreaterThan(20);
    expect(types).not.toContain('EVENT_TYPE_MARKER_RECORDED');
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      history,
      'service-request-remote-records',
    );
  });
});

// ── helpers that need the calendar ────────────────────────────────────────────────────────────────────

/** DEFAULT_POLICY as version 2, with one commitment's budget changed. */
function policyWith(
  kind: string,
  budget: { amount: number; unit: 'minutes' | 'hours' | 'days' },
): PolicyVersion {
  return {
    ...DEFAULT_POLICY,
    version: 2,
    rules: DEFAULT_POLICY.rules.map((rule) => ({
      ...rule,
      commitments: rule.commitments.map((c) => (c.kind === kind ? { ...c, budget } : c)),
    })),
  };
}

/** As the workflow writes times in summaries: local wall-clock time in Asia/Shanghai, naming the zone. */
function timelineTime(ms: number): string {
  return `${new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 16).replace('T', ' ')} (Asia/Shanghai)`;
}
