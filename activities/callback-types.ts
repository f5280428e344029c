// The contract between the callback, month-end sample and weekly summary workflows and their activities
// (workflows import these types only). Every input carries what makes a retry harmless.
import type { CaseIntake, Category, Customer, FaultGrade } from '@caseflow/domain';
import type { CalendarDefinition, PolicyVersion, ServiceSchedule, Weekday } from '@caseflow/sla';

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

export interface SamplingSettingsSnapshot {
  settings: SamplingSettings;
  calendar: CalendarDefinition;
}

export interface SampleBranch {
  branchId: string;
  population: number;
  skipped: number;
  eligible: number;
  chosen: number;
}

export interface DrawSampleInput {
  /** `yyyy-mm`. */
  month: string;
  ratioBp: number;
  trigger: 'schedule' | 'admin';
  /** A username, or 'system' for the schedule. */
  triggeredBy: string;
  /** Compute only: nothing is stored but the month's seed (so the draw will choose the same). */
  preview?: boolean;
  /**
   * An admin's draw of a month that has not ended yet (in the sampling calendar's time zone), with the
   * reason, which is recorded with the sample. Without it such a draw is refused.
   */
  force?: { reason: string };
}

/** A case a preview would choose. */
export interface PreviewedCase {
  caseNumber: string;
  branchId: string;
  customerName: string;
  customerPhone: string;
}

/** A draw's numbers (never its rows: the chosen cases stay in `sample_cases`). */
export interface DrawSampleResult {
  sampleId?: string;
  month: string;
  ratioBp: number;
  seed: string;
  population: number;
  skipped: number;
  chosen: number;
  branches: SampleBranch[];
  /** False when the month had been drawn already (the stored sample is answered). */
  created: boolean;
  /** A preview only (never a workflow's activity result): the cases the draw would choose. */
  cases?: PreviewedCase[];
}

/** A chosen case, enough to start its level-3 callback. */
export interface SampledCase {
  caseNumber: string;
  category: Category;
  customer: Customer;
  branchId?: string;
  engineerStaffId?: string;
}

export interface CallbackTaskRecord {
  callbackId: string;
  workflowId: string;
  /** Orders the writes: an older retry never overwrites a newer state. */
  seq: number;
  caseNumber: string;
  level: 1 | 2 | 3;
  state: 'pending' | 'open' | 'retry_scheduled' | 'done' | 'unreachable' | 'cancelled';
  customer: Customer;
  branchId?: string;
  sampleId?: string;
  assigneeStaffId?: string;
  engineerStaffId?: string;
  startsAt: string;
  dueAt?: string;
  nextAttemptAt?: string;
  attempts: number;
  maxAttempts: number;
  outcome?: 'satisfied' | 'not_satisfied' | 'unreachable';
  satisfaction?: number;
  engineerRating?: number;
  faultGrade?: FaultGrade;
  remarks?: string;
  reopenedCaseNumber?: string;
  complaintWorkflowId?: string;
  breached: boolean;
  closedAt?: string;
}

/** One call to the customer, written to `callbacks` (keyed callback id + attempt number). */
export interface CallbackAttemptRecord {
  callbackId: string;
  attempt: number;
  caseNumber: string;
  level: 1 | 2 | 3;
  reached: boolean;
  satisfaction?: number;
  engineerRating?: number;
  remarks?: string;
  extremelyDissatisfied?: boolean;
  dueAt?: string;
  callerUserId: string;
  recordedAt: string;
}

/** What starts a new case linked to a closed one (a level-3 callback found the problem unsolved). */
export interface LinkedCaseInput {
  /** Makes the number allocation idempotent: the same callback never opens two cases. */
  key: string;
  caseNumber: string;
  reason: string;
}

export interface LinkedCaseStart {
  intake: CaseIntake;
  policy: PolicyVersion;
  calendars: CalendarDefinition[];
  schedule: ServiceSchedule;
}

export interface WeeklySummaryInput {
  /** Local dates (yyyy-mm-dd) of the week's first and last day. */
  weekStart: string;
  weekEnd: string;
  timeZone: string;
}

export interface WeeklySummaryResult {
  callbacksDone: number;
  recipients: number;
}

export interface CallbackActivities {
  loadSamplingSettings(): Promise<SamplingSettingsSnapshot>;
  /** The quality-desk member with the fewest open callbacks (stable for a callback once chosen). */
  assignCallback(input: { callbackId: string }): Promise<{ staffId: string; name: string } | undefined>;
  recordCallbackTask(input: CallbackTaskRecord): Promise<void>;
  recordCallbackAttempt(input: CallbackAttemptRecord): Promise<void>;
  prepareLinkedCase(input: LinkedCaseInput): Promise<LinkedCaseStart>;
  writeWeeklySummary(input: WeeklySummaryInput): Promise<WeeklySummaryResult>;
}

export interface SamplingActivities {
  drawSample(input: DrawSampleInput): Promise<DrawSampleResult>;
  /** A page of a sample's chosen cases, in case-number order, after `after`. */
  sampledCases(input: { sampleId: string; after?: string; limit: number }): Promise<SampledCase[]>;
  markCallbacksStarted(input: { sampleId: string }): Promise<void>;
}
