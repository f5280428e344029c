// The contract between the callback, month-end sample and weekly summary workflows and their activities
// (workflows import these types only). Every input carries what makes a retry harmless.
import type { CaseIntake, Category, Customer, FaultGrade } from '@caseflow/domain';
import type { CalendarDefinition, PolicyVersion, ServiceSchedule } from '@caseflow/sla';
import type { DrawSampleInput, DrawSampleResult } from '@caseflow/persistence/repositories/month-sample';
import type { SamplingSettings } from '@caseflow/persistence/repositories/settings';

export {
  DEFAULT_SAMPLING_SETTINGS,
  type SamplingSettings,
} from '@caseflow/persistence/repositories/settings';
export type {
  DrawSampleInput,
  DrawSampleResult,
  PreviewedCase,
  SampleBranch,
} from '@caseflow/persistence/repositories/month-sample';

export interface SamplingSettingsSnapshot {
  settings: SamplingSettings;
  calendar: CalendarDefinition;
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
