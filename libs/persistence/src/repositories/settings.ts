// Admin settings that activities and API services both read (`settings` rows, JSON documents): the
// month-end sampling and the monthly report pack. One reader each, so a default can never differ between
// the worker that applies a setting and the page that shows it.
import type { Weekday } from '@caseflow/sla';
import type { Queryable } from '../policy-snapshots';

/** The admin's sampling settings (`settings` row 'sampling'); read where they apply, at that moment. */
export interface SamplingSettings {
  /** 1000–2000 (10–20 %). */
  ratioBp: number;
  /** Local time (HH:mm) on the month's last working day at which the sample is drawn. */
  drawTime: string;
  /** The calendar whose working days, zone and working periods (calling hours) the callbacks use. */
  calendarId: string;
  /** Attempts before a callback is recorded unreachable. */
  maxAttempts: number;
  /** Level-3 callbacks are due within this many working days of the next month. */
  level3WorkingDays: number;
  /** When the weekly summary goes to management (local time on the calendar). */
  weeklySummary: { weekday: Weekday; time: string };
}

export const DEFAULT_SAMPLING_SETTINGS: SamplingSettings = {
  ratioBp: 1500,
  drawTime: '17:00',
  calendarId: 'default',
  maxAttempts: 3,
  level3WorkingDays: 5,
  weeklySummary: { weekday: 'mon', time: '09:00' },
};

export async function readSamplingSettings(db: Queryable): Promise<SamplingSettings> {
  const rows = await db.query<{ value: Partial<SamplingSettings> }[]>(
    `SELECT "value" FROM "settings" WHERE "key" = 'sampling'`,
  );
  return { ...DEFAULT_SAMPLING_SETTINGS, ...(rows[0]?.value ?? {}) };
}

export const REPORT_PACK_SETTING = 'report_pack';

/** What an admin configures: who receives the monthly report pack. */
export interface ReportPackSettings {
  recipients: string[];
}

export async function readReportPackSettings(db: Queryable): Promise<ReportPackSettings> {
  const rows = await db.query<{ value: Partial<ReportPackSettings> }[]>(
    `SELECT "value" FROM "settings" WHERE "key" = $1`,
    [REPORT_PACK_SETTING],
  );
  return { recipients: rows[0]?.value.recipients ?? [] };
}
