// The case's own level-1 and level-2 callbacks, as callback workflows: started at resolution, re-planned
// with the case, cancelled when it moves on.
import {
  ApplicationFailure,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { callbackWorkflowId, DomainErrorCode, WORKFLOW_TYPES, type Actor } from '@caseflow/domain';
import { commitmentFor, dueAt as dueAtOf, startCommitment } from '@caseflow/sla';
import {
  callbackCancelSignal,
  callbackReplanSignal,
  caseCallbackId,
  type CallbackWorkflowInput,
} from '../callback-messages';
import { iso } from '../kernel';
import type { callbackWorkflow } from '../callback.workflow';
import type { Case, OwnCallback } from './state';

/**
 * Levels 1 and 2 run as callback workflows the case starts at resolution (before: commitments of the case
 * and the `recordCallback` update). A round resolved before the switch keeps its in-case callbacks.
 */
export const CALLBACKS_AS_WORKFLOWS_PATCH = 'callbacks-as-workflows';
/**
 * A policy change re-plans the open level-1/2 callback workflows' due times too (a signal to each); cases
 * that re-planned before keep their histories (their callbacks kept the first plan).
 */
export const CALLBACK_REPLAN_PATCH = 'callbacks-follow-policy-changes';

/**
 * Starts this round's level-1 or level-2 callback, from `startsAt`, under the policy's commitment for it
 * (its budget, on working time of its calendar: the calling hours); none when the policy defines none.
 * The callback owns its due time, assignee, attempts and work-queue row; the case cancels it when it
 * moves on (`endCallbacks`).
 */
export async function startCallback(
  sr: Case,
  level: 1 | 2,
  startsAt: number,
): Promise<OwnCallback | undefined> {
  const { commitments, intake, kase } = sr;
  const definition = commitmentFor(commitments.policyVersion, `callback_level${level}`, sr.facts);
  if (!definition) return undefined;
  const callbackId = caseCallbackId(level, intake.number, sr.round());
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
    complaintKey: `case-${intake.number}-callback-${level}-${sr.round()}`,
  };
  const started = startChild<typeof callbackWorkflow>(WORKFLOW_TYPES.callback, {
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
    round: sr.round(),
    startsAt: iso(startsAt)!,
    dueAt: iso(dueAt),
    due: commitments.timelineTime(dueAt, promise),
    ended: false,
    started,
  };
  sr.ownCallbacks.push(own);
  await started;
  return own;
}

/** The case moved on (reopened, closed): its callbacks still open end, so nobody calls about it. */
export async function endCallbacks(sr: Case, reason: string, actor: Actor): Promise<void> {
  const open = sr.ownCallbacks.filter((c) => !c.ended);
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
export async function replanCallbacks(sr: Case): Promise<void> {
  const { commitments } = sr;
  const open = sr.ownCallbacks.filter((c) => !c.ended);
  await Promise.all(
    open.map(async (c) => {
      const definition = commitmentFor(commitments.policyVersion, `callback_level${c.level}`, sr.facts);
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
export function callbackElsewhere(sr: Case, level: 1 | 2): ApplicationFailure {
  const { number } = sr.intake;
  const own = sr.ownCallbacks.find((c) => c.level === level && c.round === sr.round() && !c.ended);
  return ApplicationFailure.create({
    type: DomainErrorCode.InvalidState,
    message: own
      ? `Case ${number}'s level-${level} callback is callback ${own.callbackId}: record the call there (POST /api/callbacks/${own.callbackId}/attempts)`
      : `Case ${number} has no open level-${level} callback`,
    details: [{ level, callbackId: own?.callbackId }],
    nonRetryable: true,
  });
}
