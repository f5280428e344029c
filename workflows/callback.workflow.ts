// One customer callback (回访): a due time, an assignee from the quality desk, attempts within calling hours,
// and an outcome that goes back to the case.
//
//   pending (until it may be worked) → open → [not reached → retry_scheduled → open]… → done | unreachable
//
// - The due time is a commitment (CommitmentRunner): an overdue callback escalates like any promise.
// - Not reached: the next attempts are spread over the next working day's calling hours (the calendar's
//   working periods), up to `maxAttempts`; then the callback is recorded unreachable.
// - Reached and not satisfied: the case reopens — through its workflow while it runs (a signal), or, for a
//   level-3 callback on a closed case, as a new case linked to it. Extremely dissatisfied: a complaint.
// - Levels 1 and 2 are the case's own (started by its workflow at resolution): they also tell it when the
//   customer could not be reached, and end as `cancelled` when the case moves on (reopened, closed).
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { caseWorkflowId, DomainErrorCode, FAULT_GRADES, type Actor } from '@caseflow/domain';
import {
  createCalendar,
  standardLadder,
  type CommitmentDefinition,
  type LadderStep,
  type PolicyVersion,
} from '@caseflow/sla';
import type { CallbackActivities, CallbackTaskRecord } from '../activities/callback-types';
import type { CaseRecordActivities } from '../activities/types';
import {
  callbackAttemptUpdate,
  callbackCancelSignal,
  callbackOutcomeSignal,
  callbackReplanSignal,
  callbackViewQuery,
  type CallbackAttemptRequest,
  type CallbackState,
  type CallbackView,
  type CallbackWorkflowInput,
} from './callback-messages';
import { CommitmentRunner, type Due } from './commitments';
import { raiseComplaint } from './raise-complaint';

const retry = { initialInterval: '1s', maximumInterval: '1 minute' } as const;
const { assignCallback, recordCallbackTask, recordCallbackAttempt, prepareLinkedCase, loadSamplingSettings } =
  proxyActivities<CallbackActivities>({ startToCloseTimeout: '30 seconds', retry });
const { fireLadderStep } = proxyActivities<CaseRecordActivities>({
  startToCloseTimeout: '30 seconds',
  retry,
});

/** Satisfied means 3 of 5 or better (as for the case's own callbacks). */
export const CALLBACK_NOT_SATISFIED_AT_MOST = 2;
const NEXT_ATTEMPT = 'next_attempt';
const CLOSED: CallbackState[] = ['done', 'unreachable', 'cancelled'];

/** The registered type of the case workflow a linked case runs (no import: the bundle has it). */
const SERVICE_REQUEST_WORKFLOW = 'serviceRequestWorkflow';

export async function callbackWorkflow(input: CallbackWorkflowInput): Promise<CallbackView> {
  const { workflowId } = workflowInfo();
  const calendar = createCalendar(input.calendar);
  const kind = `callback_level${input.level}`;
  const commitmentDefinition: CommitmentDefinition = {
    kind,
    budget: input.budget,
    clock: 'working',
    calendarId: input.calendar.id,
    ladder: standardLadder(),
  };
  const policy: PolicyVersion = {
    policyId: 'callbacks',
    version: 1,
    rules: [{ match: {}, commitments: [commitmentDefinition] }],
  };
  const commitments = new CommitmentRunner({
    policy,
    calendars: [input.calendar],
    facts: { caseKind: 'callback' },
  });
  const startsAt = Date.parse(input.startsAt);
  // A case's callback leaves the number of attempts to the admin's settings, read once, at the start.
  const maxAttempts = input.maxAttempts ?? (await loadSamplingSettings()).settings.maxAttempts;

  const cb: {
    state: CallbackState;
    assignee?: { id: string; name: string };
    attempts: number;
    firstAttemptAt?: number;
    nextAttemptAt?: number;
    outcome?: CallbackView['outcome'];
    satisfaction?: number;
    engineerRating?: number;
    faultGrade?: CallbackAttemptRequest['faultGrade'];
    remarks?: string;
    reopenedCaseNumber?: string;
    complaintWorkflowId?: string;
    closedAt?: number;
  } = { state: Date.now() < startsAt ? 'pending' : 'open', attempts: 0 };
  let seq = 0;

  const dueAt = () => {
    const c = commitments.get(kind);
    return c ? commitments.dueAt(c) : undefined;
  };
  const breached = () => commitments.view(Date.now()).some((c) => c.breached);

  function view(): CallbackView {
    return {
      callbackId: input.callbackId,
      workflowId,
      level: input.level,
      caseNumber: input.caseNumber,
      state: cb.state,
      customer: input.customer,
      branchId: input.branchId,
      sampleId: input.sampleId,
      assignee: cb.assignee,
      startsAt: input.startsAt,
      dueAt: iso(dueAt()),
      nextAttemptAt: iso(cb.nextAttemptAt),
      attempts: cb.attempts,
      maxAttempts,
      outcome: cb.outcome,
      satisfaction: cb.satisfaction,
      reopenedCaseNumber: cb.reopenedCaseNumber,
      complaintWorkflowId: cb.complaintWorkflowId,
      breached: breached(),
    };
  }

  /** The work-queue row, brought up to the callback as it is now (ordered by `seq`). */
  function save(): Promise<void> {
    const record: CallbackTaskRecord = {
      callbackId: input.callbackId,
      workflowId,
      seq: ++seq,
      caseNumber: input.caseNumber,
      level: input.level,
      state: cb.state,
      customer: input.customer,
      branchId: input.branchId,
      sampleId: input.sampleId,
      assigneeStaffId: cb.assignee?.id,
      engineerStaffId: input.engineerStaffId,
      startsAt: input.startsAt,
      dueAt: iso(dueAt()),
      nextAttemptAt: iso(cb.nextAttemptAt),
      attempts: cb.attempts,
      maxAttempts,
      outcome: cb.outcome,
      satisfaction: cb.satisfaction,
      engineerRating: cb.engineerRating,
      faultGrade: cb.faultGrade,
      remarks: cb.remarks,
      reopenedCaseNumber: cb.reopenedCaseNumber,
      complaintWorkflowId: cb.complaintWorkflowId,
      breached: breached(),
      closedAt: iso(cb.closedAt),
    };
    return recordCallbackTask(record);
  }

  // ── Attempts ──────────────────────────────────────────────────────────────────────────────────────

  async function attempt(request: CallbackAttemptRequest): Promise<void> {
    const now = Date.now();
    cb.attempts += 1;
    cb.firstAttemptAt ??= now;
    await recordCallbackAttempt({
      callbackId: input.callbackId,
      attempt: cb.attempts,
      caseNumber: input.caseNumber,
      level: input.level,
      reached: request.reached,
      satisfaction: request.satisfaction,
      engineerRating: request.engineerRating,
      remarks: request.remarks,
      extremelyDissatisfied: request.extremelyDissatisfied,
      dueAt: iso(dueAt()),
      callerUserId: request.actor.userId,
      recordedAt: iso(now)!,
    });
    // The case moved on while the call was being recorded: the call stays on record, the callback cancelled.
    if (cb.state === 'cancelled') return save();
    if (!request.reached) {
      if (cb.attempts >= maxAttempts) {
        cb.state = 'unreachable';
        cb.outcome = 'unreachable';
        cb.closedAt = now;
        cb.nextAttemptAt = undefined;
        commitments.unschedule(NEXT_ATTEMPT);
        // Called as often as the standard asks: the promise was kept, the customer could not be reached.
        commitments.meet([kind], now);
        await save();
        // The case's own callbacks tell it (after an unreachable level-2 callback there is nothing to wait for).
        if (input.level !== 3) await tellCase(request.actor);
        return;
      }
      cb.state = 'retry_scheduled';
      cb.nextAttemptAt = nextAttemptAt(calendar, cb.firstAttemptAt, now, cb.attempts + 1, maxAttempts);
      commitments.schedule(NEXT_ATTEMPT, cb.nextAttemptAt);
      return save();
    }
    const satisfied =
      !request.extremelyDissatisfied && (request.satisfaction ?? 0) > CALLBACK_NOT_SATISFIED_AT_MOST;
    cb.state = 'done';
    cb.outcome = satisfied ? 'satisfied' : 'not_satisfied';
    cb.satisfaction = request.satisfaction;
    cb.engineerRating = request.engineerRating;
    cb.faultGrade = request.faultGrade;
    cb.remarks = request.remarks;
    cb.closedAt = now;
    cb.nextAttemptAt = undefined;
    commitments.unschedule(NEXT_ATTEMPT);
    commitments.meet([kind], now);
    await save();
    if (request.extremelyDissatisfied) {
      cb.complaintWorkflowId = await raiseComplaint(input.complaintKey ?? `callback-${input.callbackId}`, {
        intake: {
          source: 'callback',
          category: input.category,
          complexity: 'simple',
          customer: input.customer,
          description: `Extremely dissatisfied at the level-${input.level} callback of case ${input.caseNumber}${request.remarks ? `: ${request.remarks}` : ''}`,
          ...(input.branchId ? { branchId: input.branchId } : {}),
          receivedAt: iso(now)!,
          raisedBy: request.actor,
          sourceCaseNumber: input.caseNumber,
          sourceCallbackId: input.callbackId,
        },
      });
    }
    if (!satisfied) cb.reopenedCaseNumber = await reopen(request.actor);
    else await tellCase(request.actor);
    if (request.extremelyDissatisfied || !satisfied) await save();
  }

  /** Tells the running case the outcome; false when its workflow has ended (nothing to tell). */
  async function tellCase(actor: Actor): Promise<boolean> {
    try {
      await getExternalWorkflowHandle(caseWorkflowId(input.caseNumber)).signal(callbackOutcomeSignal, {
        callbackId: input.callbackId,
        level: input.level,
        satisfied: cb.outcome === 'satisfied',
        outcome: cb.outcome,
        satisfaction: cb.satisfaction,
        remarks: cb.remarks,
        attempts: cb.attempts,
        complaintWorkflowId: cb.complaintWorkflowId,
        actor,
      });
      return true;
    } catch (err) {
      log.info('The case workflow has ended; the outcome stays on the callback', {
        caseNumber: input.caseNumber,
        error: String(err),
      });
      return false;
    }
  }

  /** The case reopens through its workflow, or — closed already — as a new case linked to it. */
  async function reopen(actor: Actor): Promise<string> {
    const { remarks } = cb;
    if (await tellCase(actor)) return input.caseNumber;
    const start = await prepareLinkedCase({
      key: input.callbackId,
      caseNumber: input.caseNumber,
      reason: `the customer was not satisfied at the level-${input.level} callback${remarks ? ` (“${remarks}”)` : ''}`,
    });
    try {
      await startChild(SERVICE_REQUEST_WORKFLOW, {
        workflowId: caseWorkflowId(start.intake.number),
        args: [start],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return start.intake.number;
  }

  // ── Timers: the commitment's ladder, the next attempt, the moment it may be worked ────────────────

  async function handleDue(item: Due): Promise<void> {
    if (item.type === 'moment') {
      if (item.name === NEXT_ATTEMPT && cb.state === 'retry_scheduled') {
        cb.state = 'open';
        return save();
      }
      return;
    }
    if (item.type === 'step') return fireStep(item.commitmentId, item.step, item.at);
    commitments.cancel([kind], Date.now(), 'deadline passed');
  }

  async function fireStep(commitmentId: string, step: LadderStep, at: number): Promise<void> {
    const now = Date.now();
    const commitment = commitments.markFired(commitmentId, step.id, now);
    if (step.action === 'remind' && commitment.breachedAt !== undefined) return;
    try {
      await fireLadderStep({
        workflowId,
        caseNumber: input.caseNumber,
        commitmentId,
        commitmentKind: kind,
        stepId: step.id,
        action: step.action,
        target: step.target,
        template: step.template,
        dueAt: iso(at)!,
        firedAt: iso(now)!,
        commitmentDueAt: iso(commitments.dueAt(commitment)),
        assigneeId: cb.assignee?.id,
        branchId: input.branchId,
        customer: input.customer,
      });
    } catch (err) {
      log.warn('Callback ladder step could not be delivered', {
        commitmentId,
        stepId: step.id,
        err: String(err),
      });
    }
    if (step.action === 'breach') await save();
  }

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────────────

  setHandler(callbackViewQuery, view);
  setHandler(
    callbackAttemptUpdate,
    async (request) => {
      await attempt(request);
      return view();
    },
    { validator: (request) => validateAttempt(request, cb.state, input) },
  );
  // The case's policy changed: the due time follows, as for the case's own commitments (a signal that
  // changes nothing — the same version and calendar, or an older one — leaves it as it is).
  setHandler(callbackReplanSignal, async ({ policyVersion, budget, calendar: definition }) => {
    if (CLOSED.includes(cb.state)) return;
    const outcome = commitments.replan({
      policy: {
        policyId: 'callbacks',
        version: policyVersion,
        rules: [{ match: {}, commitments: [{ ...commitmentDefinition, budget, calendarId: definition.id }] }],
      },
      calendars: [definition],
    });
    if (outcome.type === 'unchanged' || outcome.type === 'ignored') return;
    log.info('Callback re-planned', { callbackId: input.callbackId, policyVersion, dueAt: iso(dueAt()) });
    await save();
  });
  setHandler(callbackCancelSignal, async ({ reason }) => {
    if (CLOSED.includes(cb.state)) return;
    const now = Date.now();
    cb.state = 'cancelled';
    cb.closedAt = now;
    cb.nextAttemptAt = undefined;
    commitments.unschedule(NEXT_ATTEMPT);
    commitments.cancel([kind], now, reason);
    log.info('Callback cancelled: its case moved on', { callbackId: input.callbackId, reason });
    // The work queue shows it closed; the main loop ends at once (its wait sees the closed state).
    await save();
  });

  // ── The callback ──────────────────────────────────────────────────────────────────────────────────

  await save();
  const assigned = await assignCallback({ callbackId: input.callbackId });
  cb.assignee = assigned && { id: assigned.staffId, name: assigned.name };
  if (!cb.assignee) log.warn('Nobody on the quality desk to assign the callback to', { workflowId });
  await save();
  if (cb.state === 'pending') {
    await condition(() => CLOSED.includes(cb.state), startsAt - Date.now());
    if (cb.state === 'pending') cb.state = 'open';
  }
  if (!CLOSED.includes(cb.state)) {
    commitments.start(kind, startsAt, { id: kind });
    await save();
  }
  while (!CLOSED.includes(cb.state)) {
    const item = await commitments.waitForNext(() => CLOSED.includes(cb.state));
    if (item && !CLOSED.includes(cb.state)) await handleDue(item);
  }
  await condition(allHandlersFinished);
  return view();
}

/**
 * When attempt `n` (2…max) is due: the attempts after the first are spread evenly over the calling hours
 * of the working day after the first attempt — never before now, never outside calling hours.
 */
export function nextAttemptAt(
  calendar: ReturnType<typeof createCalendar>,
  firstAttemptAt: number,
  now: number,
  n: number,
  max: number,
): number {
  const day = calendar.nextWorkingDay(calendar.localDateOf(firstAttemptAt));
  const periods = calendar.workingPeriodsOn(day);
  const start = periods[0].start.getTime();
  const workingMs = periods.reduce((sum, p) => sum + (p.end.getTime() - p.start.getTime()), 0);
  const slot = calendar
    .addWorkingTime(start, Math.floor((workingMs * (n - 2)) / Math.max(1, max - 1)))
    .getTime();
  return calendar.nextWorkingTime(Math.max(slot, now)).getTime();
}

function validateAttempt(
  request: CallbackAttemptRequest,
  state: CallbackState,
  input: Pick<CallbackWorkflowInput, 'level' | 'startsAt'>,
): void {
  if (!request || typeof request !== 'object') throw validationFailed({ request: 'is required' });
  const errors: Record<string, string> = {};
  if (!request.actor || typeof request.actor.userId !== 'string')
    errors.actor = 'userId and username are required';
  if (typeof request.reached !== 'boolean') errors.reached = 'must be true or false';
  const s = request.satisfaction;
  if (request.reached && !(Number.isInteger(s) && s! >= 1 && s! <= 5))
    errors.satisfaction = 'must be 1..5 when the customer was reached';
  const r = request.engineerRating;
  if (r !== undefined && !(Number.isInteger(r) && r >= 1 && r <= 5)) errors.engineerRating = 'must be 1..5';
  if (request.faultGrade !== undefined && !FAULT_GRADES.includes(request.faultGrade))
    errors.faultGrade = `must be one of ${FAULT_GRADES.join(', ')}`;
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
  if (CLOSED.includes(state)) {
    throw ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: `The callback is ${state}: no more attempts can be recorded on it`,
      details: [{ state }],
      nonRetryable: true,
    });
  }
  // A level-2 callback is the call 48 h after the service: before that point it is not due, and a call
  // recorded then would not be the one the standard asks for. (A sampled level-3 callback may be worked
  // as soon as it is drawn.)
  if (state === 'pending' && input.level === 2) {
    throw ApplicationFailure.create({
      type: DomainErrorCode.InvalidState,
      message: `The level-2 callback is made 48 h after the service: it can be recorded from ${input.startsAt}, not before`,
      details: [{ state, startsAt: input.startsAt }],
      nonRetryable: true,
    });
  }
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

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
