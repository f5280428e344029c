// The weekly callback summary for management: every week at the configured weekday and time (default
// Monday 09:00, local), the past week's callbacks — done, reached %, satisfaction, reopened cases, by branch
// and engineer — are stored and sent through the notifications outbox. One run per week (continue-as-new);
// the wait is a durable timer, re-planned when an admin changes the settings.
import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import { addDays, createCalendar, type BusinessCalendar, type Weekday } from '@caseflow/sla';
import type { CallbackActivities } from '../activities/callback-types';
import { samplingSettingsChangedSignal, type WeeklySummaryWorkflowInput } from './callback-messages';
import { RETRY_UNTIL_IT_WORKS } from './kernel/activity-options';

const { loadSamplingSettings, writeWeeklySummary } = proxyActivities<CallbackActivities>({
  startToCloseTimeout: '2 minutes',
  retry: RETRY_UNTIL_IT_WORKS,
});

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export async function weeklyCallbackSummaryWorkflow(input: WeeklySummaryWorkflowInput = {}): Promise<void> {
  let settingsChanged = false;
  setHandler(samplingSettingsChangedSignal, () => {
    settingsChanged = true;
  });
  for (;;) {
    const { settings, calendar } = await loadSamplingSettings();
    const business = createCalendar(calendar);
    const { date, at } = nextOccurrence(business, Date.now(), settings.weeklySummary, input.lastWeekStart);
    settingsChanged = false;
    if (await condition(() => settingsChanged, Math.max(1, at - Date.now()))) continue;
    // The week that ended the day before the summary day.
    const weekStart = addDays(date, -7);
    await writeWeeklySummary({ weekStart, weekEnd: addDays(date, -1), timeZone: calendar.timeZone });
    return continueAsNew<typeof weeklyCallbackSummaryWorkflow>({ lastWeekStart: weekStart });
  }
}

/**
 * The next summary moment after `now` (the configured weekday at the configured local time) whose week has
 * not been summarised yet.
 */
export function nextOccurrence(
  calendar: BusinessCalendar,
  now: number,
  when: { weekday: Weekday; time: string },
  lastWeekStart?: string,
): { date: string; at: number } {
  const today = calendar.localDateOf(now);
  for (let d = 0; d <= 14; d++) {
    const date = addDays(today, d);
    if (WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] !== when.weekday) continue;
    const at = calendar.zone.instantAt(Date.parse(`${date}T${when.time}:00Z`));
    if (at <= now || (lastWeekStart !== undefined && addDays(date, -7) <= lastWeekStart)) continue;
    return { date, at };
  }
  throw new Error(`No ${when.weekday} within two weeks of ${today}`);
}
