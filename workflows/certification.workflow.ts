// One engineer's certificate (上岗证), from issue to the end of its validity: 30 days before expiry the
// engineer and their supervisor are reminded; at expiry the engineer leaves the assignment pool for its
// product lines and their open cases are flagged for the supervisor to reassign (with a due time).
//
//   active ──(expiry − 30 d)──▶ reminded ──(expiry)──▶ expired
//      │ renewed: the timers re-plan on the new expiry      │
//      └── revoked: withdrawn at once ─────────────────────┘
//
// The timers are durable (`condition` with a timeout): nothing polls. The API records renewals and
// revocations in the database first, then signals the workflow; each activity checks the certificate it
// was asked about still has the expiry the workflow waited for, so a renewal racing a timer wins.
import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { StaffActivities } from '../activities/staff-types';
import {
  certificateRenewedSignal,
  certificateRevokedSignal,
  certificationViewQuery,
  type CertificationView,
  type CertificationWorkflowInput,
} from './certification-messages';
import { RETRY_UNTIL_IT_WORKS } from './kernel/activity-options';

/** How long before expiry the reminder goes out. */
export const CERTIFICATION_REMINDER_MS = 30 * 24 * 3600_000;

export async function certificationWorkflow(input: CertificationWorkflowInput): Promise<CertificationView> {
  const { remindCertificationExpiry, expireCertificate, settleRevokedCertificate } =
    proxyActivities<StaffActivities>({
      startToCloseTimeout: '30 seconds',
      retry: RETRY_UNTIL_IT_WORKS,
    });
  const workflowId = workflowInfo().workflowId;
  const view: CertificationView = {
    certificateId: input.certificateId,
    status: 'active',
    expiresAt: input.expiresAt,
  };
  let revoked = false;

  setHandler(certificateRenewedSignal, ({ expiresAt }) => {
    if (view.status === 'active' && !Number.isNaN(Date.parse(expiresAt))) view.expiresAt = expiresAt;
  });
  setHandler(certificateRevokedSignal, () => {
    revoked = true;
  });
  setHandler(certificationViewQuery, () => ({ ...view }));

  /** Waits until `at` unless the expiry changes or a revocation arrives first; true when interrupted. */
  const interruptedBefore = async (at: number, expiresAt: string): Promise<boolean> => {
    const changed = () => revoked || view.expiresAt !== expiresAt;
    const wait = at - Date.now();
    if (wait <= 0) return changed();
    return condition(changed, wait);
  };

  for (;;) {
    if (revoked) break;
    const expiresAt = view.expiresAt;
    const expiry = Date.parse(expiresAt);

    if (view.remindedFor !== expiresAt && Date.now() < expiry) {
      if (await interruptedBefore(expiry - CERTIFICATION_REMINDER_MS, expiresAt)) continue;
      await remindCertificationExpiry({ workflowId, certificateId: input.certificateId, expiresAt });
      view.remindedFor = expiresAt;
    }
    if (await interruptedBefore(expiry, expiresAt)) continue;

    const result = await expireCertificate({ workflowId, certificateId: input.certificateId, expiresAt });
    // Not withdrawn: the certificate was renewed in the database before our signal arrived; wait for it.
    if (!result.withdrawn) {
      await condition(() => revoked || view.expiresAt !== expiresAt);
      continue;
    }
    view.status = 'expired';
    view.flagged = result.flagged;
    return view;
  }

  const result = await settleRevokedCertificate({ workflowId, certificateId: input.certificateId });
  view.status = 'revoked';
  view.flagged = result.flagged;
  return view;
}
