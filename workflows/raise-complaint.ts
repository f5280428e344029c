// Raising a complaint from inside another workflow (a case's callback, a level-3 callback): a child
// workflow that outlives its starter, started at most once per key.
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { complaintWorkflowId, WORKFLOW_TYPES } from '@caseflow/domain';
import type { complaintWorkflow } from './complaint.workflow';
import type { ComplaintWorkflowInput } from './messages';

/**
 * Starts the complaint and returns its workflow id. A start that finds the complaint already running
 * (the same key raised twice, e.g. after a reset) is not an error: the complaint exists, once.
 */
export async function raiseComplaint(key: string, input: ComplaintWorkflowInput): Promise<string> {
  const workflowId = complaintWorkflowId(key);
  try {
    await startChild<typeof complaintWorkflow>(WORKFLOW_TYPES.complaint, {
      workflowId,
      args: [input],
      // A complaint is handled for days after the case or callback that raised it has closed.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return workflowId;
}
