import { Injectable } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
} from '@temporalio/client';
import { caseWorkflowId, DomainError, isTerminal, WORKFLOW_TYPES, type CaseView } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import {
  caseActionUpdate,
  caseViewQuery,
  recordCallbackUpdate,
  type CallbackRequest,
  type CaseActionRequest,
  type CaseWorkflowInput,
} from '../../../../workflows/messages';
import type { serviceRequestWorkflow } from '../../../../workflows/service-request.workflow';

/**
 * The API's only door to the case workflows: start, act (updates), read (query). Errors raised inside the
 * workflow (an action not allowed now, an uncertified assignee) come back as Temporal failures carrying a
 * DomainErrorCode, which the exception filter maps; a case whose workflow has ended is answered here.
 */
@Injectable()
export class CaseWorkflowClient {
  constructor(private readonly temporal: TemporalService) {}

  /**
   * Starts the case's workflow. A second start with the same number (a retried intake) is refused by
   * Temporal and answered with the running case instead: `started` says which happened.
   */
  start(input: CaseWorkflowInput): Promise<{ view: CaseView; started: boolean }> {
    return this.temporal.deliver((client) => this.startWith(client, input));
  }

  private async startWith(
    client: Client,
    input: CaseWorkflowInput,
  ): Promise<{ view: CaseView; started: boolean }> {
    const workflowId = caseWorkflowId(input.intake.number);
    try {
      const handle = await client.workflow.start<typeof serviceRequestWorkflow>(
        WORKFLOW_TYPES.serviceRequest,
        {
          taskQueue: this.temporal.taskQueue,
          workflowId,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
        },
      );
      return {
        view: await this.temporal.queryWithinActionTimeout(client, () => handle.query(caseViewQuery)),
        started: true,
      };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const view = await this.temporal.queryWithinActionTimeout(client, () =>
        client.workflow.getHandle(workflowId).query(caseViewQuery),
      );
      return { view, started: false };
    }
  }

  /** The case as its workflow sees it now; undefined when there is no such workflow. */
  async view(caseNumber: string): Promise<CaseView | undefined> {
    const client = await this.temporal.client();
    try {
      return await this.temporal.queryWithinActionTimeout(client, () =>
        client.workflow.getHandle(caseWorkflowId(caseNumber)).query(caseViewQuery),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * One operator action (the `caseAction` update); answers with the case after it. With an `updateId`
   * (from the request's Idempotency-Key) a retry is the same update: Temporal answers the first one's
   * outcome instead of applying it twice.
   */
  act(caseNumber: string, request: CaseActionRequest, updateId?: string): Promise<CaseView> {
    return this.update(caseNumber, (client, workflowId) =>
      client.workflow
        .getHandle(workflowId)
        .executeUpdate(caseActionUpdate, { args: [request], ...(updateId ? { updateId } : {}) }),
    );
  }

  /** One customer callback (the `recordCallback` update); answers with the case after it. */
  recordCallback(caseNumber: string, request: CallbackRequest, updateId?: string): Promise<CaseView> {
    return this.update(caseNumber, (client, workflowId) =>
      client.workflow
        .getHandle(workflowId)
        .executeUpdate(recordCallbackUpdate, { args: [request], ...(updateId ? { updateId } : {}) }),
    );
  }

  private async update(
    caseNumber: string,
    send: (client: Client, workflowId: string) => Promise<CaseView>,
  ): Promise<CaseView> {
    const workflowId = caseWorkflowId(caseNumber);
    try {
      return await this.temporal.deliver((client) =>
        this.temporal.withinActionTimeout(client, () => send(client, workflowId)),
      );
    } catch (error) {
      // An update cannot reach a workflow that has completed: Temporal says "not found" for both an
      // unknown case and an ended one. A query still answers for an ended one, so ask.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      const view = await this.view(caseNumber);
      if (!view) throw caseNotFound(caseNumber);
      if (isTerminal(view.state)) throw caseEnded(view);
      throw error;
    }
  }
}

export function caseNotFound(caseNumber: string): DomainError {
  return DomainError.notFound(`Case ${caseNumber} was not found.`, { number: caseNumber });
}

function caseEnded(view: CaseView): DomainError {
  return DomainError.invalidState(`Case ${view.number} is ${view.state}: nothing more can be done on it.`, {
    state: view.state,
    allowedActions: [],
  });
}
