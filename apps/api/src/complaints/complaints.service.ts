import { Injectable } from '@nestjs/common';
import type { ComplaintIntake } from '@caseflow/domain';
import { ComplaintWorkflowClient } from './complaint-workflow.client';

/**
 * Complaints from every source: the API's intake, and other modules (customer evaluations) through
 * `raise`. Workflows raise complaints themselves with `raiseComplaint` (workflows/raise-complaint.ts).
 */
@Injectable()
export class ComplaintsService {
  constructor(private readonly workflows: ComplaintWorkflowClient) {}

  /**
   * Raises a complaint at most once per key (e.g. `evaluation-<id>`): a second call with the same key
   * answers the complaint the first one raised. Resolves once the complaint has its number.
   */
  async raise(intake: ComplaintIntake, key: string): Promise<{ number: string; workflowId: string }> {
    const { view } = await this.workflows.start(intake, key);
    return { number: view.number, workflowId: view.workflowId };
  }
}
