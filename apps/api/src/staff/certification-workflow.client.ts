import { Injectable } from '@nestjs/common';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { certificationWorkflowId, WORKFLOW_TYPES } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import {
  certificateRenewedSignal,
  certificateRevokedSignal,
  type CertificationWorkflowInput,
} from '../../../../workflows/certification-messages';
import type { certificationWorkflow } from '../../../../workflows/certification.workflow';

/** The API's door to the certification workflows: start one per certificate, signal renewals and revocations. */
@Injectable()
export class CertificationWorkflowClient {
  constructor(private readonly temporal: TemporalService) {}

  async start(input: CertificationWorkflowInput): Promise<string> {
    const client = await this.temporal.client();
    const workflowId = certificationWorkflowId(input.certificateId);
    await client.workflow.start<typeof certificationWorkflow>(WORKFLOW_TYPES.certification, {
      taskQueue: this.temporal.taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return workflowId;
  }

  /**
   * A new run for a certificate whose workflow ended at its expiry and that a recorded decision renewed;
   * the same id, so renewals and revocations reach it as before. Refused while a run is still open.
   */
  async restart(input: CertificationWorkflowInput): Promise<void> {
    const client = await this.temporal.client();
    await client.workflow.start<typeof certificationWorkflow>(WORKFLOW_TYPES.certification, {
      taskQueue: this.temporal.taskQueue,
      workflowId: certificationWorkflowId(input.certificateId),
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
  }

  async renewed(certificateId: string, expiresAt: string): Promise<void> {
    const client = await this.temporal.client();
    await client.workflow.getHandle(certificationWorkflowId(certificateId)).signal(certificateRenewedSignal, {
      expiresAt,
    });
  }

  async revoked(certificateId: string, reason: string): Promise<void> {
    const client = await this.temporal.client();
    await client.workflow.getHandle(certificationWorkflowId(certificateId)).signal(certificateRevokedSignal, {
      reason,
    });
  }
}
