// Every workflow's registered type name and every workflow id, in one place. The API, the worker, the
// workflows that start others and the tests all name workflows through these, so a name cannot drift.
// (Signals, queries and updates sit beside each other in `workflows/*-messages.ts`.)

/**
 * The workflow types the worker registers: each is the name of a function exported by `workflows/index.ts`
 * (a test holds the two lists equal). Start one typed, so its arguments are checked by the compiler:
 * `client.workflow.start<typeof serviceRequestWorkflow>(WORKFLOW_TYPES.serviceRequest, { args: [input], … })`
 * with the function imported as a type (`import type`).
 */
export const WORKFLOW_TYPES = {
  serviceRequest: 'serviceRequestWorkflow',
  complaint: 'complaintWorkflow',
  callback: 'callbackWorkflow',
  monthEndSample: 'monthEndSampleWorkflow',
  weeklyCallbackSummary: 'weeklyCallbackSummaryWorkflow',
  monthlyReportPack: 'monthlyReportPackWorkflow',
  careCampaign: 'careCampaignWorkflow',
  certification: 'certificationWorkflow',
  notificationDelivery: 'deliverNotification',
  policyRollout: 'policyRolloutWorkflow',
} as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];

/** Workflow id of a case: the same id names the case row, so a retried intake can never make two. */
export function caseWorkflowId(caseNumber: string): string {
  return `case-${caseNumber}`;
}

/**
 * The complaint's workflow id from its idempotency key: e.g. `api-<Idempotency-Key or uuid>`,
 * `case-<number>-callback-<level>-<round>`, `callback-<id>`, `evaluation-<id>`.
 */
export const complaintWorkflowId = (key: string): string => `complaint-${key}`;

/** `callback-<id>`; the callback ids themselves (`L3-<month>-<case number>`, …) are in callback-messages. */
export const callbackWorkflowId = (callbackId: string): string => `callback-${callbackId}`;

/** One certificate's workflow, from issue to expiry (a renewal after expiry starts a new run, same id). */
export const certificationWorkflowId = (certificateId: string): string => `certificate-${certificateId}`;

export const careCampaignWorkflowId = (campaignId: string): string => `care-campaign-${campaignId}`;

/** One notification's delivery (retries, quiet hours); the outbox starts it once per notification row. */
export const notificationDeliveryWorkflowId = (notificationId: string): string =>
  `notification-${notificationId}`;

/** One run per policy or calendar rollout: a retried publish that starts it again finds the run under way. */
export const policyRolloutWorkflowId = (rolloutId: string): string => `policy-rollout-${rolloutId}`;

/** An admin's month-end sample drawn by hand: its callbacks are started once (`yyyy-mm`). */
export const sampleWorkflowId = (month: string): string => `sample-${month}`;

/** The singletons: one long-running workflow each, started idempotently at boot (continue-as-new keeps the id). */
export const MONTH_END_SAMPLE_WORKFLOW_ID = 'month-end-sample';
export const WEEKLY_SUMMARY_WORKFLOW_ID = 'weekly-callback-summary';
export const REPORT_PACK_WORKFLOW_ID = 'report-pack';
