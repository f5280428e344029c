// Signals, queries and updates of the callback, month-end sample and weekly summary workflows, shared with
// the API (which imports this file too), so names can never drift.
// Their workflow types and ids are in @caseflow/domain (`WORKFLOW_TYPES`, `callbackWorkflowId`, …).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { type Actor, type Category, type Customer, type FaultGrade } from '@caseflow/domain';
import type { Budget, CalendarDefinition } from '@caseflow/sla';

/** A level-3 callback's id is `L3-<month>-<case number>`, so a sample starts each once. */
export const level3CallbackId = (month: string, caseNumber: string): string => `L3-${month}-${caseNumber}`;
/**
 * A case's own callback (level 1 or 2) for one resolution round (1 for the first resolution, 2 after the
 * first reopen, …): `L1-<case number>-<round>`, so a case starts each once per round.
 */
export const caseCallbackId = (level: 1 | 2, caseNumber: string, round: number): string =>
  `L${level}-${caseNumber}-${round}`;

export interface CallbackWorkflowInput {
  callbackId: string;
  level: 1 | 2 | 3;
  caseNumber: string;
  category: Category;
  customer: Customer;
  branchId?: string;
  sampleId?: string;
  /** The engineer who served the case (the callback rates them). */
  engineerStaffId?: string;
  /** From when the callback can be worked (ISO): its commitment starts here. */
  startsAt: string;
  /** The callback's commitment: due this long (working time) after `startsAt`. */
  budget: Budget;
  /** Calling hours are the calendar's working periods; its id names the commitment's calendar. */
  calendar: CalendarDefinition;
  /** Attempts before the callback is recorded unreachable; absent: the sampling settings' (read at start). */
  maxAttempts?: number;
  /** The complaint's key if the customer is extremely dissatisfied; default `callback-<callbackId>`. */
  complaintKey?: string;
}

export type CallbackState = 'pending' | 'open' | 'retry_scheduled' | 'done' | 'unreachable' | 'cancelled';

/** One call to the customer, recorded by the quality desk. */
export interface CallbackAttemptRequest {
  reached: boolean;
  /** 1 (very unsatisfied) … 5 (very satisfied); required when reached. */
  satisfaction?: number;
  engineerRating?: number;
  faultGrade?: FaultGrade;
  remarks?: string;
  /** The caller judged the customer extremely dissatisfied: a complaint is raised as well. */
  extremelyDissatisfied?: boolean;
  actor: Actor;
}

export interface CallbackView {
  callbackId: string;
  workflowId: string;
  level: 1 | 2 | 3;
  caseNumber: string;
  state: CallbackState;
  customer: Customer;
  branchId?: string;
  sampleId?: string;
  assignee?: { id: string; name: string };
  startsAt: string;
  dueAt?: string;
  nextAttemptAt?: string;
  attempts: number;
  maxAttempts: number;
  outcome?: 'satisfied' | 'not_satisfied' | 'unreachable';
  satisfaction?: number;
  /** Where an unsatisfied outcome went: the case reopened, or a new case linked to a closed one. */
  reopenedCaseNumber?: string;
  complaintWorkflowId?: string;
  breached: boolean;
}

export const callbackAttemptUpdate = defineUpdate<CallbackView, [CallbackAttemptRequest]>('callbackAttempt');
export const callbackViewQuery = defineQuery<CallbackView>('callbackView');

/** What a finished callback tells its case (the case workflow reopens on an unsatisfied one). */
export interface CallbackOutcome {
  callbackId: string;
  level: 1 | 2 | 3;
  satisfied: boolean;
  /** Absent in signals from before it was added: `satisfied` says which of the first two. */
  outcome?: 'satisfied' | 'not_satisfied' | 'unreachable';
  satisfaction?: number;
  remarks?: string;
  /** Attempts made (told with an unreachable outcome). */
  attempts?: number;
  /** The complaint the callback raised (extremely dissatisfied): the case names it, never raises another. */
  complaintWorkflowId?: string;
  actor: Actor;
}
export const callbackOutcomeSignal = defineSignal<[CallbackOutcome]>('callbackOutcome');

/**
 * The case has moved on (reopened, closed): a callback still open about the superseded resolution ends as
 * `cancelled`, so nobody calls the customer about it. A closed callback ignores it.
 */
export const callbackCancelSignal = defineSignal<[{ reason: string; actor: Actor }]>('callbackCancel');

/**
 * The case's policy changed (a new version, or its calendar): a level-1/2 callback's due time is re-planned
 * with it like every other commitment — time used stays used, the budget and calendar are the new ones.
 */
export interface CallbackReplan {
  policyVersion: number;
  budget: Budget;
  calendar: CalendarDefinition;
}
export const callbackReplanSignal = defineSignal<[CallbackReplan]>('callbackReplan');

/** The admin changed the sampling settings: the month-end sample re-reads them and re-plans its timer. */
export const samplingSettingsChangedSignal = defineSignal('samplingSettingsChanged');

export interface MonthEndSampleInput {
  /** The month to draw next (`yyyy-mm`); absent on the very first start: the current month. */
  month?: string;
  /** Carried across continue-as-new while a large sample's callbacks are still being started. */
  resume?: { sampleId: string; after?: string };
  /** Start this sample's callbacks and end (an admin's draw by hand: `sample-<yyyy-mm>`), no schedule. */
  only?: boolean;
}

export interface WeeklySummaryWorkflowInput {
  /** The local date of the last Monday (or configured weekday) already summarised. */
  lastWeekStart?: string;
}
