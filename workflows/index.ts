// The workflow bundle's entry: every workflow the worker runs is exported from here.
export { serviceRequestWorkflow } from './service-request.workflow';
export { deliverNotification } from './notification-delivery.workflow';
export { certificationWorkflow } from './certification.workflow';
export { complaintWorkflow } from './complaint.workflow';
export { callbackWorkflow } from './callback.workflow';
export { monthEndSampleWorkflow } from './month-end-sample.workflow';
export { weeklyCallbackSummaryWorkflow } from './weekly-summary.workflow';
export { monthlyReportPackWorkflow } from './report-pack.workflow';
export { careCampaignWorkflow } from './care-campaign.workflow';
export { policyRolloutWorkflow } from './policy-rollout.workflow';
