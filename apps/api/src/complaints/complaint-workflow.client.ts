import { Injectable } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import {
  complaintWorkflowId,
  DomainError,
  isComplaintEnded,
  WORKFLOW_TYPES,
  type ComplaintIntake,
  type ComplaintView,
} from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import {
  complaintActionUpdate,
  complaintOpenedUpdate,
  complaintViewQuery,
  type ComplaintActionRequest,
} from '../../../../workflows/complaint-messages';
import type { complaintWorkflow } from '../../../../workflows/complaint.workflow';

/**
 * The API's only door to complaint workflows: start (at most once per key), act (updates), read (query).
 * Errors raised inside the workflow come back as Temporal failures carrying a DomainErrorCode, which the
 * exception filter maps; a complaint whose workflow has ended is answered here.
 */
@Injectable()
export class ComplaintWorkflowClient {
  constructor(private readonly temporal: TemporalService) {}

  /**
   * Starts the complaint (or finds the one this key already started) and waits until it has its number
   * and its first timeline entry: `started` says which happened.
   */
  start(intake: ComplaintIntake, key: string): Promise<{ view: ComplaintView; started: boolean }> {
    return this.temporal.deliver((client) => this.startWith(client, intake, key));
  }

  private async startWith(
    client: Client,
    intake: ComplaintIntake,
    key: string,
  ): Promise<{ view: ComplaintView; started: boolean }> {
    const workflowId = complaintWorkflowId(key);
    let started = true;
    try {
      await client.workflow.start<typeof complaintWorkflow>(WORKFLOW_TYPES.complaint, {
        taskQueue: this.temporal.taskQueue,
        workflowId,
        args: [{ intake }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      started = false;
    }
    const handle = client.workflow.getHandle(workflowId);
    try {
      const view = await this.temporal.withinActionTimeout(client, () =>
        handle.executeUpdate(complaintOpenedUpdate),
      );
      return { view, started };
    } catch (error) {
      // The same key's complaint has already ended (archived or closed): its query still answers.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      const view = await this.temporal.queryWithinActionTimeout(client, () =>
        handle.query(complaintViewQuery),
      );
      if (!view) throw error;
      return { view, started };
    }
  }

  /** The complaint as its workflow sees it now; undefined when there is no such workflow. */
  async view(workflowId: string): Promise<ComplaintView | undefined> {
    const client = await this.temporal.client();
    try {
      return await this.temporal.queryWithinActionTimeout(client, () =>
        client.workflow.getHandle(workflowId).query(complaintViewQuery),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * One action (the `complaintAction` update); answers with the complaint after it. With an `updateId`
   * (from the request's Idempotency-Key) a retry is the same update, applied once.
   */
  async act(
    number: string,
    workflowId: string,
    request: ComplaintActionRequest,
    updateId?: string,
  ): Promise<ComplaintView> {
    try {
      return await this.temporal.deliver((client) =>
        this.temporal.withinActionTimeout(client, () =>
          client.workflow
            .getHandle(workflowId)
            .executeUpdate(complaintActionUpdate, { args: [request], ...(updateId ? { updateId } : {}) }),
        ),
      );
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      const view = await this.view(workflowId);
      if (!view) throw complaintNotFound(number);
      if (isComplaintEnded(view.state)) {
        throw DomainError.invalidState(
          `Complaint ${number} is ${view.state}: nothing more can be done on it.`,
          {
            state: view.state,
            allowedActions: [],
          },
        );
      }
      throw error;
    }
  }
}

export function complaintNotFound(number: string): DomainError {
  return DomainError.notFound(`Complaint ${number} was not found.`, { number });
}
