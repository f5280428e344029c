// The contract between the monthly report pack workflow and its activities (workflows import types only).
import type { CalendarDefinition } from '@caseflow/sla';

export { REPORT_PACK_SETTING, type ReportPackSettings } from '@caseflow/persistence/repositories/settings';

export interface ReportPackRunResult {
  month: string;
  status: 'sent' | 'no_recipients' | 'undeliverable';
  /** Recipients written to by this call (0 when an earlier attempt had already sent the pack). */
  sent: number;
}

export interface ReportPackActivities {
  /** The default calendar: the pack goes out at 08:00 local on each month's 1st, for the month before. */
  loadReportPackCalendar(): Promise<CalendarDefinition>;
  /** Builds and e-mails the month's pack (and the quarter's at a quarter's end), once per month. */
  sendReportPack(input: { month: string; workflowId: string }): Promise<ReportPackRunResult>;
}
