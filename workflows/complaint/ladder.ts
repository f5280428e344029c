// What the complaint's one timer wakes it for: a ladder step of one of its round's commitments.
import { SYSTEM_ACTOR } from '@caseflow/domain';
import type { LadderStep } from '@caseflow/sla';
import type { Due } from '../commitments';
import { COMPLAINT_STEP_WORDING, fireStepOnce, iso, STEP_EVENT, stepSummary, undelivered } from '../kernel';
import { fireComplaintStep } from './activity-proxies';
import type { Complaint } from './state';

export async function handleDue(cp: Complaint, item: Due): Promise<void> {
  const runner = cp.commitments;
  if (item.type === 'step') return fireStep(cp, item.commitmentId, item.step, item.at);
  // Complaint commitments do not end at their deadline and schedule no moments; end such a thing
  // rather than loop on it.
  if (item.type === 'deadline')
    runner.cancel([runner.get(item.commitmentId)!.kind], Date.now(), 'deadline passed');
}

/** One ladder step, exactly once (the kernel's rule); delivered, then written to the timeline. */
function fireStep(cp: Complaint, commitmentId: string, step: LadderStep, dueAt: number): Promise<void> {
  const runner = cp.commitments;
  const { intake } = cp;
  return fireStepOnce(runner, commitmentId, step, async (commitment, now) => {
    const deadline = runner.dueAt(commitment);
    let recipients: string[] = [];
    let failure: string | undefined;
    try {
      ({ recipients } = await fireComplaintStep({
        workflowId: cp.workflowId,
        complaintNumber: cp.number,
        department: cp.department,
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
      failure = undelivered(err, commitmentId, step);
    }
    const time = runner.timelineTime(deadline, commitment);
    const summary = stepSummary(commitment, step, time, COMPLAINT_STEP_WORDING);
    await cp.record(
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
  });
}
