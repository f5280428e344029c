// The monthly report pack for management: at 08:00 local (the default calendar) on each month's 1st, the
// month before — and at a quarter's end the quarter too — is built and e-mailed with the workbook attached.
// One run per month (continue-as-new); the wait is a durable timer, so a restart of every process on the
// 31st still sends the pack on the 1st, and the activity's run record makes it once per month.
import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { addDays, createCalendar, type BusinessCalendar } from '@caseflow/sla';
import type { ReportPackActivities } from '../activities/report-pack-types';
import type { ReportPackWorkflowInput } from './report-pack-messages';

const { loadReportPackCalendar, sendReportPack } = proxyActivities<ReportPackActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10s', maximumInterval: '10 minutes' },
});

/** The pack goes out at this local time on the 1st. */
export const REPORT_PACK_TIME = '08:00';

export async function monthlyReportPackWorkflow(input: ReportPackWorkflowInput = {}): Promise<void> {
  const calendar = createCalendar(await loadReportPackCalendar());
  const { month, at } = nextReportPack(calendar, Date.now(), input.lastMonth);
  await sleep(Math.max(1, at - Date.now()));
  await sendReportPack({ month, workflowId: workflowInfo().workflowId });
  return continueAsNew<typeof monthlyReportPackWorkflow>({ lastMonth: month });
}

/**
 * The next pack after `now`: the coming 1st at 08:00 local, for the month before it — skipping months
 * already sent (`lastMonth`).
 */
export function nextReportPack(
  calendar: BusinessCalendar,
  now: number,
  lastMonth?: string,
): { month: string; at: number } {
  let first = `${calendar.localDateOf(now).slice(0, 7)}-01`;
  for (let i = 0; i < 3; i++) {
    const at = calendar.zone.instantAt(Date.parse(`${first}T${REPORT_PACK_TIME}:00Z`));
    const month = addDays(first, -1).slice(0, 7);
    if (at > now && (lastMonth === undefined || month > lastMonth)) return { month, at };
    first = `${addDays(first, 32).slice(0, 7)}-01`;
  }
  throw new Error(`No report pack within three months of ${calendar.localDateOf(now)}`);
}
