// One service request or inquiry, from the call to the level-2 callback: the case's lifecycle and its
// promises to the customer (commitments), held as workflow state and kept by durable timers.
//
//   received → (assign | forward) → contact → visit → work → (customer test) → resolved
//            → level-1 confirmation, survey after 1 h, level-2 callback after 48 h → closed
//   an unsatisfied callback (or a manual reopen) → reopened, with a 2-day resolution commitment
//
// Operators act through the `caseAction` update (validated against the lifecycle table, so a refused
// action leaves no trace); quality staff record callbacks through `recordCallback`; admins re-plan
// running cases with `policyChanged`. Every change is written to the timeline (and the read model) by
// `recordCaseEvent` before the update answers, so the API's response shows a persisted change.
//
// History stays lean: one activity per change and one timer at a time. A busy case (forwarded, a customer
// test, a re-plan, ten ladder steps, two callbacks) is about 250 events, so there is no continue-as-new: a
// case's life is bounded by what people do (every reopen takes a callback or an operator).
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { NotificationType } from '@caseflow/domain';
import {
  allowedActions,
  CASE_ACTIONS,
  DEPARTMENTS,
  DomainErrorCode,
  FAULT_GRADES,
  isActionAllowed,
  isTerminal,
  nextState,
  routedTo,
  SYSTEM_ACTOR,
  type Actor,
  type CaseAction,
  type CaseState,
  type CaseView,
  type FaultGrade,
  type Resolution,
  type TimelineEntry,
} from '@caseflow/domain';
import {
  commitmentFor,
  dueAt as dueAtOf,
  startCommitment,
  type Budget,
  type CaseFacts,
  type CommitmentRecord,
  type LadderStep,
} from '@caseflow/sla';
import type {
  CallbackRecordedData,
  CaseRecordActivities,
  FireLadderStepInput,
  FireLadderStepResult,
} from '../activities/types';
import { CommitmentRunner, type Due } from './commitments';
import { keptStorable, notedEntry } from './storable-records';
import {
  CALLBACK_WORKFLOW_TYPE,
  callbackCancelSignal,
  callbackOutcomeSignal,
  callbackReplanSignal,
  callbackWorkflowId,
  caseCallbackId,
  type CallbackOutcome,
  type CallbackWorkflowInput,
} from './callback-messages';
import {
  caseActionUpdate,
  caseViewQuery,
  policyChangedSignal,
  recordCallbackUpdate,
  type CallbackRequest,
  type CaseActionRequest,
  type CaseEventType,
  type CaseWorkflowInput,
} from './messages';
import { raiseComplaint } from './raise-complaint';

/** Extremely dissatisfied callbacks start a complaint workflow (before: a timeline line only). */
const COMPLAINT_FROM_CALLBACK_PATCH = 'complaint-from-callback';
/**
 * Levels 1 and 2 run as callback workflows the case starts at resolution (before: commitments of the case
 * and the `recordCallback` update). A round resolved before the switch keeps its in-case callbacks.
 */
const CALLBACKS_AS_WORKFLOWS_PATCH = 'callbacks-as-workflows';
/**
 * A policy change re-plans the open level-1/2 callback workflows' due times too (a signal to each); cases
 * that re-planned before keep their histories (their callbacks kept the first plan).
 */
const CALLBACK_REPLAN_PATCH = 'callbacks-follow-policy-changes';

// Non-retryable failures (VALIDATION_FAILED, NOT_FOUND) are never retried; anything else (the database
// restarting) is retried until it works: a timeline entry is never dropped.
const RETRY = { initialInterval: '1s', maximumInterval: '1 minute' } as const;
const remote = proxyActivities<CaseRecordActivities>({ startToCloseTimeout: '30 seconds', retry: RETRY });
/**
 * The case's own records — timeline and read model, escalation records, the outbox — are short, idempotent
 * writes, so they run as local activities: in the worker, inside the workflow task that decided them. A
 * ladder step is then one workflow task (timer fired → escalation written → timeline written → next timer)
 * instead of three with two activity tasks between them, and a re-plan signal one instead of two; that is
 * what lets a worker keep up with thousands of deadlines falling due together. Retries stay the same: a
 * short back-off is retried in the worker (the task heartbeating), a longer one waits on a timer.
 */
const local = proxyLocalActivities<CaseRecordActivities>({ startToCloseTimeout: '30 seconds', retry: RETRY });
/** Cases started before the switch keep their (remote) activities, so their histories replay unchanged. */
const LOCAL_RECORDS_PATCH = 'case-records-as-local-activities';
/**
 * A ladder step and its timeline entry are one record: one local activity, one statement. Cases that fired
 * steps before keep recording the entry separately when they replay them.
 */
const STEP_WITH_ENTRY_PATCH = 'ladder-step-with-its-timeline-entry';
/**
 * A record write that keeps failing (the database down) retries in the workflow task only while its back-off
 * is short; past `localRetryThreshold` it waits on a timer, so the task — and the worker's task slot — is
 * free between attempts, and a failing case never slows the others. Cases started before keep `local`.
 */
const BOUNDED_LOCAL_RETRY_PATCH = 'record-retries-wait-on-a-timer';
const localBounded = proxyLocalActivities<CaseRecordActivities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY,
  localRetryThreshold: '2 seconds',
});
const records = () =>
  patched(LOCAL_RECORDS_PATCH) ? (patched(BOUNDED_LOCAL_RETRY_PATCH) ? localBounded : local) : remote;
/**
 * Record writes run one at a time. The SDK hands a workflow its local activities' results in the order they
 * finished when it runs them, but in the order they were started when it replays them; an update handler and
 * the main loop each awaiting a write (a note added as a breach fires) could then write a history that no
 * worker can replay — on Temporal Server as on the dev server
 * (apps/temporal-devserver/test/update-replay.devserver-spec.ts). In a queue, the order is the same both ways.
 * Cases started before keep writing side by side, so their histories replay unchanged.
 */
const ONE_RECORD_AT_A_TIME_PATCH = 'one-record-write-at-a-time';
let recordQueue: Promise<unknown> = Promise.resolve();
function inTurn<T>(write: () => Promise<T>): Promise<T> {
  if (!patched(ONE_RECORD_AT_A_TIME_PATCH)) return write();
  const turn = recordQueue.then(write, write);
  recordQueue = turn.catch(() => undefined);
  return turn;
}
const recordCaseEvent: CaseRecordActivities['recordCaseEvent'] = (input) =>
  keptStorable(
    (i: typeof input) => inTurn(() => records().recordCaseEvent(i)),
    input,
    (i) => ({ ...i, entry: notedEntry(i.entry) }),
  );
const fireLadderStep: CaseRecordActivities['fireLadderStep'] = (input) =>
  keptStorable(
    (i: typeof input) => inTurn(() => records().fireLadderStep(i)),
    input,
    (i) => (i.timeline ? { ...i, timeline: { ...i.timeline, entry: notedEntry(i.timeline.entry) } } : i),
  );
const notifyCustomer: CaseRecordActivities['notifyCustomer'] = (input) =>
  keptStorable((i: typeof input) => inTurn(() => records().notifyCustomer(i)), input);
// A read of the staff table whose refusal is the operator's answer: an ordinary activity.
const { checkAssignable } = remote;

/**
 * Clocks that measure how long *we* take to solve the problem: they stop while the customer has the
 * ball (testing a fix) and resume with the budget they had left when the customer answers.
 * `forwarding` is one of them: until the customer has tried the fix, the hotline cannot know whether
 * the case must be passed on. `first_contact` keeps running (somebody still has to call the customer),
 * and the callbacks do not run before resolution.
 */
const WAITS_ON_CUSTOMER = ['resolution', 'handler_result', 'inquiry_answer', 'forwarding'];
const CALLBACK_KINDS = ['callback_level1', 'callback_level2'];

/** A callback finds a problem when the customer is not satisfied: 1 or 2 of 5, or extremely dissatisfied. */
export const NOT_SATISFIED_AT_MOST = 2;

const SURVEY = 'survey';
const LEVEL2_CALLBACK = 'level2_callback';

export async function serviceRequestWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const { intake, schedule } = input;
  const { workflowId } = workflowInfo();
  const facts: CaseFacts = {
    caseKind: intake.kind,
    category: intake.category,
    tier: intake.customer.tier,
    channel: intake.channel,
    dispatched: intake.dispatched,
  };
  const commitments = new CommitmentRunner({ policy: input.policy, calendars: input.calendars, facts });

  // The case as it stands; the timeline holds how it got here.
  const kase: {
    state: CaseState;
    resolution?: Resolution;
    assignee?: { id: string; name: string };
    department?: CaseView['department'];
    visitAt?: string;
    summary?: string;
    faultGrade?: FaultGrade;
    resolvedAt?: number;
    closedAt?: number;
    reopenCount: number;
    updatedAt: number;
  } = { state: 'new', reopenCount: 0, updatedAt: Date.now() };
  let seq = 0;
  /** Whether this round's level-1/2 callbacks are callback workflows (decided at each resolution). */
  let callbacksAsWorkflows = false;
  /** The case's own callback workflows, every round; `ended` once it told its outcome or was cancelled. */
  const ownCallbacks: OwnCallback[] = [];
  /** 1 for the first resolution, 2 after the first reopen, … */
  const round = () => kase.reopenCount + 1;

  function view(): CaseView {
    const policy = commitments.policyVersion;
    return {
      number: intake.number,
      workflowId,
      kind: intake.kind,
      state: kase.state,
      resolution: kase.resolution,
      channel: intake.channel,
      category: intake.category,
      dispatched: intake.dispatched,
      customer: intake.customer,
      product: intake.product,
      description: intake.description,
      branchId: intake.branchId,
      operator: intake.operator,
      assignee: kase.assignee,
      department: kase.department,
      routing: intake.routing,
      visitAt: kase.visitAt,
      summary: kase.summary,
      faultGrade: kase.faultGrade,
      receivedAt: intake.receivedAt,
      resolvedAt: iso(kase.resolvedAt),
      closedAt: iso(kase.closedAt),
      reopenCount: kase.reopenCount,
      policy: { id: policy.policyId, version: policy.version },
      commitments: commitments.view(Date.now()),
      allowedActions: allowedActions(intake.kind, kase.state),
      lastSeq: seq,
      updatedAt: iso(kase.updatedAt)!,
    };
  }

  /** The next timeline entry: its sequence number and the case's update time, taken now. */
  function nextEntry(
    type: CaseEventType,
    actor: Actor,
    summary: string,
    data?: Record<string, unknown>,
  ): TimelineEntry {
    kase.updatedAt = Date.now();
    return { seq: ++seq, at: iso(kase.updatedAt)!, type, actor: actor.username, summary, data };
  }

  /** Writes one timeline entry with the case as it is now (sequence and snapshot taken synchronously). */
  async function record(
    type: CaseEventType,
    actor: Actor,
    summary: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    const entry = nextEntry(type, actor, summary, data);
    await recordCaseEvent({ workflowId, entry, view: view() });
  }

  const due = (record: CommitmentRecord | undefined) =>
    record ? commitments.timelineTime(commitments.dueAt(record), record) : undefined;

  // ── Operator actions ──────────────────────────────────────────────────────────────────────────────

  async function act(request: CaseActionRequest): Promise<void> {
    const { actor } = request;
    const by = actor.username;
    const now = () => Date.now();
    switch (request.action) {
      case 'assign': {
        const staff = await checkedAssignee(request.args.assigneeId);
        // The check took a round trip: another action may have moved the case meanwhile.
        assertAllowed('assign');
        moveTo('assign');
        kase.assignee = { id: staff.id, name: staff.name };
        // Passing the case to an engineer is what the hotline promised to do within 2 working hours.
        commitments.meet(['forwarding'], now());
        const reason = request.args.reason ? ` (${request.args.reason})` : '';
        return record('assigned', actor, `Assigned to ${staff.name} by ${by}${reason}`, {
          assigneeId: staff.id,
          supervisorId: staff.supervisorId,
          reason: request.args.reason,
        });
      }
      case 'contact': {
        moveTo('contact');
        commitments.meet(['first_contact'], now());
        return record('contacted', actor, `Customer contacted by ${by}${note(request.args.note)}`, {
          note: request.args.note,
        });
      }
      case 'schedule': {
        const { visitAt, customerWish } = request.args;
        const previousVisitAt = kase.visitAt;
        moveTo('schedule');
        kase.visitAt = new Date(visitAt).toISOString();
        const when = commitments.localTime(Date.parse(visitAt));
        // The standard: if the customer's wish cannot be met, offer another slot, and say sorry.
        const wish = customerWish
          ? `; the customer's wish (${customerWish}) could not be met, another slot was offered with an apology`
          : '';
        await record(
          'visit_scheduled',
          actor,
          `Visit scheduled for ${commitments.timelineTime(Date.parse(visitAt))} by ${by}${wish}${note(request.args.note)}`,
          { visitAt: kase.visitAt, customerWish, note: request.args.note },
        );
        // Confirmed as agreed, or moved (the customer's wish could not be met, or a visit was re-booked),
        // with an apology.
        const moved = customerWish !== undefined || previousVisitAt !== undefined;
        return tellCustomer(moved ? 'appointment_moved' : 'appointment_confirmed', `visit:${seq}`, {
          visitAt: when,
          previousVisitAt: previousVisitAt
            ? commitments.localTime(Date.parse(previousVisitAt))
            : (customerWish ?? ''),
        });
      }
      case 'start':
        moveTo('start');
        return record('work_started', actor, `Work started by ${by}${note(request.args.note)}`, {
          note: request.args.note,
        });
      case 'forward': {
        const { department } = request.args;
        moveTo('forward');
        kase.department = department;
        commitments.meet(['forwarding'], now());
        const handlerResult = commitments.start('handler_result', now());
        const promise = handlerResult ? `; result due ${due(handlerResult)}` : '';
        return record(
          'forwarded',
          actor,
          `Forwarded to ${department} by ${by}${promise}${note(request.args.note)}`,
          { department, note: request.args.note },
        );
      }
      case 'return-result':
        moveTo('return-result');
        commitments.meet(['handler_result'], now());
        return record('result_returned', actor, `Result returned by ${by}: ${request.args.result}`, {
          result: request.args.result,
        });
      case 'request-customer-test': {
        moveTo('request-customer-test');
        // The customer's silence is an answer: at this deadline the case resolves itself (visibly).
        const test = commitments.start('customer_test', now(), { endAtDeadline: true });
        const paused = commitments.pause(WAITS_ON_CUSTOMER, now());
        const pausedText = paused.length
          ? `; paused while waiting: ${paused.map((c) => c.id).join(', ')}`
          : '';
        const by24 = test ? ` by ${due(test)}` : '';
        return record(
          'customer_test_requested',
          actor,
          `Customer asked by ${by} to test and report back${by24}: ${request.args.instructions}${pausedText}`,
          { instructions: request.args.instructions, paused: paused.map((c) => c.id) },
        );
      }
      case 'record-test-result': {
        const { works } = request.args;
        commitments.meet(['customer_test'], now());
        if (works) {
          await record('test_result_recorded', actor, `Customer reports it works (recorded by ${by})`, {
            works,
            note: request.args.note,
          });
          return resolveCase(actor, { summary: request.args.note ?? 'The customer reports it works' });
        }
        kase.state = 'in_progress';
        const resumed = commitments.resume(WAITS_ON_CUSTOMER, now());
        const resumedText = resumed.length ? `; resumed: ${resumed.map((c) => c.id).join(', ')}` : '';
        return record(
          'test_result_recorded',
          actor,
          `Customer reports it still does not work (recorded by ${by})${note(request.args.note)}${resumedText}`,
          { works, note: request.args.note, resumed: resumed.map((c) => c.id) },
        );
      }
      case 'resolve':
        return resolveCase(actor, request.args);
      case 'reopen':
        return reopenCase(actor, `Reopened by ${by}: ${request.args.reason}`, {
          reason: request.args.reason,
        });
      case 'cancel': {
        const { reason } = request.args;
        kase.state = 'cancelled';
        kase.closedAt = now();
        commitments.cancel(undefined, now(), `case cancelled: ${reason}`);
        commitments.unschedule(SURVEY);
        commitments.unschedule(LEVEL2_CALLBACK);
        return record('cancelled', actor, `Cancelled by ${by}: ${reason}`, { reason });
      }
      case 'add-note':
        return record('note', actor, `Note by ${by}: ${request.args.text}`, { text: request.args.text });
    }
  }

  function moveTo(action: CaseAction): void {
    kase.state = nextState(kase.state, action) ?? kase.state;
  }

  function assertAllowed(action: CaseAction): void {
    if (!isActionAllowed(intake.kind, kase.state, action))
      throw invalidState(action, kase.state, intake.kind);
  }

  /** Only certified, active staff: the activity's refusal (VALIDATION_FAILED / NOT_FOUND) is the update's. */
  async function checkedAssignee(staffId: string) {
    try {
      return await checkAssignable({ staffId });
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
      throw err;
    }
  }

  /** Resolved: open promises are kept (or no longer apply), and the after-service callbacks begin. */
  async function resolveCase(
    actor: Actor,
    args: { summary: string; faultGrade?: FaultGrade },
    resolution: Resolution = 'resolved',
  ): Promise<void> {
    const now = Date.now();
    const onTheCall = kase.state === 'new';
    kase.state = 'resolved';
    kase.resolution = onTheCall && resolution === 'resolved' ? 'answered_on_call' : resolution;
    kase.resolvedAt = now;
    kase.summary = args.summary;
    kase.faultGrade = args.faultGrade;
    // Solved without being passed on: the hotline's forwarding promise no longer applies.
    commitments.cancel(['forwarding'], now, 'not needed: resolved without forwarding');
    commitments.cancel(['customer_test'], now, 'resolved before the customer reported back');
    // Clocks stopped for the customer's test end now: resumed first, so they are met with a due time.
    commitments.resume(WAITS_ON_CUSTOMER, now);
    // Everything else still open (first contact, the handler's result, the resolution, the inquiry's
    // answer) is kept now — or counted as breached if it is late.
    commitments.meet(
      commitments.open().map((c) => c.kind),
      now,
    );
    // Level-1 confirmation at once; the survey and the level-2 callback at their fixed times.
    let confirm = '';
    if ((callbacksAsWorkflows = patched(CALLBACKS_AS_WORKFLOWS_PATCH))) {
      // Both callbacks are work items of their own (due time, assignee, attempts): level 1 workable now,
      // level 2 from its moment. Their outcomes come back by `callbackOutcomeSignal`.
      const [level1] = await Promise.all([
        startCallback(1, now),
        startCallback(2, now + schedule.level2CallbackAfterMs),
      ]);
      if (level1) confirm = `; level-1 confirmation call due ${level1.due} (callback ${level1.callbackId})`;
    } else {
      const level1 = commitments.start('callback_level1', now);
      if (level1) confirm = `; level-1 confirmation call due ${due(level1)}`;
    }
    commitments.schedule(SURVEY, now + schedule.surveyAfterMs);
    commitments.schedule(LEVEL2_CALLBACK, now + schedule.level2CallbackAfterMs);
    const grade = args.faultGrade ? ` (fault grade ${args.faultGrade})` : '';
    const summary =
      resolution === 'resolved_by_silence'
        ? `${args.summary}${confirm}`
        : `Resolved by ${actor.username}: ${args.summary}${grade}${confirm}`;
    const callbacks = ownCallbacks
      .filter((c) => c.round === round())
      .map(({ callbackId, level, startsAt, dueAt }) => ({ callbackId, level, startsAt, dueAt }));
    await record('resolved', actor, summary, {
      resolution: kase.resolution,
      summary: args.summary,
      faultGrade: args.faultGrade,
      ...(callbacks.length ? { callbacks } : {}),
    });
    await tellCustomer('resolution_thanks', `resolved:${kase.reopenCount}`);
  }

  /** Reopened (a problem found at a callback, or by hand): a new round with a 2-day resolution promise. */
  async function reopenCase(actor: Actor, summary: string, data: Record<string, unknown>): Promise<void> {
    const now = Date.now();
    kase.state = 'reopened';
    kase.reopenCount += 1;
    kase.resolution = undefined;
    kase.resolvedAt = undefined;
    // This round's callbacks are moot: the next resolution starts its own.
    commitments.cancel(CALLBACK_KINDS, now, 'case reopened');
    commitments.unschedule(SURVEY);
    commitments.unschedule(LEVEL2_CALLBACK);
    const resolution = commitments.start('resolution', now, { id: `resolution#${kase.reopenCount}` });
    const promise = resolution ? `; to be solved by ${due(resolution)}` : '';
    await Promise.all([
      record('reopened', actor, `${summary}${promise}`, { ...data, reopenCount: kase.reopenCount }),
      endCallbacks('case reopened', actor),
    ]);
  }

  async function closeCase(actor: Actor, summary: string): Promise<void> {
    const now = Date.now();
    kase.state = 'closed';
    kase.closedAt = now;
    commitments.cancel(undefined, now, 'case closed');
    commitments.unschedule(SURVEY);
    commitments.unschedule(LEVEL2_CALLBACK);
    await Promise.all([record('closed', actor, summary), endCallbacks('case closed', actor)]);
  }

  // ── The case's own callbacks (callback workflows) ─────────────────────────────────────────────────

  /**
   * Starts this round's level-1 or level-2 callback, from `startsAt`, under the policy's commitment for it
   * (its budget, on working time of its calendar: the calling hours); none when the policy defines none.
   * The callback owns its due time, assignee, attempts and work-queue row; the case cancels it when it
   * moves on (`endCallbacks`).
   */
  async function startCallback(level: 1 | 2, startsAt: number): Promise<OwnCallback | undefined> {
    const definition = commitmentFor(commitments.policyVersion, `callback_level${level}`, facts);
    if (!definition) return undefined;
    const callbackId = caseCallbackId(level, intake.number, round());
    const workflowId = callbackWorkflowId(callbackId);
    // The due time the callback's own commitment will have (the same maths, for the case's timeline).
    const promise = startCommitment(
      { ...definition, clock: 'working' },
      { at: startsAt, policyVersion: commitments.policyVersion.version },
    );
    const dueAt = dueAtOf(promise, commitments.calendars);
    const args: CallbackWorkflowInput = {
      callbackId,
      level,
      caseNumber: intake.number,
      category: intake.category,
      customer: intake.customer,
      ...(intake.branchId ? { branchId: intake.branchId } : {}),
      ...(kase.assignee ? { engineerStaffId: kase.assignee.id } : {}),
      startsAt: iso(startsAt)!,
      budget: definition.budget,
      calendar: commitments.calendars(definition.calendarId).definition,
      // As when the case raised it itself: one complaint per case, level and round.
      complaintKey: `case-${intake.number}-callback-${level}-${round()}`,
    };
    const started = startChild(CALLBACK_WORKFLOW_TYPE, {
      workflowId,
      args: [args],
      // The case ends its callbacks itself (a cancel signal), so none is killed mid-call.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    }).then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      },
    );
    // Known before the start is awaited: a reopen arriving meanwhile finds it, and cancels it once started.
    const own: OwnCallback = {
      callbackId,
      workflowId,
      level,
      round: round(),
      startsAt: iso(startsAt)!,
      dueAt: iso(dueAt),
      due: commitments.timelineTime(dueAt, promise),
      ended: false,
      started,
    };
    ownCallbacks.push(own);
    await started;
    return own;
  }

  /** The case moved on (reopened, closed): its callbacks still open end, so nobody calls about it. */
  async function endCallbacks(reason: string, actor: Actor): Promise<void> {
    const open = ownCallbacks.filter((c) => !c.ended);
    for (const c of open) c.ended = true;
    await Promise.all(
      open.map(async (c) => {
        try {
          await c.started;
          await getExternalWorkflowHandle(c.workflowId).signal(callbackCancelSignal, { reason, actor });
        } catch (err) {
          // It ended meanwhile (its outcome is on its way): nothing to cancel.
          log.info('Callback already ended', { callbackId: c.callbackId, error: String(err) });
        }
      }),
    );
  }

  /** The open callbacks follow a re-plan: each gets its commitment's budget and calendar under the new plan. */
  async function replanCallbacks(): Promise<void> {
    const open = ownCallbacks.filter((c) => !c.ended);
    await Promise.all(
      open.map(async (c) => {
        const definition = commitmentFor(commitments.policyVersion, `callback_level${c.level}`, facts);
        if (!definition) return;
        try {
          await c.started;
          await getExternalWorkflowHandle(c.workflowId).signal(callbackReplanSignal, {
            policyVersion: commitments.policyVersion.version,
            budget: definition.budget,
            calendar: commitments.calendars(definition.calendarId).definition,
          });
        } catch (err) {
          log.info('Callback already ended: nothing to re-plan', {
            callbackId: c.callbackId,
            error: String(err),
          });
        }
      }),
    );
  }

  /** This round's open callback of a level, for the refusal that names it. */
  function callbackElsewhere(level: 1 | 2): ApplicationFailure {
    const own = ownCallbacks.find((c) => c.level === level && c.round === round() && !c.ended);
    return ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: own
        ? `Case ${intake.number}'s level-${level} callback is callback ${own.callbackId}: record the call there (POST /api/callbacks/${own.callbackId}/attempts)`
        : `Case ${intake.number} has no open level-${level} callback`,
      details: [{ level, callbackId: own?.callbackId }],
      nonRetryable: true,
    });
  }

  // ── Callbacks ─────────────────────────────────────────────────────────────────────────────────────

  async function recordCallback(request: CallbackRequest): Promise<void> {
    const { actor, level } = request;
    const label = `Level-${level} callback by ${actor.username}`;
    // The callback's record (activities' CallbackRecordedData): also written to `callbacks` for reports.
    const promise = commitments.open([`callback_level${level}`])[0];
    const data: CallbackRecordedData = {
      level,
      reached: request.reached,
      satisfaction: request.satisfaction,
      engineerRating: request.engineerRating,
      remarks: request.remarks,
      extremelyDissatisfied: request.extremelyDissatisfied,
      dueAt: iso(promise && commitments.dueAt(promise)),
      callerUserId: actor.userId,
    };
    if (!request.reached) {
      // The commitment keeps running; further attempts are the callbacks issue's business.
      await record('callback_not_reached', actor, `${label}: customer not reached${remarks(request)}`, {
        ...data,
      });
      return;
    }
    const satisfied = isSatisfied(request);
    const now = Date.now();
    if (level === 1) commitments.meet(['callback_level1'], now);
    if (level === 2) {
      commitments.meet(['callback_level2'], now);
      commitments.unschedule(LEVEL2_CALLBACK); // called before it was due: nothing left to start
    }
    const verdict = `${satisfied ? 'satisfied' : 'not satisfied'} (${request.satisfaction}/5)`;
    await record('callback_recorded', actor, `${label}: ${verdict}${remarks(request)}`, {
      ...data,
      satisfied,
    });
    if (!satisfied) {
      await reopenCase(actor, `Reopened: not satisfied at the level-${level} callback`, {
        callbackLevel: level,
      });
      if (request.extremelyDissatisfied) {
        // An extremely dissatisfied customer becomes a complaint (its own workflow, once per callback
        // round), linked back to this case. Cases that recorded only the request before keep replaying so.
        const complaint = patched(COMPLAINT_FROM_CALLBACK_PATCH)
          ? await raiseComplaint(`case-${intake.number}-callback-${level}-${kase.reopenCount}`, {
              intake: {
                source: 'callback',
                category: intake.category,
                // The stricter promise (a clear answer within 2 h) until a person judges it complex.
                complexity: 'simple',
                customer: intake.customer,
                description: `Extremely dissatisfied at the level-${level} callback of case ${intake.number}${remarks(request)}`,
                ...(intake.branchId ? { branchId: intake.branchId } : {}),
                receivedAt: iso(now)!,
                raisedBy: actor,
                sourceCaseNumber: intake.number,
              },
            })
          : undefined;
        await record(
          'complaint_requested',
          actor,
          complaint
            ? `Complaint ${complaint} raised: the customer was extremely dissatisfied at the level-${level} callback`
            : `Complaint requested: the customer was extremely dissatisfied at the level-${level} callback`,
          { callbackLevel: level, remarks: request.remarks, complaintWorkflowId: complaint },
        );
      }
    } else if (level === 2) {
      await closeCase(actor, `Closed: the customer was satisfied at the level-2 callback`);
    }
  }

  async function callbackOutcome(outcome: CallbackOutcome): Promise<void> {
    // One of the case's own callbacks (levels 1 and 2) has told its outcome: it is over.
    const own = ownCallbacks.find((c) => c.callbackId === outcome.callbackId);
    if (own) own.ended = true;
    const label = `Level-${outcome.level} callback ${outcome.callbackId} by ${outcome.actor.username}`;
    const verdict = `${outcome.satisfied ? 'satisfied' : 'not satisfied'} (${outcome.satisfaction ?? '–'}/5)`;
    const data = { callbackLevel: outcome.level, callbackId: outcome.callbackId, remarks: outcome.remarks };
    if (isTerminal(kase.state)) return;
    // An own callback about an earlier resolution (it answered as the case moved on) changes nothing more.
    const current = own !== undefined && own.round === round() && kase.state === 'resolved';
    if (outcome.outcome === 'unreachable') {
      const line = `${label}: the customer could not be reached (${outcome.attempts ?? '?'} attempts)`;
      // After the level-2 callback there is nothing left to wait for.
      if (current && own.level === 2) return closeCase(outcome.actor, `Closed: ${line}`);
      return record('note', outcome.actor, line, data);
    }
    if (outcome.satisfied && current && own.level === 2) {
      return closeCase(outcome.actor, `Closed: ${label}: ${verdict}${remarks(outcome)}`);
    }
    if (outcome.satisfied || kase.state !== 'resolved' || (own && !current)) {
      const open = outcome.satisfied ? '' : '; the case is already being worked';
      await record('note', outcome.actor, `${label}: ${verdict}${open}${remarks(outcome)}`, data);
    } else {
      await reopenCase(outcome.actor, `Reopened: not satisfied at the ${label}${remarks(outcome)}`, data);
    }
    // The callback raised the complaint (once, under its key); the case names it.
    if (outcome.complaintWorkflowId) {
      await record(
        'complaint_requested',
        outcome.actor,
        `Complaint ${outcome.complaintWorkflowId} raised: the customer was extremely dissatisfied at the level-${outcome.level} callback ${outcome.callbackId}`,
        { ...data, complaintWorkflowId: outcome.complaintWorkflowId },
      );
    }
  }

  // ── Timers: ladder steps, deadlines, scheduled moments ───────────────────────────────────────────

  async function handleDue(item: Due): Promise<void> {
    switch (item.type) {
      case 'step':
        return fireStep(item.commitmentId, item.step, item.at);
      case 'deadline':
        return deadlinePassed(item.commitmentId);
      case 'moment':
        return momentReached(item.name, item.at);
    }
  }

  /** One ladder step, exactly once: marked fired in workflow state before its side effect runs. */
  async function fireStep(commitmentId: string, step: LadderStep, dueAt: number): Promise<void> {
    const now = Date.now();
    const commitment = commitments.markFired(commitmentId, step.id, now);
    if (step.action === 'remind' && commitment.breachedAt !== undefined) {
      // A reminder that waited for working hours past the breach (a call on Friday night): the
      // supervisor already knows, and "due soon" would be false. Spent, not sent.
      log.info('Reminder superseded by the breach', { commitmentId, stepId: step.id });
      return;
    }
    const deadline = commitments.dueAt(commitment);
    const input: FireLadderStepInput = {
      workflowId,
      caseNumber: intake.number,
      commitmentId,
      commitmentKind: commitment.kind,
      stepId: step.id,
      action: step.action,
      target: step.target,
      template: step.template,
      dueAt: iso(dueAt)!,
      firedAt: iso(now)!,
      commitmentDueAt: iso(deadline),
      assigneeId: kase.assignee?.id,
      branchId: intake.branchId,
      customer: intake.customer,
    };
    const summary = stepSummary(commitment, step, commitments.timelineTime(deadline, commitment));
    const data = {
      commitmentId,
      commitmentKind: commitment.kind,
      stepId: step.id,
      target: step.target,
      template: step.template,
      dueAt: iso(dueAt),
    };
    const undelivered = (err: unknown) => {
      // A step that cannot be delivered (e.g. nobody above the assignee in the chart) must not end the
      // case: it is noted on the timeline for a person to follow up.
      const failure = err instanceof ActivityFailure ? (err.cause?.message ?? err.message) : String(err);
      log.warn('Ladder step could not be delivered', { commitmentId, stepId: step.id, failure });
      return failure;
    };

    if (patched(STEP_WITH_ENTRY_PATCH)) {
      const entry = nextEntry(STEP_EVENT[step.action], SYSTEM_ACTOR, summary, data);
      try {
        await fireLadderStep({
          ...input,
          timeZone: commitments.timeZone(commitment),
          timeline: { entry, view: view() },
        });
        return;
      } catch (err) {
        const failure = undelivered(err);
        return recordCaseEvent({
          workflowId,
          entry: {
            ...entry,
            summary: `${summary} — could not be delivered: ${failure}`,
            data: { ...data, failure },
          },
          view: view(),
        });
      }
    }

    let result: FireLadderStepResult | undefined;
    let failure: string | undefined;
    try {
      result = await fireLadderStep(input);
    } catch (err) {
      failure = undelivered(err);
    }
    await record(
      STEP_EVENT[step.action],
      SYSTEM_ACTOR,
      failure ? `${summary} — could not be delivered: ${failure}` : summary,
      { ...data, escalationId: result?.escalationId, recipients: result?.recipients, failure },
    );
  }

  async function deadlinePassed(commitmentId: string): Promise<void> {
    const commitment = commitments.get(commitmentId)!;
    if (commitment.kind === 'customer_test') {
      // The standard: no reply within 24 h means resolved — recorded as such, never silently.
      const budget = describeBudget(commitment.definition.budget);
      commitments.cancel(['customer_test'], Date.now(), `no reply within ${budget}`);
      return resolveCase(
        SYSTEM_ACTOR,
        { summary: `No reply from the customer within ${budget}: resolved by silence` },
        'resolved_by_silence',
      );
    }
    // No other commitment ends at its deadline today; end it rather than loop on it.
    commitments.cancel([commitment.kind], Date.now(), 'deadline passed');
  }

  /** A fixed time in the service procedure; what it starts, it starts at that time (not a few ms later). */
  async function momentReached(name: string, at: number): Promise<void> {
    if (name === SURVEY) {
      await notifyCustomer({
        idempotencyKey: `${workflowId}:survey:${kase.reopenCount}`,
        caseNumber: intake.number,
        customer: intake.customer,
        template: 'survey',
        data: { resolvedAt: iso(kase.resolvedAt) },
      });
      return record('survey_sent', SYSTEM_ACTOR, 'Satisfaction survey sent to the customer', {
        template: 'survey',
      });
    }
    if (name === LEVEL2_CALLBACK && callbacksAsWorkflows) {
      const level2 = ownCallbacks.find((c) => c.level === 2 && c.round === round());
      if (!level2) return closeCase(SYSTEM_ACTOR, 'Closed: no level-2 callback is required for this case');
      if (level2.ended) return; // answered early; its outcome has been handled
      return record(
        'callback_due',
        SYSTEM_ACTOR,
        `Level-2 callback ${level2.callbackId} open: call the customer by ${level2.due}`,
        { callbackId: level2.callbackId, dueAt: level2.dueAt },
      );
    }
    if (name === LEVEL2_CALLBACK) {
      const level2 = commitments.start('callback_level2', at);
      if (!level2) {
        // The policy asks for no level-2 callback for this kind of case (e.g. inquiries by default):
        // nothing is left to wait for.
        return closeCase(SYSTEM_ACTOR, 'Closed: no level-2 callback is required for this case');
      }
      return record(
        'callback_due',
        SYSTEM_ACTOR,
        `Level-2 callback due: call the customer by ${due(level2)}`,
        {
          commitmentId: level2.id,
        },
      );
    }
  }

  /** A message to the customer through the outbox; `step` makes it once per case moment. */
  function tellCustomer(
    template: NotificationType,
    step: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    return notifyCustomer({
      idempotencyKey: `${workflowId}:${step}`,
      caseNumber: intake.number,
      customer: intake.customer,
      template,
      data,
    });
  }

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────────────

  setHandler(caseViewQuery, view);

  setHandler(
    caseActionUpdate,
    async (request) => {
      await act(request);
      return view();
    },
    { validator: (request) => validateAction(request, intake.kind, kase.state) },
  );

  setHandler(
    recordCallbackUpdate,
    async (request) => {
      await recordCallback(request);
      return view();
    },
    {
      validator: (request) => {
        validateCallback(request, kase.state);
        // This round's level-1/2 callbacks are work items of their own: the call is recorded there.
        if (callbacksAsWorkflows && (request.level === 1 || request.level === 2))
          throw callbackElsewhere(request.level);
      },
    },
  );

  // A callback workflow (level 3 from the month-end sample) reports its outcome; a customer who is not
  // satisfied reopens a resolved case. The attempt itself is already in `callbacks` (the callback wrote it).
  setHandler(callbackOutcomeSignal, (outcome) => callbackOutcome(outcome));

  setHandler(policyChangedSignal, async (change) => {
    const outcome = commitments.replan(change);
    const { by } = change;
    if (outcome.type === 'unchanged' || outcome.type === 'ignored') {
      // A repeated or late signal (a resumed publish, a retried rollout): the plan stands, the timeline stays quiet.
      log.info('Policy change not applied', {
        policyVersion: change.policy.version,
        outcome: outcome.type,
        reason: outcome.type === 'ignored' ? outcome.reason : undefined,
      });
      return;
    }
    if (ownCallbacks.some((c) => !c.ended) && patched(CALLBACK_REPLAN_PATCH)) await replanCallbacks();
    const version = change.policy.version;
    const prefix =
      outcome.type === 'policy'
        ? `Re-planned under policy v${version} by ${by.username}`
        : `Re-planned for calendar ${outcome.calendarIds.map((id) => `'${id}'`).join(', ')} change by ${by.username}`;
    // A calendar change names only the commitments it moved; a new version names every open one.
    const shown =
      outcome.type === 'policy'
        ? outcome.replanned
        : outcome.replanned.filter(
            (r) => r.dueBefore !== r.dueAfter || r.remainingBefore !== r.remainingAfter,
          );
    const lines = shown.map((r) => {
      const c = r.commitment;
      if (r.notInNewPolicy)
        return `${c.id} is not in v${version}, keeps its v${r.fromVersion} plan (due ${commitments.timelineTime(r.dueBefore, c)})`;
      if (c.status === 'paused')
        return `${c.id} (paused) ${describeMs(r.remainingBefore)} → ${describeMs(r.remainingAfter)} left`;
      return `${c.id} due ${commitments.timelineTime(r.dueBefore, c)} → ${commitments.timelineTime(r.dueAfter, c)}`;
    });
    const none = outcome.type === 'policy' ? 'no open commitments' : 'no due time moved';
    await record('commitment_replanned', by, `${prefix}: ${lines.length ? lines.join('; ') : none}`, {
      policyVersion: version,
      calendarIds: outcome.type === 'calendars' ? outcome.calendarIds : undefined,
      commitments: shown.map((r) => ({
        commitmentId: r.commitment.id,
        status: r.commitment.status,
        dueBefore: iso(r.dueBefore),
        dueAfter: iso(r.dueAfter),
        remainingBeforeMs: r.remainingBefore,
        remainingAfterMs: r.remainingAfter,
      })),
    });
  });

  // ── The case ──────────────────────────────────────────────────────────────────────────────────────

  const receivedAt = Date.parse(intake.receivedAt);
  if (intake.kind === 'service_request') {
    // "Within 1 h of the call", or "within 30 min of dispatch": a dispatched case arrives now.
    commitments.start('first_contact', intake.dispatched ? Date.now() : receivedAt);
    commitments.start('forwarding', receivedAt);
  } else {
    commitments.start('inquiry_answer', receivedAt);
  }
  await record(
    'case_received',
    intake.operator,
    `${intake.kind === 'inquiry' ? 'Inquiry' : 'Service request'} ${intake.number} received by ${intake.channel} from ${intake.customer.name}, logged by ${intake.operator.username}` +
      // The routing rides on the intake entry (an argument, not a command: earlier histories replay as they were).
      (intake.routing ? `; ${routedTo(intake.routing)}` : ''),
    {
      channel: intake.channel,
      category: intake.category,
      dispatched: intake.dispatched,
      ...(intake.routing ? { routing: intake.routing } : {}),
    },
  );
  // The customer gets the case number at once, to quote when they call again.
  await tellCustomer('intake_acknowledgement', 'intake');

  // Sleep until the next promise needs attention (or a change moves it); act; repeat until the case ends.
  while (!isTerminal(kase.state)) {
    const item = await commitments.waitForNext(() => isTerminal(kase.state));
    if (item && !isTerminal(kase.state)) await handleDue(item);
  }
  // Let the update that ended the case (and any other in flight) finish writing before we complete.
  await condition(allHandlersFinished);
  log.info('Case ended', { number: intake.number, state: kase.state });
  return view();
}

/** One of the case's own callback workflows, as the case knows it. */
interface OwnCallback {
  callbackId: string;
  workflowId: string;
  level: 1 | 2;
  round: number;
  startsAt: string;
  dueAt?: string;
  /** The due time as people read it (local time). */
  due: string;
  ended: boolean;
  /** Settles once its start is recorded (a cancel is sent only after it). */
  started: Promise<void>;
}

// ── Validation (runs before an update is accepted: a rejection leaves no trace in history) ─────────

function validateAction(request: CaseActionRequest, kind: CaseView['kind'], state: CaseState): void {
  if (!request || typeof request !== 'object' || !CASE_ACTIONS.includes(request.action)) {
    throw validationFailed({ action: `must be one of ${CASE_ACTIONS.join(', ')}` });
  }
  validateActor(request.actor);
  if (!isActionAllowed(kind, state, request.action)) throw invalidState(request.action, state, kind);
  const errors = argumentErrors(request.action, (request.args ?? {}) as Record<string, unknown>);
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
}

/** The minimum the workflow relies on; the API validates its DTOs in full. */
function argumentErrors(action: CaseAction, args: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const text = (field: string) => {
    if (typeof args[field] !== 'string' || (args[field] as string).trim() === '')
      errors[field] = 'is required';
  };
  switch (action) {
    case 'assign':
      text('assigneeId');
      break;
    case 'schedule':
      if (typeof args.visitAt !== 'string' || Number.isNaN(Date.parse(args.visitAt)))
        errors.visitAt = 'must be an ISO 8601 time';
      break;
    case 'forward':
      if (!DEPARTMENTS.includes(args.department as never))
        errors.department = `must be one of ${DEPARTMENTS.join(', ')}`;
      break;
    case 'return-result':
      text('result');
      break;
    case 'request-customer-test':
      text('instructions');
      break;
    case 'record-test-result':
      if (typeof args.works !== 'boolean') errors.works = 'must be true or false';
      break;
    case 'resolve':
      text('summary');
      if (args.faultGrade !== undefined && !FAULT_GRADES.includes(args.faultGrade as never))
        errors.faultGrade = `must be one of ${FAULT_GRADES.join(', ')}`;
      break;
    case 'reopen':
    case 'cancel':
      text('reason');
      break;
    case 'add-note':
      text('text');
      break;
  }
  return errors;
}

function validateCallback(request: CallbackRequest, state: CaseState): void {
  if (!request || typeof request !== 'object') throw validationFailed({ request: 'is required' });
  validateActor(request.actor);
  const errors: Record<string, string> = {};
  if (![1, 2, 3].includes(request.level)) errors.level = 'must be 1, 2 or 3';
  if (typeof request.reached !== 'boolean') errors.reached = 'must be true or false';
  const s = request.satisfaction;
  if (request.reached && !(Number.isInteger(s) && s! >= 1 && s! <= 5))
    errors.satisfaction = 'must be 1..5 when the customer was reached';
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  // Callbacks follow a resolution; a reopened case is called back after its next one.
  if (state !== 'resolved') {
    throw ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: `Cannot record a callback on a case in state '${state}'; callbacks follow a resolution`,
      details: [{ state }],
      nonRetryable: true,
    });
  }
}

function validateActor(actor: Actor | undefined): void {
  if (!actor || typeof actor.userId !== 'string' || typeof actor.username !== 'string')
    throw validationFailed({ actor: 'userId and username are required' });
}

function invalidState(action: CaseAction, state: CaseState, kind: CaseView['kind']): ApplicationFailure {
  const allowed = allowedActions(kind, state);
  return ApplicationFailure.create({
    type: DomainErrorCode.InvalidState,
    message: `Cannot '${action}' a case in state '${state}'; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
    details: [{ state, allowedActions: allowed }],
    nonRetryable: true,
  });
}

function validationFailed(errors: Record<string, string>): ApplicationFailure {
  return ApplicationFailure.create({
    type: DomainErrorCode.ValidationFailed,
    message: `Invalid request: ${Object.entries(errors)
      .map(([field, problem]) => `${field} ${problem}`)
      .join('; ')}`,
    details: [{ errors }],
    nonRetryable: true,
  });
}

// ── Wording ─────────────────────────────────────────────────────────────────────────────────────────

function isSatisfied(request: CallbackRequest): boolean {
  return !request.extremelyDissatisfied && (request.satisfaction ?? 0) > NOT_SATISFIED_AT_MOST;
}

const STEP_EVENT: Record<LadderStep['action'], CaseEventType> = {
  remind: 'commitment_warning',
  breach: 'commitment_breached',
  escalate: 'commitment_escalated',
  notify: 'notification',
};

const TARGET_NAME: Record<LadderStep['target'], string> = {
  assignee: 'the assignee',
  supervisor: 'the supervisor',
  manager: 'the manager',
  quality_desk: 'the quality desk',
  hotline: 'the hotline',
  customer: 'the customer',
};

function stepSummary(commitment: CommitmentRecord, step: LadderStep, dueAt: string): string {
  const what = commitment.id.replace(/_/g, ' ');
  switch (step.template) {
    case 'chase_handler':
      return `Hotline asked to chase the handler: the result was due ${dueAt}`;
    case 'delay_apology':
      return `Customer told, with an apology, that the case is in progress (${what} was due ${dueAt})`;
    case 'test_reminder':
      return `Customer reminded to report the test result by ${dueAt}`;
  }
  switch (step.action) {
    case 'remind':
      return `Warning: ${what} is due ${dueAt}; ${TARGET_NAME[step.target]} reminded`;
    case 'breach':
      return `Breached: ${what} was due ${dueAt}; ${TARGET_NAME[step.target]} notified`;
    case 'escalate':
      return `Escalated to ${TARGET_NAME[step.target]}: ${what} was due ${dueAt}`;
    case 'notify':
      return `${TARGET_NAME[step.target]} notified (${step.template ?? 'notice'}): ${what} due ${dueAt}`;
  }
}

function describeBudget(budget: Budget): string {
  const unit = { minutes: 'min', hours: 'h', days: budget.amount === 1 ? 'day' : 'days' }[budget.unit];
  return `${budget.amount} ${unit}`;
}

/** "1 h 30 min", "2 days 3 h" (a paused commitment's budget left). */
function describeMs(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [
    days ? `${days} ${days === 1 ? 'day' : 'days'}` : '',
    hours ? `${hours} h` : '',
    minutes % 60 ? `${minutes % 60} min` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 min';
}

const note = (text: string | undefined) => (text ? `: ${text}` : '');
const remarks = (request: { remarks?: string }) => (request.remarks ? ` — “${request.remarks}”` : '');
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
