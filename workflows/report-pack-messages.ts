// What the API and the worker share for the monthly report pack (imported by both, so they never drift).
// One long-running workflow (continue-as-new each month) sends every month's pack: its type and id are
// `WORKFLOW_TYPES.monthlyReportPack` and `REPORT_PACK_WORKFLOW_ID` in @caseflow/domain.

export interface ReportPackWorkflowInput {
  /** The last month whose pack this workflow sent (carried across continue-as-new). */
  lastMonth?: string;
}
