// Real-time twins of the rules the workflow tests prove with time skipping: the same workflows, on a server
// with a wall clock and a policy whose budgets are seconds. In `npm test` they run on Caseflow's dev server
// (not time skipping); in `npm run test:real-temporal` on Temporal Server itself ($CASEFLOW_TEMPORAL_CLI),
// so a rule that holds only on the dev server's clock fails there. Activities are the in-memory fakes the
// time-skipping tests use.
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type {
  ActionArgs,
  Actor,
  CaseAction,
  CaseView,
  CommitmentSummary,
  ComplaintAction,
  ComplaintActionArgs,
  ComplaintView,
} from '@caseflow/domain';
import { caseWorkflowId, complaintWorkflowId, WORKFLOW_TYPES } from '@caseflow/domain';
import {
  DEFAULT_CALENDAR,
  DEFAULT_CALENDAR_ID,
  DEFAULT_POLICY,
  type Budget,
  type CommitmentDefinition,
  type LadderStep,
  type PolicyVersion,
} from '@caseflow/sla';
import { createTestEnvironment, onRealTemporal, workflowBundle } from '@caseflow/temporal/testing';
import { callbackViewQuery } from '../callback-messages';
import {
  complaintActionUpdate,
  complaintOpenedUpdate,
  complaintViewQuery,
  type ComplaintActionRequest,
} from '../complaint-messages';
import {
  caseActionUpdate,
  caseViewQuery,
  policyChangedSignal,
  type CaseActionRequest,
  type CaseWorkflowInput,
} from '../messages';
import type { complaintWorkflow } from '../complaint.workflow';
import type { serviceRequestWorkflow } from '../service-request.workflow';
import { FakeCallbackActivities } from './callback-fakes';
import { FakeCaseRecords } from './fake-case-records';
import { COMPLAINT_POLICY, FakeComplaintRecords } from './fake-complaint-records';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'real-time-spec';
const SERVER = onRealTemporal() ? 'Temporal Server' : 'the dev server';

const OPERATOR: Actor = { userId: 'u-op7', username: 'op7' };
const ADMIN: Actor = { userId: 'u-admin', username: 'admin' };

const SECOND = 1000;
/** A budget of so many seconds, in the policy's smallest unit. */
const seconds = (s: number): Budget => ({ amount: s / 60, unit: 'minutes' });

/** The standard ladder, on the wall clock: remind at 75 %, breach at 100 %, escalate `escalateAfter` s later. */
function ladder(escalateAfter: number, extra: LadderStep[] = []): LadderStep[] {
  return [
    { id: 'warn', fraction: 0.75, action: 'remind', target: 'assignee', waitForWorkingHours: false },
    { id: 'breach', fraction: 1, action: 'breach', target: 'supervisor', waitForWorkingHours: false },
    ...extra,
    {
      id: 'escalate',
      fraction: 1,
      delay: seconds(escalateAfter),
      delayClock: 'calendar',
      action: 'escalate',
      target: 'manager',
      waitForWorkingHours: false,
    },
  ];
}

const promise = (kind: string, budget: Budget, steps: LadderStep[] = ladder(1)): CommitmentDefinition => ({
  kind,
  budget,
  clock: 'calendar',
  calendarId: DEFAULT_CALENDAR_ID,
  ladder: steps,
});

/** The default policy's promises with second-scale budgets on the calendar clock (night and day alike). */
function secondsPolicy(version = 1, overrides: Partial<Record<string, Budget>> = {}): PolicyVersion {
  const budget = (kind: string, fallback: Budget) => overrides[kind] ?? fallback;
  const far = { amount: 1, unit: 'days' } as const; // not due while a test runs
  return {
    policyId: 'real-time',
    version,
    rules: [
      {
        match: { caseKind: 'service_request' },
        commitments: [
          promise('first_contact', budget('first_contact', seconds(4))),
          promise('forwarding', budget('forwarding', far)),
          promise('handler_result', budget('handler_result', far)),
          promise('customer_test', budget('customer_test', seconds(3)), [
            {
              id: 'remind_customer',
              fraction: 0.75,
              action: 'notify',
              target: 'customer',
              template: 'test_reminder',
              waitForWorkingHours: false,
            },
          ]),
          promise('resolution', budget('resolution', far)),
          promise('callback_level1', far),
          promise('callback_level2', far),
        ],
      },
    ],
  };
}

/** The service procedure's "survey 1 h after service" and "level-2 callback 48 h after", in seconds. */
const SCHEDULE = { surveyAfterMs: 2 * SECOND, level2CallbackAfterMs: 4 * SECOND };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const records = new FakeCaseRecords();
const queue = new FakeCallbackActivities();
const complaints = new FakeComplaintRecords();
const opened: WorkflowHandle[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    // Both fakes send messages to customers: the case records' copy keeps them.
    activities: { ...complaints.activities, ...records.activities, ...queue.activities },
  });
  running = worker.run();
});

afterEach(async () => {
  const handles = opened.splice(0).flatMap((h) => {
    if (!h.workflowId.startsWith('case-')) return [h];
    const number = h.workflowId.replace(/^case-/, '');
    const callbacks = [1, 2].map((level) => `callback-L${level}-${number}-1`);
    return [h, ...callbacks.map((id) => env.client.workflow.getHandle(id))];
  });
  await Promise.all(handles.map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

let serial = 0;
/** Case numbers unique across runs on one standing server too. */
const nextCaseNumber = () => `20261207-09-${process.pid}${String(++serial).padStart(4, '0')}`;

async function openCase(
  policy = secondsPolicy(),
  number = nextCaseNumber(),
): Promise<WorkflowHandle<typeof serviceRequestWorkflow>> {
  const input: CaseWorkflowInput = {
    intake: {
      number,
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      dispatched: false,
      receivedAt: new Date().toISOString(),
      customer: { name: 'Li Lei', phone: '+8613800138000', tier: 'standard' },
      product: 'Printer X200',
      description: 'Paper jam on every print',
      branchId: 'branch-sh',
      operator: { ...OPERATOR, operatorNo: 9 },
    },
    policy,
    calendars: [DEFAULT_CALENDAR],
    schedule: SCHEDULE,
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
  await eventually(() => expect(records.timeline(handle.workflowId)).not.toHaveLength(0));
  return handle;
}

function act<A extends CaseAction>(
  handle: WorkflowHandle,
  action: A,
  args: ActionArgs[A],
): Promise<CaseView> {
  return handle.executeUpdate(caseActionUpdate, {
    args: [{ action, args, actor: OPERATOR } as CaseActionRequest],
  });
}

function commitment(view: CaseView, id: string): CommitmentSummary {
  const found = view.commitments.find((c) => c.id === id);
  if (!found) throw new Error(`no commitment '${id}' in ${view.commitments.map((c) => c.id).join(', ')}`);
  return found;
}

async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The history this server wrote replays on today's workflow code (the worker's own determinism check). */
async function replays(handle: WorkflowHandle): Promise<void> {
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory(
    { workflowBundle: await workflowBundle(WORKFLOWS) },
    history,
    handle.workflowId,
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const types = (workflowId: string) => records.timeline(workflowId).map((e) => e.type);
const steps = (workflowId: string, commitmentId: string) =>
  records.ladder(workflowId).filter((s) => s.commitmentId === commitmentId);

describe(`in real time, on ${SERVER}`, () => {
  it('the escalation ladder fires each step once, never before it is due, even when a step is retried', async () => {
    const number = nextCaseNumber();
    records.failFirstAttempt.add(`case-${number}/first_contact/breach`);
    const handle = await openCase(secondsPolicy(), number);
    // 4 s budget: warn at 3 s, breach at 4 s, escalate 1 s later.
    await eventually(() =>
      expect(steps(handle.workflowId, 'first_contact').map((s) => s.stepId)).toEqual([
        'warn',
        'breach',
        'escalate',
      ]),
    );
    for (const step of steps(handle.workflowId, 'first_contact'))
      expect(Date.parse(step.firedAt)).toBeGreaterThanOrEqual(Date.parse(step.dueAt));
    const attempts = records.ladderAttempts.filter(
      (s) => s.workflowId === handle.workflowId && s.stepId === 'breach',
    );
    expect(attempts).toHaveLength(2); // the failed attempt and its retry, one step
    await pause(2 * SECOND);
    expect(steps(handle.workflowId, 'first_contact')).toHaveLength(3);
    const breaches = records
      .timeline(handle.workflowId)
      .filter((e) => e.type === 'commitment_breached' && e.data?.commitmentId === 'first_contact');
    expect(breaches).toHaveLength(1);
    expect(commitment(await handle.query(caseViewQuery), 'first_contact').breached).toBe(true);
    await replays(handle);
  });

  it("the customer's silence through the test budget resolves the case as resolved_by_silence, after one reminder", async () => {
    const handle = await openCase();
    await act(handle, 'assign', { assigneeId: 'eng-wang' });
    await act(handle, 'start', {});
    const waiting = await act(handle, 'request-customer-test', { instructions: 'print 10 pages' });
    expect(waiting.state).toBe('awaiting_customer');
    const test = commitment(waiting, 'customer_test');
    await eventually(async () =>
      expect(await handle.query(caseViewQuery)).toMatchObject({
        state: 'resolved',
        resolution: 'resolved_by_silence',
      }),
    );
    // The state changes first; its timeline entry is written by the activity that follows.
    const resolved = await eventually(() => {
      const entry = records.timeline(handle.workflowId).find((e) => e.type === 'resolved');
      expect(entry).toBeDefined();
      return entry!;
    });
    expect(resolved).toMatchObject({ actor: 'system', data: { resolution: 'resolved_by_silence' } });
    expect(Date.parse(resolved.at)).toBeGreaterThanOrEqual(Date.parse(test.dueAt!));
    expect(steps(handle.workflowId, 'customer_test').map((s) => s.stepId)).toEqual(['remind_customer']);
  });

  it('after resolution the level-1 callback starts at once, the survey follows at its hour and the level-2 callback opens at its 48 h', async () => {
    const handle = await openCase();
    await act(handle, 'assign', { assigneeId: 'eng-wang' });
    const view = await act(handle, 'resolve', { summary: 'replaced the roller', faultGrade: 'B' });
    const resolvedAt = Date.parse(view.resolvedAt!);
    const level1 = env.client.workflow.getHandle(`callback-L1-${view.number}-1`);
    const level2 = env.client.workflow.getHandle(`callback-L2-${view.number}-1`);
    await eventually(async () => expect((await level1.query(callbackViewQuery)).state).toBe('open'));
    expect(await level2.query(callbackViewQuery)).toMatchObject({ state: 'pending' });

    await eventually(() => expect(types(handle.workflowId)).toContain('survey_sent'));
    const survey = records.timeline(handle.workflowId).find((e) => e.type === 'survey_sent')!;
    expect(Date.parse(survey.at) - resolvedAt).toBeGreaterThanOrEqual(SCHEDULE.surveyAfterMs);

    await eventually(() => expect(types(handle.workflowId)).toContain('callback_due'));
    const due = records.timeline(handle.workflowId).find((e) => e.type === 'callback_due')!;
    expect(Date.parse(due.at) - resolvedAt).toBeGreaterThanOrEqual(SCHEDULE.level2CallbackAfterMs);
    expect((await level2.query(callbackViewQuery)).state).toBe('open');
    expect(
      records.notifications.filter((n) => n.template === 'survey' && n.caseNumber === view.number),
    ).toHaveLength(1);
    await replays(handle);
    await replays(level1);
  });

  it('a new policy version re-plans a running promise from its start and fires no step twice', async () => {
    const handle = await openCase(secondsPolicy(1, { first_contact: seconds(4) }));
    // Warned at 3 s; then the budget grows to 8 s: breach moves to 8 s after the start, warn stays fired.
    await eventually(() =>
      expect(steps(handle.workflowId, 'first_contact').map((s) => s.stepId)).toEqual(['warn']),
    );
    const before = commitment(await handle.query(caseViewQuery), 'first_contact');
    await handle.signal(policyChangedSignal, {
      policy: secondsPolicy(2, { first_contact: seconds(8) }),
      calendars: [DEFAULT_CALENDAR],
      by: ADMIN,
    });
    const after = await eventually(async () => {
      const c = commitment(await handle.query(caseViewQuery), 'first_contact');
      expect(c.policyVersion).toBe(2);
      return c;
    });
    expect(Date.parse(after.dueAt!) - Date.parse(before.startedAt)).toBe(8 * SECOND);
    expect(types(handle.workflowId)).toContain('commitment_replanned');
    await eventually(() =>
      expect(steps(handle.workflowId, 'first_contact').map((s) => s.stepId)).toEqual([
        'warn',
        'breach',
        'escalate',
      ]),
    );
    const breach = steps(handle.workflowId, 'first_contact').find((s) => s.stepId === 'breach')!;
    expect(breach.dueAt).toBe(after.dueAt);
    expect(Date.parse(breach.firedAt)).toBeGreaterThanOrEqual(Date.parse(after.dueAt!));
    await replays(handle);
  });
});

/** The seeded complaint policy with every promise a day away, but the supervisor's acknowledgement: 3 s. */
function secondsComplaintPolicy(): PolicyVersion {
  return {
    ...COMPLAINT_POLICY,
    policyId: 'real-time-complaints',
    rules: COMPLAINT_POLICY.rules.map((rule) => ({
      ...rule,
      commitments: rule.commitments.map((c) =>
        c.kind === 'complaint_acknowledge'
          ? promise(c.kind, seconds(3))
          : promise(c.kind, { amount: 1, unit: 'days' }),
      ),
    })),
  };
}

describe(`complaint rounds in real time, on ${SERVER}`, () => {
  let keys = 0;
  const SUPERVISOR: Actor = { userId: 'u-sup', username: 'sup-li' };

  function complaintAct<A extends ComplaintAction>(
    handle: WorkflowHandle,
    action: A,
    args: ComplaintActionArgs[A],
  ): Promise<ComplaintView> {
    return handle.executeUpdate(complaintActionUpdate, {
      args: [{ action, args, actor: SUPERVISOR } as ComplaintActionRequest],
    });
  }

  const complaintSteps = (workflowId: string, commitmentId: string) =>
    complaints.steps
      .filter((s) => s.workflowId === workflowId && s.commitmentId === commitmentId)
      .map((s) => s.stepId);

  it("an unsatisfied callback starts round 2, whose fresh promises climb on the clock; round 1's met ones stay quiet", async () => {
    complaints.policy = secondsComplaintPolicy();
    const handle = await env.client.workflow.start<typeof complaintWorkflow>(WORKFLOW_TYPES.complaint, {
      taskQueue,
      workflowId: complaintWorkflowId(`real-time-${process.pid}-${++keys}`),
      args: [
        {
          intake: {
            source: 'web',
            category: 'service',
            complexity: 'simple',
            customer: { name: 'Han Mei', phone: '+8613900139000', tier: 'standard' },
            description: 'The engineer was rude',
            branchId: 'branch-sh',
            receivedAt: new Date().toISOString(),
            raisedBy: OPERATOR,
          },
        },
      ],
    });
    opened.push(handle);
    await handle.executeUpdate(complaintOpenedUpdate);
    // Round 1, worked within its limits.
    await complaintAct(handle, 'acknowledge', {});
    await complaintAct(handle, 'promise-answer', { answer: 'A new engineer, free of charge' });
    await complaintAct(handle, 'contact', { note: 'called the customer' });
    await complaintAct(handle, 'deliver-result', { result: 'Repaired, apology delivered', inPerson: true });
    await complaintAct(handle, 'report', { cause: 'Temper', actionTaken: 'Retrained', staffInvolved: [] });
    const second = await complaintAct(handle, 'record-callback', {
      satisfied: false,
      remarks: 'still broken',
    });
    expect(second).toMatchObject({ state: 'forwarded', round: 2 });

    // Nobody acknowledges round 2: reminded at 2.25 s, breached at 3 s, the manager 1 s later.
    await eventually(() =>
      expect(complaintSteps(handle.workflowId, 'complaint_acknowledge#2')).toEqual([
        'warn',
        'breach',
        'escalate',
      ]),
    );
    await pause(SECOND);
    expect(complaintSteps(handle.workflowId, 'complaint_acknowledge#2')).toHaveLength(3);
    expect(complaintSteps(handle.workflowId, 'complaint_acknowledge#1')).toEqual([]);
    const v = (await handle.query(complaintViewQuery))!;
    expect(v.commitments.find((c) => c.id === 'complaint_acknowledge#2')).toMatchObject({
      status: 'running',
      breached: true,
    });
    await replays(handle);
  });
});

// The default policy is the one these budgets mirror: a kind renamed there must be renamed here.
it('the seconds policy covers every promise of the default service-request policy', () => {
  const kinds = (p: PolicyVersion) =>
    p.rules
      .find((r) => r.match.caseKind === 'service_request' && r.match.dispatched === undefined)!
      .commitments.map((c) => c.kind)
      .sort();
  expect(kinds(secondsPolicy())).toEqual(kinds(DEFAULT_POLICY));
});
