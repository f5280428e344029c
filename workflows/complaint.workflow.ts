// One complaint, in rounds until the customer is satisfied: the complaint procedure of the service
// standards, with every limit a commitment from the complaint policy, kept by durable timers.
//
//   received → round n: forwarded to the responsible supervisor (complaint desk copied)
//            → acknowledged → a clear answer promised → customer contacted → result delivered in person
//            → handling report (cause, penalty proposal) → callback on the result
//   satisfied → archived; not satisfied → round n+1, until the round limit → the GM office, who closes it
//
// The workflow allocates its own number and reads the complaint policy through an activity (any starter —
// the API, a case's callback, a customer evaluation — gives only the intake). Staff act through the
// `complaintAction` update (validated against the state table in @caseflow/domain, so a refused action
// leaves no trace); admins re-plan running complaints with `policyChanged`, as for cases. Every change is
// written to the complaint's timeline and read model before the update answers.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  allowedComplaintActions,
  COMPLAINT_ACTIONS,
  complaintIntakeErrors,
  defaultDepartmentFor,
  DomainErrorCode,
  isComplaintEnded,
  nextComplaintState,
  PENALTY_PROPOSALS,
  SYSTEM_ACTOR,
  type Actor,
  type ComplaintAction,
  type ComplaintRound,
  type ComplaintState,
  type ComplaintView,
  type TimelineEntry,
} from '@caseflow/domain';
import type { CaseFacts, CommitmentRecord, LadderStep } from '@caseflow/sla';
import type { ComplaintActivities } from '../activities/complaint-types';
import type { CaseRecordActivities } from '../activities/types';
import { CommitmentRunner, type Due } from './commitments';
import {
  complaintActionUpdate,
  complaintOpenedUpdate,
  complaintViewQuery,
  type ComplaintActionRequest,
  type ComplaintEventType,
} from './complaint-messages';
import { policyChangedSignal, type ComplaintWorkflowInput } from './messages';
import { keptStorable, notedEntry } from './storable-records';

const {
  openComplaint,
  recordComplaintEvent: recordComplaintEventOnce,
  routeComplaint,
  routeToGmOffice,
  fireComplaintStep,
  checkStaffInvolved,
  proposePenalties,
  notifyCustomer: notifyCustomerOnce,
} = proxyActivities<ComplaintActivities & Pick<CaseRecordActivities, 'notifyCustomer'>>({
  startToCloseTimeout: '30 seconds',
  // Business refusals (VALIDATION_FAILED, NOT_FOUND) are non-retryable; anything else is retried until it
  // works, so a timeline entry or a penalty proposal is never dropped.
  retry: { initialInterval: '1s', maximumInterval: '1 minute' },
});

/** A record the database refuses for good is written storable, and says so (see storable-records.ts). */
const recordComplaintEvent: ComplaintActivities['recordComplaintEvent'] = (input) =>
  keptStorable(recordComplaintEventOnce, input, (i) => ({ ...i, entry: notedEntry(i.entry) }));
const notifyCustomer: CaseRecordActivities['notifyCustomer'] = (input) =>
  keptStorable(notifyCustomerOnce, input);

/** The commitments of one round, by the step that keeps them (see the complaint policy's rules). */
export const COMPLAINT_COMMITMENTS = {
  /** Forwarded at once, day or night: the supervisor acknowledges, or the ladder climbs. */
  acknowledge: 'complaint_acknowledge',
  /** A clear answer promised within 2 h (simple) or 24 h (complex). */
  answer: 'complaint_answer',
  /** The customer contacted within 24 h (phone complaints: a reply within 1 working day). */
  contact: 'complaint_contact',
  /** Phone complaints: handled within 3 (simple) or 5 (complex) working days. */
  handling: 'complaint_handling',
  /** The result delivered in person within 5 working days. */
  result: 'complaint_result',
  /** The handling report the working day after the result. */
  report: 'complaint_report',
  /** The callback on the result. */
  callback: 'complaint_callback',
} as const;
const C = COMPLAINT_COMMITMENTS;

export async function complaintWorkflow({ intake }: ComplaintWorkflowInput): Promise<ComplaintView> {
  const { workflowId } = workflowInfo();
  const department = defaultDepartmentFor(intake.category);
  const facts: CaseFacts = {
    caseKind: 'complaint',
    category: intake.category,
    tier: intake.customer.tier,
    complexity: intake.complexity,
    channel: intake.source,
  };

  // Set once the number is allocated and the policy read (the first activity).
  let number = '';
  let roundLimit = 0;
  let commitments: CommitmentRunner | undefined = undefined;
  let opened = false;

  const complaint: {
    state: ComplaintState;
    rounds: ComplaintRound[];
    closedAt?: number;
    closeReason?: string;
    updatedAt: number;
  } = { state: 'forwarded', rounds: [], updatedAt: Date.now() };
  let seq = 0;
  const current = () => complaint.rounds[complaint.rounds.length - 1];

  function view(): ComplaintView {
    const runner = commitments!;
    const policy = runner.policyVersion;
    const all = runner.view(Date.now()).map((c) => ({ ...c, round: roundOf(c.id) }));
    return {
      number,
      workflowId,
      state: complaint.state,
      source: intake.source,
      category: intake.category,
      complexity: intake.complexity,
      department,
      customer: intake.customer,
      description: intake.description,
      branchId: intake.branchId,
      receivedAt: intake.receivedAt,
      raisedBy: intake.raisedBy,
      sourceCaseNumber: intake.sourceCaseNumber,
      sourceCallbackId: intake.sourceCallbackId,
      sourceEvaluationId: intake.sourceEvaluationId,
      round: complaint.rounds.length,
      roundLimit,
      rounds: complaint.rounds.map((r) => ({ ...r, commitmentIds: [...r.commitmentIds] })),
      closedAt: iso(complaint.closedAt),
      closeReason: complaint.closeReason,
      policy: { id: policy.policyId, version: policy.version },
      commitments: all,
      breached: all.some((c) => c.breached),
      allowedActions: allowed(),
      lastSeq: seq,
      updatedAt: iso(complaint.updatedAt)!,
    };
  }

  const allowed = (): ComplaintAction[] =>
    allowedComplaintActions(complaint.state, { answerPromised: current()?.answerPromise !== undefined });

  /** Writes one timeline entry with the complaint as it is now (sequence and snapshot taken synchronously). */
  async function record(
    type: ComplaintEventType,
    actor: Actor,
    summary: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    complaint.updatedAt = Date.now();
    const round = complaint.rounds.length;
    const entry: TimelineEntry & { round: number } = {
      seq: ++seq,
      at: iso(complaint.updatedAt)!,
      type,
      actor: actor.username,
      summary,
      data: { round, ...data },
      round,
    };
    await recordComplaintEvent({ workflowId, entry, view: view() });
  }

  const due = (record: CommitmentRecord | undefined) =>
    record ? commitments!.timelineTime(commitments!.dueAt(record), record) : undefined;

  /** Starts this round's commitment of a kind (skipped when the policy does not define it for this complaint). */
  function promise(kind: string, at: number): CommitmentRecord | undefined {
    const round = current();
    const record = commitments!.start(kind, at, { id: `${kind}#${round.round}` });
    if (record && !round.commitmentIds.includes(record.id)) round.commitmentIds.push(record.id);
    return record;
  }

  // ── Rounds ────────────────────────────────────────────────────────────────────────────────────────

  async function startRound(at: number): Promise<void> {
    const round = complaint.rounds.length + 1;
    complaint.rounds.push({ round, startedAt: iso(at)!, outcome: 'open', commitmentIds: [] });
    complaint.state = 'forwarded';
    // The supervisor's clock starts when the complaint reaches them (now: a letter logged days after it
    // arrived is not late to be acknowledged); the customer's promises count from when we received it.
    const acknowledge = promise(C.acknowledge, Math.max(at, Date.now()));
    const answer = promise(C.answer, at);
    const contact = promise(C.contact, at);
    const handling = promise(C.handling, at);
    const result = promise(C.result, at);
    const routed = await routeComplaint({
      workflowId,
      complaintNumber: number,
      round,
      department,
      branchId: intake.branchId,
      customerName: intake.customer.name,
      summary: intake.description,
      answerDueAt: iso(answer && commitments!.dueAt(answer)),
    });
    current().forwardedTo = { department, supervisor: routed.supervisor, qualityDesk: routed.qualityDesk };
    const who = (ref: { staffId: string | null; name?: string }) => ref.name ?? 'nobody on the chart';
    const dues = [
      acknowledge && `acknowledgement due ${due(acknowledge)}`,
      answer && `clear answer due ${due(answer)}`,
      contact && `contact due ${due(contact)}`,
      handling && `handled by ${due(handling)}`,
      result && `result in person by ${due(result)}`,
    ].filter(Boolean);
    await record(
      'forwarded',
      SYSTEM_ACTOR,
      `Round ${round}: forwarded to the ${department.replace(/_/g, ' ')} supervisor (${who(routed.supervisor)}), ` +
        `complaint desk (${who(routed.qualityDesk)}) copied${dues.length ? `; ${dues.join(', ')}` : ''}`,
      { department, supervisor: routed.supervisor, qualityDesk: routed.qualityDesk },
    );
  }

  // ── Actions ───────────────────────────────────────────────────────────────────────────────────────

  async function act(request: ComplaintActionRequest): Promise<void> {
    const { actor } = request;
    const by = actor.username;
    const now = Date.now();
    const round = current();
    const step = { at: iso(now)!, by };
    const runner = commitments!;
    switch (request.action) {
      case 'acknowledge': {
        moveTo('acknowledge');
        runner.meet([C.acknowledge], now);
        round.acknowledged = step;
        return record(
          'acknowledged',
          actor,
          `Round ${round.round}: acknowledged by ${by}${note(request.args.note)}`,
          { note: request.args.note },
        );
      }
      case 'promise-answer': {
        const { answer, answerBy } = request.args;
        runner.meet([C.answer], now);
        round.answerPromise = { ...step, answer, ...(answerBy ? { answerBy: isoOf(answerBy) } : {}) };
        const when = answerBy ? ` by ${runner.timelineTime(Date.parse(answerBy))}` : '';
        return record(
          'answer_promised',
          actor,
          `Round ${round.round}: clear answer promised by ${by}${when}: ${answer}`,
          { answer, answerBy: round.answerPromise.answerBy },
        );
      }
      case 'contact': {
        moveTo('contact');
        runner.meet([C.contact], now);
        round.contacted = { ...step, ...(request.args.note ? { note: request.args.note } : {}) };
        return record(
          'contacted',
          actor,
          `Round ${round.round}: customer contacted by ${by}${note(request.args.note)}`,
          { note: request.args.note },
        );
      }
      case 'deliver-result': {
        const { result, inPerson } = request.args;
        moveTo('deliver-result');
        runner.meet([C.result, C.handling], now);
        round.result = { ...step, result, inPerson };
        const report = promise(C.report, now);
        const how = inPerson ? 'in person' : 'not in person';
        const reportDue = report ? `; handling report due ${due(report)}` : '';
        return record(
          'result_delivered',
          actor,
          `Round ${round.round}: result delivered ${how} by ${by}: ${result}${reportDue}`,
          { result, inPerson },
        );
      }
      case 'report': {
        const report = request.args;
        const involved = await checkedStaff(report.staffInvolved.map((s) => s.staffId));
        // The check took a round trip: another action may have moved the complaint meanwhile.
        assertAllowed('report');
        moveTo('report');
        runner.meet([C.report], now);
        const callback = promise(C.callback, now);
        const proposals = report.staffInvolved
          .filter((s) => s.penalty !== 'none')
          .map((s) => ({
            staffId: s.staffId,
            kind: s.penalty as Exclude<typeof s.penalty, 'none'>,
            ...(s.amount !== undefined ? { amount: s.amount } : {}),
            reason: s.reason ?? report.cause,
          }));
        const { proposed } = proposals.length
          ? await proposePenalties({
              complaintNumber: number,
              round: round.round,
              proposals,
              proposedBy: { userId: actor.userId, username: by },
            })
          : { proposed: 0 };
        round.report = { ...step, ...report, penaltiesProposed: proposals.length };
        const names = new Map(involved.map((s) => [s.staffId, s.name ?? s.staffId]));
        const penalties = proposals.length
          ? `; penalties proposed: ${proposals.map((p) => `${p.kind} for ${names.get(p.staffId)}`).join(', ')}`
          : '; no penalty proposed';
        const callbackDue = callback ? `; callback on the result due ${due(callback)}` : '';
        return record(
          'report_filed',
          actor,
          `Round ${round.round}: handling report by ${by} — cause: ${report.cause}; action: ${report.actionTaken}${penalties}${callbackDue}`,
          { ...report, penaltiesProposed: proposals.length, penaltiesNew: proposed },
        );
      }
      case 'record-callback':
        return recordCallback(actor, request.args);
      case 'close': {
        moveTo('close');
        complaint.closedAt = now;
        complaint.closeReason = request.args.reason;
        runner.cancel(undefined, now, `complaint closed: ${request.args.reason}`);
        return record('closed', actor, `Closed by ${by} (GM office): ${request.args.reason}`, {
          reason: request.args.reason,
        });
      }
    }
  }

  async function recordCallback(actor: Actor, args: { satisfied: boolean; remarks?: string }): Promise<void> {
    const now = Date.now();
    const round = current();
    const runner = commitments!;
    runner.meet([C.callback], now);
    round.callback = { at: iso(now)!, by: actor.username, ...args };
    round.outcome = args.satisfied ? 'satisfied' : 'not_satisfied';
    round.endedAt = iso(now);
    // Whatever of this round is still open (an answer never promised) no longer applies.
    runner.cancel(undefined, now, `round ${round.round} ended at the callback`);
    const said = args.remarks ? ` — “${args.remarks}”` : '';
    if (args.satisfied) {
      complaint.state = 'archived';
      complaint.closedAt = now;
      await record(
        'callback_recorded',
        actor,
        `Round ${round.round}: callback by ${actor.username}: satisfied${said}`,
        { ...args },
      );
      return record(
        'archived',
        SYSTEM_ACTOR,
        `Archived: the customer is satisfied after round ${round.round}`,
      );
    }
    if (round.round < roundLimit) {
      await record(
        'callback_recorded',
        actor,
        `Round ${round.round}: callback by ${actor.username}: not satisfied${said}; recorded again as round ${round.round + 1}`,
        { ...args },
      );
      return startRound(now);
    }
    complaint.state = 'gm_review';
    await record(
      'callback_recorded',
      actor,
      `Round ${round.round}: callback by ${actor.username}: not satisfied${said}; the round limit (${roundLimit}) is reached`,
      { ...args },
    );
    const gm = await routeToGmOffice({
      workflowId,
      complaintNumber: number,
      round: round.round,
      customerName: intake.customer.name,
      summary: intake.description,
    });
    await record(
      'escalated_to_gm_office',
      SYSTEM_ACTOR,
      `Escalated to the general manager's office (${gm.name ?? 'nobody on the chart'}) after ${round.round} rounds; it may close the complaint with a reason`,
      { gmOffice: gm },
    );
  }

  function moveTo(action: ComplaintAction): void {
    complaint.state = nextComplaintState(action) ?? complaint.state;
  }

  function assertAllowed(action: ComplaintAction): void {
    if (!allowed().includes(action)) throw invalidState(action, complaint.state, allowed());
  }

  /** Staff named in a report must exist: the activity's refusal is the update's. */
  async function checkedStaff(staffIds: string[]) {
    try {
      return await checkStaffInvolved({ staffIds });
    } catch (err) {
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
      throw err;
    }
  }

  // ── Timers: ladder steps ──────────────────────────────────────────────────────────────────────────

  async function handleDue(item: Due): Promise<void> {
    const runner = commitments!;
    if (item.type === 'step') return fireStep(item.commitmentId, item.step, item.at);
    // Complaint commitments do not end at their deadline and schedule no moments; end such a thing
    // rather than loop on it.
    if (item.type === 'deadline')
      runner.cancel([runner.get(item.commitmentId)!.kind], Date.now(), 'deadline passed');
  }

  /** One ladder step, exactly once: marked fired in workflow state before its side effect runs. */
  async function fireStep(commitmentId: string, step: LadderStep, dueAt: number): Promise<void> {
    const runner = commitments!;
    const now = Date.now();
    const commitment = runner.markFired(commitmentId, step.id, now);
    if (step.action === 'remind' && commitment.breachedAt !== undefined) return;
    const deadline = runner.dueAt(commitment);
    let recipients: string[] = [];
    let failure: string | undefined;
    try {
      ({ recipients } = await fireComplaintStep({
        workflowId,
        complaintNumber: number,
        department,
        branchId: intake.branchId,
        commitmentId,
        commitmentKind: commitment.kind,
        stepId: step.id,
        action: step.action,
        target: step.target,
        template: step.template,
        dueAt: iso(dueAt)!,
        firedAt: iso(now)!,
        commitmentDueAt: iso(deadline),
        customer: intake.customer,
      }));
    } catch (err) {
      // A step that cannot be delivered must not end the complaint: it is noted for a person to follow up.
      failure = err instanceof ActivityFailure ? (err.cause?.message ?? err.message) : String(err);
      log.warn('Ladder step could not be delivered', { commitmentId, stepId: step.id, failure });
    }
    const summary = stepSummary(commitment, step, runner.timelineTime(deadline, commitment));
    await record(
      STEP_EVENT[step.action],
      SYSTEM_ACTOR,
      failure ? `${summary} — could not be delivered: ${failure}` : summary,
      {
        commitmentId,
        commitmentKind: commitment.kind,
        stepId: step.id,
        target: step.target,
        template: step.template,
        dueAt: iso(dueAt),
        recipients,
        failure,
      },
    );
  }

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────────────

  setHandler(complaintViewQuery, () => (opened ? view() : undefined));

  setHandler(complaintOpenedUpdate, async () => {
    await condition(() => opened);
    return view();
  });

  setHandler(
    complaintActionUpdate,
    async (request) => {
      await act(request);
      return view();
    },
    {
      validator: (request) => {
        if (!opened) {
          throw ApplicationFailure.create({
            type: DomainErrorCode.InvalidState,
            message: 'The complaint is still being opened; try again in a moment',
            details: [{ state: 'opening', allowedActions: [] }],
            nonRetryable: true,
          });
        }
        validateAction(request, complaint.state, allowed());
      },
    },
  );

  // ── The complaint ─────────────────────────────────────────────────────────────────────────────────

  // Starters are other workflows and modules too: an intake the records would refuse ends here, named,
  // rather than retrying a write forever.
  const problems = complaintIntakeErrors(intake);
  if (Object.keys(problems).length > 0) throw validationFailed(problems);
  const setup = await openComplaint({ workflowId, intake });
  number = setup.number;
  roundLimit = setup.roundLimit;
  commitments = new CommitmentRunner({ policy: setup.policy, calendars: setup.calendars, facts });
  const runner = commitments;

  // Policy changes reach running complaints as they reach cases: the remaining time is re-planned.
  setHandler(policyChangedSignal, async (change) => {
    const outcome = runner.replan(change);
    if (outcome.type === 'unchanged' || outcome.type === 'ignored') {
      log.info('Policy change not applied', { policyVersion: change.policy.version, outcome: outcome.type });
      return;
    }
    const version = change.policy.version;
    const prefix =
      outcome.type === 'policy'
        ? `Re-planned under policy v${version} by ${change.by.username}`
        : `Re-planned for calendar ${outcome.calendarIds.map((id) => `'${id}'`).join(', ')} change by ${change.by.username}`;
    const lines = outcome.replanned.map((r) => {
      const c = r.commitment;
      if (r.notInNewPolicy) return `${c.id} is not in v${version}, keeps its v${r.fromVersion} plan`;
      return `${c.id} due ${runner.timelineTime(r.dueBefore, c)} → ${runner.timelineTime(r.dueAfter, c)}`;
    });
    await record(
      'commitment_replanned',
      change.by,
      `${prefix}: ${lines.length ? lines.join('; ') : 'no open commitments'}`,
      {
        policyVersion: version,
        commitments: outcome.replanned.map((r) => ({
          commitmentId: r.commitment.id,
          dueBefore: iso(r.dueBefore),
          dueAfter: iso(r.dueAfter),
        })),
      },
    );
  });

  const receivedAt = Date.parse(intake.receivedAt);
  const from = [
    intake.sourceCaseNumber && `case ${intake.sourceCaseNumber}`,
    intake.sourceCallbackId && `callback ${intake.sourceCallbackId}`,
    intake.sourceEvaluationId && `evaluation ${intake.sourceEvaluationId}`,
  ].filter(Boolean);
  await record(
    'complaint_received',
    intake.raisedBy,
    `Complaint ${number} received by ${intake.source.replace(/_/g, ' ')} from ${intake.customer.name} ` +
      `(${intake.category}, ${intake.complexity}), logged by ${intake.raisedBy.username}` +
      `${from.length ? `; raised from ${from.join(', ')}` : ''}: ${intake.description}`,
    {
      source: intake.source,
      category: intake.category,
      complexity: intake.complexity,
      sourceCaseNumber: intake.sourceCaseNumber,
      sourceCallbackId: intake.sourceCallbackId,
      sourceEvaluationId: intake.sourceEvaluationId,
    },
  );
  await startRound(receivedAt);
  // The customer hears at once that the complaint is logged, and by when the clear answer comes.
  const answer = runner.get(`${C.answer}#1`);
  await notifyCustomer({
    idempotencyKey: `${workflowId}:intake`,
    caseNumber: number,
    customer: intake.customer,
    template: 'complaint_acknowledgement',
    data: { answerBy: iso(answer && runner.dueAt(answer)) },
  });
  // Open for actions, and for the starter waiting on `complaintOpened`: everything above is written.
  opened = true;

  // Sleep until the next promise needs attention (or a change moves it); act; repeat until it ends.
  while (!isComplaintEnded(complaint.state)) {
    const item = await runner.waitForNext(() => isComplaintEnded(complaint.state));
    if (item && !isComplaintEnded(complaint.state)) await handleDue(item);
  }
  await condition(allHandlersFinished);
  log.info('Complaint ended', { number, state: complaint.state });
  return view();
}

// ── Validation (before an update is accepted: a rejection leaves no trace in history) ───────────────

function validateAction(
  request: ComplaintActionRequest,
  state: ComplaintState,
  allowed: ComplaintAction[],
): void {
  if (!request || typeof request !== 'object' || !COMPLAINT_ACTIONS.includes(request.action))
    throw validationFailed({ action: `must be one of ${COMPLAINT_ACTIONS.join(', ')}` });
  const actor = request.actor;
  if (!actor || typeof actor.userId !== 'string' || typeof actor.username !== 'string')
    throw validationFailed({ actor: 'userId and username are required' });
  if (!allowed.includes(request.action)) throw invalidState(request.action, state, allowed);
  const errors = argumentErrors(request.action, (request.args ?? {}) as Record<string, unknown>);
  if (Object.keys(errors).length > 0) throw validationFailed(errors);
}

/** The minimum the workflow relies on; the API validates its DTOs in full. */
function argumentErrors(action: ComplaintAction, args: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const text = (field: string, value: unknown = args[field]) => {
    if (typeof value !== 'string' || value.trim() === '') errors[field] = 'is required';
  };
  switch (action) {
    case 'promise-answer':
      text('answer');
      if (
        args.answerBy !== undefined &&
        (typeof args.answerBy !== 'string' || Number.isNaN(Date.parse(args.answerBy)))
      )
        errors.answerBy = 'must be an ISO 8601 time';
      break;
    case 'deliver-result':
      text('result');
      if (typeof args.inPerson !== 'boolean') errors.inPerson = 'must be true or false';
      break;
    case 'report': {
      text('cause');
      text('actionTaken');
      if (!Array.isArray(args.staffInvolved)) {
        errors.staffInvolved = 'must be a list (empty when nobody was involved)';
        break;
      }
      (args.staffInvolved as Record<string, unknown>[]).forEach((s, i) => {
        const at = `staffInvolved[${i}]`;
        if (!s || typeof s !== 'object') return void (errors[at] = 'must be { staffId, penalty }');
        text(`${at}.staffId`, s.staffId);
        if (!PENALTY_PROPOSALS.includes(s.penalty as never))
          errors[`${at}.penalty`] = `must be one of ${PENALTY_PROPOSALS.join(', ')}`;
        const amountOk = typeof s.amount === 'number' && Number.isFinite(s.amount) && s.amount > 0;
        if (s.penalty === 'fine' && !amountOk) errors[`${at}.amount`] = 'a fine needs an amount above 0';
        if (s.penalty !== 'fine' && s.amount !== undefined)
          errors[`${at}.amount`] = 'only a fine has an amount';
      });
      break;
    }
    case 'record-callback':
      if (typeof args.satisfied !== 'boolean') errors.satisfied = 'must be true or false';
      break;
    case 'close':
      text('reason');
      break;
  }
  return errors;
}

function invalidState(
  action: ComplaintAction,
  state: ComplaintState,
  allowed: ComplaintAction[],
): ApplicationFailure {
  return ApplicationFailure.create({
    type: DomainErrorCode.InvalidState,
    message: `Cannot '${action}' a complaint in state '${state}'; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
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

const STEP_EVENT: Record<LadderStep['action'], ComplaintEventType> = {
  remind: 'commitment_warning',
  breach: 'commitment_breached',
  escalate: 'commitment_escalated',
  notify: 'notification',
};

const TARGET_NAME: Record<LadderStep['target'], string> = {
  assignee: 'the responsible supervisor',
  supervisor: 'the responsible supervisor',
  manager: 'the manager above the supervisor',
  quality_desk: 'the complaint desk',
  hotline: 'the hotline',
  customer: 'the customer',
};

function stepSummary(commitment: CommitmentRecord, step: LadderStep, dueAt: string): string {
  const what = commitment.id.replace(/_/g, ' ');
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

/** `complaint_contact#2` → 2. */
const roundOf = (commitmentId: string) => Number(commitmentId.split('#')[1] ?? 1);
const note = (text: string | undefined) => (text ? `: ${text}` : '');
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const isoOf = (text: string) => new Date(text).toISOString();
