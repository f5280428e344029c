import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { TemporalService } from '@caseflow/temporal';
import { policyChangedSignal, type PolicyChange } from '../../../../workflows/messages';

/** 'ended': the workflow has completed (the case or complaint closed since the rollout listed it). */
export type SignalOutcome = 'signalled' | 'ended';

/**
 * The rollouts' only door to Temporal: one `policyChanged` signal per case or complaint workflow. A signal
 * is safe to repeat — the workflow ignores a version (or calendar revision) it already has — so a resumed
 * rollout may re-send to a workflow it reached just before a crash.
 */
@Injectable()
export class PolicySignalClient {
  constructor(private readonly temporal: TemporalService) {}

  /** One client per batch: a Client is cheap, but there is no need to make thousands. */
  async session(): Promise<(workflowId: string, change: PolicyChange) => Promise<SignalOutcome>> {
    const client: Client = await this.temporal.client();
    return async (workflowId, change) => {
      try {
        await client.workflow.getHandle(workflowId).signal(policyChangedSignal, change);
        return 'signalled';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return 'ended';
        throw error;
      }
    };
  }
}
