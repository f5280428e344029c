// Signals and the query of the certification workflow, shared with the API (which imports this file, never
// the workflow), so names can never drift. Its type and id: `WORKFLOW_TYPES.certification` and
// `certificationWorkflowId` in @caseflow/domain.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface CertificationWorkflowInput {
  certificateId: string;
  staffId: string;
  /** ISO. */
  expiresAt: string;
}

export type CertificationStatus = 'active' | 'expired' | 'revoked';

export interface CertificationView {
  certificateId: string;
  status: CertificationStatus;
  expiresAt: string;
  /** The expiry a reminder has gone out for, if any (ISO). */
  remindedFor?: string;
  /** Open cases flagged for reassignment when the certificate ended. */
  flagged?: number;
}

/** A renewal: the same certificate, valid until the new expiry. */
export const certificateRenewedSignal = defineSignal<[{ expiresAt: string }]>('certificateRenewed');
/** A revocation, already recorded by the API: the engineer leaves the pool now. */
export const certificateRevokedSignal = defineSignal<[{ reason: string }]>('certificateRevoked');
export const certificationViewQuery = defineQuery<CertificationView>('certificationView');
