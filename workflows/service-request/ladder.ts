// What the case's one timer wakes it for: a ladder step of a commitment, a deadline that ends one (the
// customer's test), or a scheduled moment (the survey, the level-2 callback).
import { patched } from '@temporalio/workflow';
import { SYSTEM_ACTOR } from '@caseflow/domain';
import type { LadderStep } from '@caseflow/sla';
import type { FireLadderStepInput, FireLadderStepResult } from '../../activities/types';
import type { Due } from '../commitments';
import {
  CASE_STEP_WORDING,
  describeBudget,
  fireStepOnce,
  iso,
  STEP_EVENT,
  stepSummary,
  undelivered,
} from '../kernel';
import { closeCase, resolveCase } from './lifecycle';
import { fireLadderStep, notifyCustomer, recordCaseEvent, STEP_WITH_ENTRY_PATCH } from './records';
import { LEVEL2_CALLBACK, SURVEY, type Case } from './state';

export async function handleDue(sr: Case, item: Due): Promise<void> {
  switch (item.type) {
    case 'step':
      return fireStep(sr, item.commitmentId, item.step, item.at);
    case 'deadline':
      return deadlinePassed(sr, item.commitmentId);
    case 'moment':
      return momentReached(sr, item.name, item.at);
  }
}

/** One ladder step, exactly once (the kernel's rule); the escalation and its timeline entry, one record. */
function fireStep(sr: Case, commitmentId: string, step: LadderStep, dueAt: number): Promise<void> {
  const { commitments, intake, workflowId } = sr;
  return fireStepOnce(commitments, commitmentId, step, async (commitment, now) => {
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
      assigneeId: sr.kase.assignee?.id,
      branchId: intake.branchId,
      customer: intake.customer,
    };
    const summary = stepSummary(
      commitment,
      step,
      commitments.timelineTime(deadline, commitment),
      CASE_STEP_WORDING,
    );
    const data = {
      commitmentId,
      commitmentKind: commitment.kind,
      stepId: step.id,
      target: step.target,
      template: step.template,
      dueAt: iso(dueAt),
    };

    if (patched(STEP_WITH_ENTRY_PATCH)) {
      const entry = sr.nextEntry(STEP_EVENT[step.action], SYSTEM_ACTOR, summary, data);
      try {
        await fireLadderStep({
          ...input,
          timeZone: commitments.timeZone(commitment),
          timeline: { entry, view: sr.view() },
        });
        return;
      } catch (err) {
        const failure = undelivered(err, commitmentId, step);
        return recordCaseEvent({
          workflowId,
          entry: {
            ...entry,
            summary: `${summary} — could not be delivered: ${failure}`,
            data: { ...data, failure },
          },
          view: sr.view(),
        });
      }
    }

    // Steps fired before the patch: the escalation first, then its timeline entry on its own.
    let result: FireLadderStepResult | undefined;
    let failure: string | undefined;
    try {
      result = await fireLadderStep(input);
    } catch (err) {
      failure = undelivered(err, commitmentId, step);
    }
    await sr.record(
      STEP_EVENT[step.action],
      SYSTEM_ACTOR,
      failure ? `${summary} — could not be delivered: ${failure}` : summary,
      { ...data, escalationId: result?.escalationId, recipients: result?.recipients, failure },
    );
  });
}

async function deadlinePassed(sr: Case, commitmentId: string): Promise<void> {
  const { commitments } = sr;
  const commitment = commitments.get(commitmentId)!;
  if (commitment.kind === 'customer_test') {
    // The standard: no reply within 24 h means resolved — recorded as such, never silently.
    const budget = describeBudget(commitment.definition.budget);
    commitments.cancel(['customer_test'], Date.now(), `no reply within ${budget}`);
    return resolveCase(
      sr,
      SYSTEM_ACTOR,
      { summary: `No reply from the customer within ${budget}: resolved by silence` },
      'resolved_by_silence',
    );
  }
  // No other commitment ends at its deadline today; end it rather than loop on it.
  commitments.cancel([commitment.kind], Date.now(), 'deadline passed');
}

/** A fixed time in the service procedure; what it starts, it starts at that time (not a few ms later). */
async function momentReached(sr: Case, name: string, at: number): Promise<void> {
  const { intake, kase } = sr;
  if (name === SURVEY) {
    await notifyCustomer({
      idempotencyKey: `${sr.workflowId}:survey:${kase.reopenCount}`,
      caseNumber: intake.number,
      customer: intake.customer,
      template: 'survey',
      data: { resolvedAt: iso(kase.resolvedAt) },
    });
    return sr.record('survey_sent', SYSTEM_ACTOR, 'Satisfaction survey sent to the customer', {
      template: 'survey',
    });
  }
  if (name === LEVEL2_CALLBACK && sr.callbacksAsWorkflows) {
    const level2 = sr.ownCallbacks.find((c) => c.level === 2 && c.round === sr.round());
    if (!level2) return closeCase(sr, SYSTEM_ACTOR, 'Closed: no level-2 callback is required for this case');
    if (level2.ended) return; // answered early; its outcome has been handled
    return sr.record(
      'callback_due',
      SYSTEM_ACTOR,
      `Level-2 callback ${level2.callbackId} open: call the customer by ${level2.due}`,
      { callbackId: level2.callbackId, dueAt: level2.dueAt },
    );
  }
  if (name === LEVEL2_CALLBACK) {
    const level2 = sr.commitments.start('callback_level2', at);
    if (!level2) {
      // The policy asks for no level-2 callback for this kind of case (e.g. inquiries by default):
      // nothing is left to wait for.
      return closeCase(sr, SYSTEM_ACTOR, 'Closed: no level-2 callback is required for this case');
    }
    return sr.record(
      'callback_due',
      SYSTEM_ACTOR,
      `Level-2 callback due: call the customer by ${sr.due(level2)}`,
      {
        commitmentId: level2.id,
      },
    );
  }
}
