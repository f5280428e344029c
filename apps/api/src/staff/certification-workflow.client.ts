import { Injectable } from '@nestjs/common';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { TemporalService } from '@caseflow/temporal';
import {
  CERTIFICATION_WORKFLOW_TYPE,
  certificateRenewedSignal,
  certificateRevokedSignal,
  certificationWorkflowId,
  type CertificationWorkflowInput,
} from '../../../../workflows/certification.workflow';

/** The API's door to the certification workflows: start one per certificate, signal renewals and revocations. */
@Injectable()
export class CertificationWorkflowClient {
  constructor(private readonly temporal: TemporalService) {}

  async start(input: CertificationWorkflowInput): Promise<string> {
    const client = await this.temporal.client();
    const workflowId = certificationWorkflowId(input.certificateId);
    await client.workflow.start(CERTIFICATION_WORKFLOW_TYPE, {
      taskQueue: this.temporal.taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return workflowId;
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
