// What the callback's one timer wakes it for: a ladder step of its due time, or its next attempt.
import type { LadderStep } from '@caseflow/sla';
import type { Due } from '../commitments';
import { fireStepOnce, iso, undelivered } from '../kernel';
import { fireLadderStep } from './activity-proxies';
import { NEXT_ATTEMPT, type Callback } from './state';

export async function handleDue(call: Callback, item: Due): Promise<void> {
  if (item.type === 'moment') {
    if (item.name === NEXT_ATTEMPT && call.cb.state === 'retry_scheduled') {
      call.cb.state = 'open';
      return call.save();
    }
    return;
  }
  if (item.type === 'step') return fireStep(call, item.commitmentId, item.step, item.at);
  call.commitments.cancel([call.kind], Date.now(), 'deadline passed');
}

/** One ladder step, exactly once (the kernel's rule); a breach shows on the work-queue row. */
function fireStep(call: Callback, commitmentId: string, step: LadderStep, at: number): Promise<void> {
  const { input, commitments } = call;
  return fireStepOnce(commitments, commitmentId, step, async (commitment, now) => {
    try {
      await fireLadderStep({
        workflowId: call.workflowId,
        caseNumber: input.caseNumber,
        commitmentId,
        commitmentKind: call.kind,
        stepId: step.id,
        action: step.action,
        target: step.target,
        template: step.template,
        dueAt: iso(at)!,
        firedAt: iso(now)!,
        commitmentDueAt: iso(commitments.dueAt(commitment)),
        assigneeId: call.cb.assignee?.id,
        branchId: input.branchId,
        customer: input.customer,
      });
    } catch (err) {
      undelivered(err, commitmentId, step);
    }
    if (step.action === 'breach') await call.save();
  });
}
