// Names the API and the worker share for the monthly report pack (imported by both, so they never drift).

/** One long-running workflow (continue-as-new each month) sends every month's pack. */
export const REPORT_PACK_WORKFLOW_ID = 'report-pack';
export const REPORT_PACK_WORKFLOW_TYPE = 'monthlyReportPackWorkflow';

export interface ReportPackWorkflowInput {
  /** The last month whose pack this workflow sent (carried across continue-as-new). */
  lastMonth?: string;
}
