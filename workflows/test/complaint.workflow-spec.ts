// The complaint workflow, limit by limit, on the dev server with time skipping and the real SDK worker.
// Activities are an in-memory fake that records every call; the database side is tested by the complaint
// activities' integration tests. The complaint policy is the one the migration seeds (its snapshot).
//
// Time: the virtual clock starts at the real "now". Tests that only read due times receive the complaint
// at a fixed instant in the future (nothing fires); tests that watch the ladder start now and skip forward.
import * as path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  caseWorkflowId,
  complaintWorkflowId,
  DomainErrorCode,
  WORKFLOW_TYPES,
  type Actor,
  type ComplaintAction,
  type ComplaintActionArgs,
  type ComplaintIntake,
  type ComplaintView,
} from '@caseflow/domain';
import {
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
  complaintActionUpdate,
  complaintOpenedUpdate,
  complaintViewQuery,
  type ComplaintActionRequest,
} from '../complaint-messages';
import { caseActionUpdate, policyChangedSignal, type CaseActionRequest } from '../messages';
import type { complaintWorkflow } from '../complaint.workflow';
import type { serviceRequestWorkflow } from '../service-request.workflow';
import { callbackAttemptUpdate } from '../callback-messages';
import { FakeCallbackActivities } from './callback-fakes';
import { FakeCaseRecords } from './fake-case-records';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'complaint-spec';
const calendar = createCalendar(DEFAULT_CALENDAR);

const SUPERVISOR: Actor = { userId: 'u-sup', username: 'sup-li' };
const OPERATOR: Actor = { userId: 'u-op7', username: 'op7' };
const GM: Actor = { userId: 'u-gm', username: 'gm-zhou' };

import { COMPLAINT_POLICY as POLICY, FakeComplaintRecords } from './fake-complaint-records';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const records = new FakeComplaintRecords();
const caseRecords = new FakeCaseRecords();
const opened: WorkflowHandle[] = [];

beforeAll(async () => {
  env = await createTestEnvironment({ timeSkipping: true });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    // A resolved case starts its level-1/2 callbacks (workflows with the callback activities).
    activities: {
      ...caseRecords.activities,
      ...records.activities,
      ...new FakeCallbackActivities().activities,
    },
  });
  running = worker.run();
});

afterEach(async () => {
  records.roundLimit = 3;
  records.policy = POLICY;
  // A complaint left open would keep firing its timers while later tests skip time.
  await Promise.all(opened.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────────

let keys = 0;

function intake(overrides: Partial<ComplaintIntake> = {}): ComplaintIntake {
  return {
    source: 'web',
    category: 'service',
    complexity: 'simple',
    customer: { name: 'Han Mei', phone: '+8613900139000', tier: 'standard' },
    description: 'The engineer was rude and left the printer in pieces',
    branchId: 'branch-sh',
    receivedAt: '', // open(): the virtual clock's now
    raisedBy: OPERATOR,
    ...overrides,
  };
}

async function open(input: ComplaintIntake): Promise<WorkflowHandle> {
  if (!input.receivedAt) input.receivedAt = iso(await env.currentTimeMs());
  const handle = await env.client.workflow.start<typeof complaintWorkflow>(WORKFLOW_TYPES.complaint, {
    taskQueue,
    workflowId: complaintWorkflowId(`spec-${++keys}`),
    args: [{ intake: input }],
  });
  opened.push(handle);
  await handle.executeUpdate(complaintOpenedUpdate);
  return handle;
}

function act<A extends ComplaintAction>(
  handle: WorkflowHandle,
  action: A,
  args: ComplaintActionArgs[A],
  actor: Actor = SUPERVISOR,
): Promise<ComplaintView> {
  return handle.executeUpdate(complaintActionUpdate, {
    args: [{ action, args, actor } as ComplaintActionRequest],
  });
}

async function view(handle: WorkflowHandle): Promise<ComplaintView> {
  return (await handle.query(complaintViewQuery))!;
}

function commitment(v: ComplaintView, id: string) {
  const found = v.commitments.find((c) => c.id === id);
  if (!found) throw new Error(`no commitment '${id}' in ${v.commitments.map((c) => c.id).join(', ')}`);
  return found;
}

/** Through one round up to the callback. */
async function handleRound(handle: WorkflowHandle, report?: ComplaintActionArgs['report']): Promise<void> {
  await act(handle, 'acknowledge', {});
  await act(handle, 'promise-answer', { answer: 'We will replace the engineer and repair it for free' });
  await act(handle, 'contact', { note: 'called the customer' });
  await act(handle, 'deliver-result', { result: 'Repaired on site, apology delivered', inPerson: true });
  await act(
    handle,
    'report',
    report ?? { cause: 'Engineer lost his temper', actionTaken: 'Retrained', staffInvolved: [] },
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
const types = (workflowId: string) => records.timeline(workflowId).map((e) => e.type);
const stepsOf = (workflowId: string, commitmentId: string) =>
  records.steps
    .filter((s) => s.workflowId === workflowId && s.commitmentId === commitmentId)
    .map((s) => s.stepId);

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

// ── intake: routing and due times ─────────────────────────────────────────────────────────────────────

describe('intake', () => {
  it('forwards a service complaint to the customer-service supervisor at once, copies the desk, and tells the customer', async () => {
    // Friday 11 Dec 2026, 17:30 in Shanghai (ahead of every skip this file makes).
    const handle = await open(intake({ receivedAt: '2026-12-11T17:30:00+08:00' }));
    const v = await view(handle);
    expect(v).toMatchObject({ state: 'forwarded', round: 1, department: 'customer_service' });
    expect(v.number).toMatch(/^C\d{8}-\d{4}$/);
    expect(v.allowedActions).toEqual(['acknowledge']);
    expect(v.rounds[0].forwardedTo).toEqual({
      department: 'customer_service',
      supervisor: { staffId: 'sup-customer_service', name: 'Head of customer_service' },
      qualityDesk: { staffId: 'qa-desk', name: 'Complaint desk' },
    });
    // At once, day or night: acknowledged within 30 min; a clear answer (simple) within 2 h; contact in 24 h;
    // the result in person within 5 working days (Fri 17:30 + 1 h + Mon–Thu + 8.5 h = next Fri 17:30).
    expect(commitment(v, 'complaint_acknowledge#1').dueAt).toBe('2026-12-11T10:00:00.000Z');
    expect(commitment(v, 'complaint_answer#1').dueAt).toBe('2026-12-11T11:30:00.000Z');
    expect(commitment(v, 'complaint_contact#1').dueAt).toBe('2026-12-12T09:30:00.000Z');
    expect(commitment(v, 'complaint_result#1').dueAt).toBe('2026-12-18T09:30:00.000Z');
    expect(v.commitments.map((c) => c.id)).not.toContain('complaint_handling#1'); // phone complaints only
    expect(types(handle.workflowId)).toEqual(['complaint_received', 'forwarded']);
    expect(records.timeline(handle.workflowId)[1].summary).toContain(
      'Round 1: forwarded to the customer service supervisor (Head of customer_service), complaint desk (Complaint desk) copied',
    );
    expect(records.messages.filter((m) => m.idempotencyKey === `${handle.workflowId}:intake`)).toEqual([
      expect.objectContaining({
        template: 'complaint_acknowledgement',
        caseNumber: v.number,
        data: { answerBy: '2026-12-11T11:30:00.000Z' },
      }),
    ]);
  });

  it('a complaint whose text the database refuses (a NUL byte) is recorded with U+FFFD, says so on its timeline, and goes on', async () => {
    const handle = await open(intake({ description: 'Rude\u0000 engineer' }));
    expect(types(handle.workflowId)).toEqual(['complaint_received', 'forwarded']);
    const [received] = records.timeline(handle.workflowId);
    expect(received.summary).toContain('the database refused some characters of this entry');
    expect(JSON.stringify(records.events.filter((e) => e.workflowId === handle.workflowId))).not.toContain(
      '\\u0000',
    );
    const v = await act(handle, 'acknowledge', {});
    expect(v.state).not.toBe('forwarded');
  });

  it('routes technical and other complaints to tech support and sales complaints to the product division', async () => {
    for (const [category, department] of [
      ['technical', 'tech_support'],
      ['other', 'tech_support'],
      ['sales', 'product_division'],
    ] as const) {
      const handle = await open(intake({ category, receivedAt: '2026-12-11T17:30:00+08:00' }));
      expect((await view(handle)).department).toBe(department);
      expect(records.routed.at(-1)).toMatchObject({ department, round: 1 });
    }
  });

  it('a complex phone complaint from a gold customer: answer in 24 h, reply in 1 working day, handled in 5 working days, acknowledged in 15 min', async () => {
    const handle = await open(
      intake({
        source: 'hotline',
        complexity: 'complex',
        customer: { name: 'Han Mei', phone: '+8613900139000', tier: 'gold' },
        receivedAt: '2026-12-14T10:00:00+08:00', // Monday
      }),
    );
    const v = await view(handle);
    expect(commitment(v, 'complaint_acknowledge#1').dueAt).toBe('2026-12-14T02:15:00.000Z');
    expect(commitment(v, 'complaint_answer#1').dueAt).toBe('2026-12-15T02:00:00.000Z');
    expect(commitment(v, 'complaint_contact#1').dueAt).toBe('2026-12-15T02:00:00.000Z'); // Tue 10:00
    expect(commitment(v, 'complaint_handling#1').dueAt).toBe('2026-12-21T02:00:00.000Z'); // next Mon 10:00
  });

  it('a simple phone complaint is handled within 3 working days', async () => {
    const handle = await open(intake({ source: 'hotline', receivedAt: '2026-12-14T10:00:00+08:00' }));
    const v = await view(handle);
    expect(commitment(v, 'complaint_handling#1').dueAt).toBe('2026-12-17T02:00:00.000Z'); // Thu 10:00
    expect(commitment(v, 'complaint_answer#1').dueAt).toBe('2026-12-14T04:00:00.000Z'); // 2 h
  });

  it('a letter logged days after it arrived: the customer promises count from receipt, the supervisor’s 30 min from now', async () => {
    const now = await env.currentTimeMs();
    const handle = await open(intake({ source: 'letter', receivedAt: iso(now - 3 * 24 * HOUR_MS) }));
    const v = await view(handle);
    const acknowledge = commitment(v, 'complaint_acknowledge#1');
    expect(Date.parse(acknowledge.startedAt)).toBeGreaterThanOrEqual(now);
    expect(Date.parse(acknowledge.dueAt!) - Date.parse(acknowledge.startedAt)).toBe(30 * MINUTE_MS);
    expect(commitment(v, 'complaint_contact#1').dueAt).toBe(iso(now - 2 * 24 * HOUR_MS));
    await eventually(() => expect(stepsOf(handle.workflowId, 'complaint_contact#1')).toContain('breach'));
    expect(stepsOf(handle.workflowId, 'complaint_acknowledge#1')).toEqual([]);
  });

  it('an intake its records would refuse fails the complaint at once, naming each field', async () => {
    const handle = await env.client.workflow.start<typeof complaintWorkflow>(WORKFLOW_TYPES.complaint, {
      taskQueue,
      workflowId: complaintWorkflowId(`spec-${++keys}`),
      args: [
        { intake: { ...intake({ category: 'weather' as never, description: ' ' }), receivedAt: 'soon' } },
      ],
    });
    const failure = await handle.result().then(
      () => undefined,
      (e: { cause?: ApplicationFailure }) => e.cause,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure!.type).toBe(DomainErrorCode.ValidationFailed);
    expect(Object.keys((failure!.details![0] as { errors: object }).errors)).toEqual([
      'category',
      'description',
      'receivedAt',
    ]);
    expect(records.timeline(handle.workflowId)).toEqual([]);
  });

  it('a second start with the same key is the same complaint', async () => {
    const handle = await open(intake());
    const again = await env.client.workflow
      .start<typeof complaintWorkflow>(WORKFLOW_TYPES.complaint, {
        taskQueue,
        workflowId: handle.workflowId,
        args: [{ intake: intake() }],
      })
      .then(
        () => 'started',
        (e: Error) => e.name,
      );
    expect(again).toBe('WorkflowExecutionAlreadyStartedError');
  });
});

// ── the escalation ladder ─────────────────────────────────────────────────────────────────────────────

describe('limits', () => {
  it('an unacknowledged complaint climbs: reminder at 15 min, breach (desk copied) at 30 min, the manager 1 h later — at night too', async () => {
    const handle = await open(intake());
    await env.sleep(31 * MINUTE_MS);
    await eventually(() =>
      expect(stepsOf(handle.workflowId, 'complaint_acknowledge#1')).toEqual(['warn', 'breach', 'desk']),
    );
    expect(commitment(await view(handle), 'complaint_acknowledge#1').breached).toBe(true);
    await env.sleep(HOUR_MS);
    await eventually(() =>
      expect(stepsOf(handle.workflowId, 'complaint_acknowledge#1')).toEqual([
        'warn',
        'breach',
        'desk',
        'escalate',
      ]),
    );
    const escalate = records.steps.find(
      (s) => s.workflowId === handle.workflowId && s.stepId === 'escalate',
    )!;
    expect(escalate).toMatchObject({ target: 'manager', department: 'customer_service' });
    expect(types(handle.workflowId)).toContain('commitment_escalated');
    // Acknowledged late: the promise is met but stays breached.
    const v = await act(handle, 'acknowledge', {});
    expect(commitment(v, 'complaint_acknowledge#1')).toMatchObject({ status: 'met', breached: true });
    expect(v.breached).toBe(true);
  });

  it('a simple complaint breaches its clear-answer promise after 2 h; a complex one not before 24 h', async () => {
    const simple = await open(intake());
    const complex = await open(intake({ complexity: 'complex' }));
    await act(simple, 'acknowledge', {});
    await act(complex, 'acknowledge', {});
    await env.sleep(2 * HOUR_MS + MINUTE_MS);
    await eventually(() => expect(stepsOf(simple.workflowId, 'complaint_answer#1')).toContain('breach'));
    expect(stepsOf(complex.workflowId, 'complaint_answer#1')).not.toContain('breach');
    await env.sleep(22 * HOUR_MS);
    await eventually(() => expect(stepsOf(complex.workflowId, 'complaint_answer#1')).toContain('breach'));
  });

  it('the customer must be contacted within 24 h', async () => {
    const handle = await open(intake());
    await act(handle, 'acknowledge', {});
    await act(handle, 'promise-answer', { answer: 'A new printer by Friday' });
    await env.sleep(23 * HOUR_MS);
    expect(commitment(await view(handle), 'complaint_contact#1').breached).toBe(false);
    await env.sleep(HOUR_MS + MINUTE_MS);
    await eventually(async () =>
      expect(commitment(await view(handle), 'complaint_contact#1').breached).toBe(true),
    );
  });

  it('a phone complaint breaches its handling promise after 3 working days and its result after 5', async () => {
    await env.sleep(
      calendar.startOfNextWorkingDay(await env.currentTimeMs()).getTime() - (await env.currentTimeMs()),
    );
    const handle = await open(intake({ source: 'hotline' }));
    await act(handle, 'acknowledge', {});
    await act(handle, 'promise-answer', { answer: 'Repair within the week' });
    await act(handle, 'contact', {});
    const started = await view(handle);
    const handling = commitment(started, 'complaint_handling#1');
    const result = commitment(started, 'complaint_result#1');
    await env.sleep(Date.parse(handling.dueAt!) - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(async () =>
      expect(commitment(await view(handle), 'complaint_handling#1').breached).toBe(true),
    );
    expect(commitment(await view(handle), 'complaint_result#1').breached).toBe(false);
    await env.sleep(Date.parse(result.dueAt!) - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(async () =>
      expect(commitment(await view(handle), 'complaint_result#1').breached).toBe(true),
    );
  });

  it('the handling report is due the working day after the result, and the callback a working day after the report', async () => {
    const handle = await open(intake());
    await act(handle, 'acknowledge', {});
    await act(handle, 'contact', {});
    const delivered = await act(handle, 'deliver-result', { result: 'Replaced the printer', inPerson: true });
    const report = commitment(delivered, 'complaint_report#1');
    const now = await env.currentTimeMs();
    // One working day (09:00–18:30) from the moment the result was delivered.
    const nineAndAHalfWorkingHours = calendar
      .addWorkingTime(Date.parse(report.startedAt), 9.5 * HOUR_MS)
      .getTime();
    expect(Date.parse(report.dueAt!)).toBe(nineAndAHalfWorkingHours);
    await env.sleep(Date.parse(report.dueAt!) - now + MINUTE_MS);
    await eventually(async () =>
      expect(commitment(await view(handle), 'complaint_report#1').breached).toBe(true),
    );
    const reported = await act(handle, 'report', {
      cause: 'Bad part',
      actionTaken: 'Replaced',
      staffInvolved: [],
    });
    expect(commitment(reported, 'complaint_report#1')).toMatchObject({ status: 'met', breached: true });
    const callback = commitment(reported, 'complaint_callback#1');
    expect(callback.status).toBe('running');
    await env.sleep(Date.parse(callback.dueAt!) - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(async () =>
      expect(commitment(await view(handle), 'complaint_callback#1').breached).toBe(true),
    );
  });
});

// ── rounds ────────────────────────────────────────────────────────────────────────────────────────────

describe('rounds', () => {
  it('not satisfied at the callback: recorded again as round 2 with fresh commitments; satisfied: archived', async () => {
    const handle = await open(intake());
    await handleRound(handle);
    const second = await act(handle, 'record-callback', { satisfied: false, remarks: 'still broken' });
    expect(second).toMatchObject({ state: 'forwarded', round: 2, allowedActions: ['acknowledge'] });
    expect(second.rounds.map((r) => r.outcome)).toEqual(['not_satisfied', 'open']);
    expect(second.rounds[0].callback).toMatchObject({
      satisfied: false,
      remarks: 'still broken',
      by: 'sup-li',
    });
    expect(commitment(second, 'complaint_acknowledge#2')).toMatchObject({ status: 'running', round: 2 });
    expect(commitment(second, 'complaint_callback#1').status).toBe('met');
    expect(second.rounds[1].commitmentIds).toEqual([
      'complaint_acknowledge#2',
      'complaint_answer#2',
      'complaint_contact#2',
      'complaint_result#2',
    ]);
    expect(records.routed.filter((r) => r.workflowId === handle.workflowId).map((r) => r.round)).toEqual([
      1, 2,
    ]);

    await handleRound(handle);
    const done = await act(handle, 'record-callback', { satisfied: true });
    expect(done).toMatchObject({ state: 'archived', allowedActions: [] });
    const final = (await handle.result()) as ComplaintView;
    expect(final.rounds.map((r) => r.outcome)).toEqual(['not_satisfied', 'satisfied']);
    expect(types(handle.workflowId).slice(-2)).toEqual(['callback_recorded', 'archived']);
    // Two full rounds stay a lean history, and it replays on today's code.
    const history = await handle.fetchHistory();
    expect(history.events!.length).toBeLessThan(300);
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      history,
      handle.workflowId,
    );
    // The timeline says which round each entry belongs to.
    expect(
      records
        .timeline(handle.workflowId)
        .filter((e) => e.type === 'forwarded')
        .map((e) => e.round),
    ).toEqual([1, 2]);
  });

  it('after the round limit the GM office decides and may close it with a reason', async () => {
    records.roundLimit = 2;
    const handle = await open(intake());
    await handleRound(handle);
    await act(handle, 'record-callback', { satisfied: false });
    await handleRound(handle);
    const review = await act(handle, 'record-callback', { satisfied: false, remarks: 'I want a refund' });
    expect(review).toMatchObject({ state: 'gm_review', round: 2, roundLimit: 2, allowedActions: ['close'] });
    expect(records.gmOffice).toContain(handle.workflowId);
    expect(types(handle.workflowId).slice(-2)).toEqual(['callback_recorded', 'escalated_to_gm_office']);
    const closed = await act(handle, 'close', { reason: 'Refund granted as a goodwill gesture' }, GM);
    expect(closed).toMatchObject({ state: 'closed', closeReason: 'Refund granted as a goodwill gesture' });
    expect(closed.commitments.filter((c) => c.status === 'running')).toEqual([]);
    await handle.result();
  });

  it('the handling report proposes penalties once per complaint, round and staff member', async () => {
    const handle = await open(intake());
    await handleRound(handle, {
      cause: 'Rude engineer',
      actionTaken: 'Apologised in person',
      staffInvolved: [
        { staffId: 'eng-wang', penalty: 'fine', amount: 200 },
        { staffId: 'eng-zhao', penalty: 'none' },
      ],
    });
    const v = await view(handle);
    expect(v.rounds[0].report).toMatchObject({ cause: 'Rude engineer', penaltiesProposed: 1, by: 'sup-li' });
    expect(records.penalties.get(`complaint-${v.number}-round-1-eng-wang`)).toEqual({
      staffId: 'eng-wang',
      kind: 'fine',
      amount: 200,
      reason: 'Rude engineer',
    });
    expect([...records.penalties.keys()].filter((k) => k.includes(v.number))).toHaveLength(1);
    expect(records.timeline(handle.workflowId).at(-1)!.summary).toContain(
      'penalties proposed: fine for Wang Wei',
    );
  });
});

// ── refusals ──────────────────────────────────────────────────────────────────────────────────────────

describe('refusals', () => {
  it('an action the state does not allow is refused with the state and the allowed actions, leaving no trace', async () => {
    const handle = await open(intake());
    const before = records.timeline(handle.workflowId).length;
    const failure = await updateFailure(act(handle, 'contact', {}));
    expect(failure.type).toBe(DomainErrorCode.InvalidState);
    expect(failure.details).toEqual([{ state: 'forwarded', allowedActions: ['acknowledge'] }]);
    const close = await updateFailure(act(handle, 'close', { reason: 'x' }));
    expect(close.type).toBe(DomainErrorCode.InvalidState);
    expect(records.timeline(handle.workflowId)).toHaveLength(before);
  });

  it('a clear answer is promised once per round', async () => {
    const handle = await open(intake());
    await act(handle, 'acknowledge', {});
    const promised = await act(handle, 'promise-answer', { answer: 'By Friday' });
    expect(promised.allowedActions).toEqual(['contact']);
    const failure = await updateFailure(act(handle, 'promise-answer', { answer: 'Again' }));
    expect(failure.type).toBe(DomainErrorCode.InvalidState);
  });

  it('a report names each invalid field; unknown staff are refused and nothing is written', async () => {
    const handle = await open(intake());
    await act(handle, 'acknowledge', {});
    await act(handle, 'contact', {});
    await act(handle, 'deliver-result', { result: 'Fixed', inPerson: false });
    const invalid = await updateFailure(
      act(handle, 'report', {
        cause: '',
        actionTaken: 'x',
        staffInvolved: [
          { staffId: 'eng-wang', penalty: 'fine' },
          { staffId: 'eng-zhao', penalty: 'sacked' as never },
          { staffId: 'eng-zhao', penalty: 'warning', amount: 5 },
        ],
      }),
    );
    expect(invalid.type).toBe(DomainErrorCode.ValidationFailed);
    expect(Object.keys((invalid.details![0] as { errors: object }).errors).sort()).toEqual([
      'cause',
      'staffInvolved[0].amount',
      'staffInvolved[1].penalty',
      'staffInvolved[2].amount',
    ]);
    const before = records.timeline(handle.workflowId).length;
    const unknown = await updateFailure(
      act(handle, 'report', {
        cause: 'x',
        actionTaken: 'y',
        staffInvolved: [{ staffId: 'nobody', penalty: 'warning' }],
      }),
    );
    expect(unknown.type).toBe(DomainErrorCode.ValidationFailed);
    expect(unknown.details).toEqual([
      { errors: { 'staffInvolved[0].staffId': ['no staff member has the id "nobody"'] } },
    ]);
    expect(records.timeline(handle.workflowId)).toHaveLength(before);
    expect((await view(handle)).state).toBe('result_delivered');
  });
});

// ── policy changes ────────────────────────────────────────────────────────────────────────────────────

describe('policy changes', () => {
  it('a running complaint follows a new complaint policy version: the contact promise is re-planned', async () => {
    const handle = await open(intake());
    const v2: PolicyVersion = {
      ...POLICY,
      version: 2,
      rules: [
        ...POLICY.rules,
        {
          match: { caseKind: 'complaint' },
          commitments: [
            {
              ...POLICY.rules[0].commitments.find((c) => c.kind === 'complaint_contact')!,
              budget: { amount: 12, unit: 'hours' },
            },
          ],
        },
      ],
    };
    await handle.signal(policyChangedSignal, {
      policy: v2,
      calendars: [DEFAULT_CALENDAR],
      by: { userId: 'u-admin', username: 'admin' },
    });
    await eventually(async () => expect((await view(handle)).policy.version).toBe(2));
    const contact = commitment(await view(handle), 'complaint_contact#1');
    expect(Date.parse(contact.dueAt!) - Date.parse(contact.startedAt)).toBe(12 * HOUR_MS);
    expect(contact.policyVersion).toBe(2);
    const entry = records.timeline(handle.workflowId).find((e) => e.type === 'commitment_replanned')!;
    expect(entry.summary).toContain('Re-planned under policy v2 by admin');
    expect(entry.summary).toMatch(
      /complaint_contact#1 due \S+ \S+ \(Asia\/Shanghai\) → \S+ \S+ \(Asia\/Shanghai\)/,
    );
    // Another policy's version (the default one) is not the complaint's business.
    await handle.signal(policyChangedSignal, {
      policy: { ...DEFAULT_POLICY, version: 9 },
      calendars: [DEFAULT_CALENDAR],
      by: { userId: 'u-admin', username: 'admin' },
    });
    expect((await view(handle)).policy.version).toBe(2);
  });
});

describe('a policy change, as in every commitment-bearing workflow', () => {
  it('re-plans an open commitment: a new due time, the version recorded on it and on the timeline, a fired step not fired again', async () => {
    const handle = await open(intake());
    await env.sleep(20 * MINUTE_MS); // the acknowledgement's reminder (at 15 of 30 min) has fired
    await eventually(() => expect(stepsOf(handle.workflowId, 'complaint_acknowledge#1')).toEqual(['warn']));
    const before = commitment(await view(handle), 'complaint_acknowledge#1');
    const acknowledge = POLICY.rules
      .flatMap((r) => r.commitments)
      .find((c) => c.kind === 'complaint_acknowledge')!;
    const v2: PolicyVersion = {
      ...POLICY,
      version: 2,
      rules: [
        ...POLICY.rules,
        {
          match: { caseKind: 'complaint' },
          commitments: [{ ...acknowledge, budget: { amount: 60, unit: 'minutes' } }],
        },
      ],
    };
    await handle.signal(policyChangedSignal, {
      policy: v2,
      calendars: [DEFAULT_CALENDAR],
      by: { userId: 'u-admin', username: 'admin' },
    });
    const newDue = Date.parse(before.startedAt) + 60 * MINUTE_MS;
    await eventually(async () =>
      expect(commitment(await view(handle), 'complaint_acknowledge#1')).toMatchObject({
        policyVersion: 2,
        dueAt: iso(newDue),
        status: 'running',
      }),
    );
    // The timeline entry says what moved, in the same shape as a case's.
    const entry = records.timeline(handle.workflowId).find((e) => e.type === 'commitment_replanned')!;
    expect(entry.data).toMatchObject({ policyVersion: 2 });
    expect((entry.data as { commitments: unknown[] }).commitments).toContainEqual({
      commitmentId: 'complaint_acknowledge#1',
      status: 'running',
      dueBefore: before.dueAt,
      dueAfter: iso(newDue),
      remainingBeforeMs: expect.any(Number),
      remainingAfterMs: expect.any(Number),
    });
    // Past the new reminder point (30 min) and the new deadline: the reminder does not fire again.
    await env.sleep(newDue - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(() =>
      expect(stepsOf(handle.workflowId, 'complaint_acknowledge#1')).toEqual(['warn', 'breach', 'desk']),
    );
  });
});

// ── conversion from a service request's callback ──────────────────────────────────────────────────────

describe('conversion', () => {
  it('an extremely dissatisfied customer at a callback becomes a complaint linked to the case', async () => {
    const number = '20261122-07-0901';
    const kase = await env.client.workflow.start<typeof serviceRequestWorkflow>(
      WORKFLOW_TYPES.serviceRequest,
      {
        taskQueue,
        workflowId: caseWorkflowId(number),
        args: [
          {
            intake: {
              number,
              kind: 'service_request',
              channel: 'phone',
              category: 'technical',
              dispatched: false,
              receivedAt: iso(await env.currentTimeMs()),
              customer: { name: 'Li Lei', phone: '+8613800138000', tier: 'standard' },
              description: 'Paper jam',
              branchId: 'branch-sh',
              operator: { ...OPERATOR, operatorNo: 7 },
            },
            policy: DEFAULT_POLICY,
            calendars: [DEFAULT_CALENDAR],
            schedule: DEFAULT_SERVICE_SCHEDULE,
          },
        ],
      },
    );
    opened.push(kase);
    await eventually(() => expect(caseRecords.timeline(kase.workflowId)).not.toHaveLength(0));
    await kase.executeUpdate(caseActionUpdate, {
      args: [{ action: 'resolve', args: { summary: 'Cleared' }, actor: OPERATOR } as CaseActionRequest],
    });
    // The call is recorded on the case's level-1 callback (its own workflow since callbacks-as-workflows).
    await env.client.workflow.getHandle(`callback-L1-${number}-1`).executeUpdate(callbackAttemptUpdate, {
      args: [
        {
          reached: true,
          satisfaction: 1,
          extremelyDissatisfied: true,
          remarks: 'never again',
          actor: { userId: 'u-qa1', username: 'qa1' },
        },
      ],
    });
    const complaint = env.client.workflow.getHandle(complaintWorkflowId(`case-${number}-callback-1-1`));
    opened.push(complaint);
    const v = await complaint.executeUpdate(complaintOpenedUpdate);
    expect(v).toMatchObject({
      source: 'callback',
      sourceCaseNumber: number,
      department: 'tech_support',
      state: 'forwarded',
      customer: { name: 'Li Lei' },
      raisedBy: { username: 'qa1' },
    });
    expect(v.description).toContain(
      'Extremely dissatisfied at the level-1 callback of case 20261122-07-0901',
    );
    expect(records.timeline(complaint.workflowId)[0].summary).toContain(`raised from case ${number}`);
    expect(caseRecords.timeline(kase.workflowId).at(-1)).toMatchObject({
      type: 'complaint_requested',
      data: expect.objectContaining({ complaintWorkflowId: complaint.workflowId }),
    });
  });
});
