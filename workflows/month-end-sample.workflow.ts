// The month-end sample (月底抽查): one long-running workflow, one month per run (continue-as-new).
//
//   sleep until the month's last working day at the draw time (default 17:00, local) — a durable timer,
//   re-planned when an admin changes the settings → draw (settings read at that moment) → start a level-3
//   callback for every chosen customer, due within the first working days of the next month → next month.
//
// The draw itself is an activity (SQL over the month's population; see activities/sampling.ts) that returns
// numbers; the chosen cases are read back a page at a time to start their callbacks, so neither the
// history nor the worker holds the population. A very large sample continues-as-new between pages.
import {
  condition,
  continueAsNew,
  log,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { callbackWorkflowId, nextMonth, WORKFLOW_TYPES } from '@caseflow/domain';
import { createCalendar, type BusinessCalendar } from '@caseflow/sla';
import type {
  CallbackActivities,
  SamplingActivities,
  SamplingSettingsSnapshot,
} from '../activities/callback-types';
import type { callbackWorkflow } from './callback.workflow';
import {
  level3CallbackId,
  samplingSettingsChangedSignal,
  type CallbackWorkflowInput,
  type MonthEndSampleInput,
} from './callback-messages';
import { RETRY_UNTIL_IT_WORKS } from './kernel/activity-options';

const retry = RETRY_UNTIL_IT_WORKS;
const { loadSamplingSettings } = proxyActivities<CallbackActivities>({
  startToCloseTimeout: '30 seconds',
  retry,
});
const { sampledCases, markCallbacksStarted } = proxyActivities<SamplingActivities>({
  startToCloseTimeout: '30 seconds',
  retry,
});
// A draw sorts the whole month in PostgreSQL: give it time (a million cases take seconds).
const { drawSample } = proxyActivities<SamplingActivities>({ startToCloseTimeout: '10 minutes', retry });

const PAGE = 100;
/** Continue-as-new before the history grows past this many events (a few thousand callbacks started). */
const HISTORY_LIMIT = 10_000;

export async function monthEndSampleWorkflow(input: MonthEndSampleInput = {}): Promise<void> {
  let settingsChanged = false;
  setHandler(samplingSettingsChangedSignal, () => {
    settingsChanged = true;
  });

  let snapshot = await loadSamplingSettings();
  const month = input.month ?? monthOf(createCalendar(snapshot.calendar), Date.now());

  if (input.resume) {
    await startCallbacks(month, input.resume.sampleId, input.resume.after, snapshot, input.only);
    if (input.only) return;
    return continueAsNew<typeof monthEndSampleWorkflow>({ month: nextMonth(month) });
  }

  // Sleep until the draw; a settings change (ratio, time, calendar) re-reads them and re-plans the timer.
  for (;;) {
    const drawAt = drawMoment(createCalendar(snapshot.calendar), month, snapshot.settings.drawTime);
    settingsChanged = false;
    const wait = drawAt - Date.now();
    if (wait <= 0 || !(await condition(() => settingsChanged, wait))) break;
    snapshot = await loadSamplingSettings();
  }
  // The ratio that applies is the one set when the draw happens.
  snapshot = await loadSamplingSettings();
  const draw = await drawSample({
    month,
    ratioBp: snapshot.settings.ratioBp,
    trigger: 'schedule',
    triggeredBy: 'system',
  });
  log.info('Month-end sample drawn', {
    month,
    sampleId: draw.sampleId,
    population: draw.population,
    chosen: draw.chosen,
    created: draw.created,
  });
  if (draw.sampleId) await startCallbacks(month, draw.sampleId, undefined, snapshot);
  return continueAsNew<typeof monthEndSampleWorkflow>({ month: nextMonth(month) });
}

/**
 * Starts a level-3 callback for each chosen case (ids `callback-L3-<month>-<case>`: a repeat starts none),
 * due within the first working days of the next month (of the draw, for a month drawn late).
 */
export async function startCallbacks(
  month: string,
  sampleId: string,
  after: string | undefined,
  { settings, calendar }: SamplingSettingsSnapshot,
  only?: boolean,
): Promise<void> {
  const business = createCalendar(calendar);
  // From the next month's first working moment — or, for a month drawn late by hand, from now: the
  // customers get their 5 working days of calls either way, never a callback that is overdue at birth.
  const nextMonthStart = business.zone.instantAt(Date.parse(`${nextMonth(month)}-01T00:00:00Z`));
  const startsAt = business.nextWorkingTime(Math.max(nextMonthStart, Date.now())).toISOString();
  let cursor = after;
  for (;;) {
    const page = await sampledCases({ sampleId, after: cursor, limit: PAGE });
    await Promise.all(
      page.map(async (chosen) => {
        const callbackId = level3CallbackId(month, chosen.caseNumber);
        const args: CallbackWorkflowInput = {
          callbackId,
          level: 3,
          caseNumber: chosen.caseNumber,
          category: chosen.category,
          customer: chosen.customer,
          branchId: chosen.branchId,
          sampleId,
          engineerStaffId: chosen.engineerStaffId,
          startsAt,
          budget: { amount: settings.level3WorkingDays, unit: 'days' },
          calendar,
          maxAttempts: settings.maxAttempts,
        };
        try {
          await startChild<typeof callbackWorkflow>(WORKFLOW_TYPES.callback, {
            workflowId: callbackWorkflowId(callbackId),
            args: [args],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
      }),
    );
    if (page.length < PAGE) break;
    cursor = page[page.length - 1].caseNumber;
    if (workflowInfo().historyLength > HISTORY_LIMIT) {
      return continueAsNew<typeof monthEndSampleWorkflow>({
        month,
        resume: { sampleId, after: cursor },
        only,
      });
    }
  }
  await markCallbacksStarted({ sampleId });
}

/** `yyyy-mm` of an instant in the calendar's zone. */
export function monthOf(calendar: BusinessCalendar, at: number): string {
  return calendar.localDateOf(at).slice(0, 7);
}

/** The month's last working day at the draw time (local), as an instant. */
export function drawMoment(calendar: BusinessCalendar, month: string, drawTime: string): number {
  const lastWorkingDay = calendar.previousWorkingDay(`${nextMonth(month)}-01`);
  return calendar.zone.instantAt(Date.parse(`${lastWorkingDay}T${drawTime}:00Z`));
}
