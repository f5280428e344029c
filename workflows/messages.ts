// Signal, query and update definitions shared by workflows and the API, so names can never drift.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionArgs, Actor, CaseAction, CaseIntake, CaseView, ComplaintIntake } from '@caseflow/domain';
import type { CalendarDefinition, PolicyVersion, ServiceSchedule } from '@caseflow/sla';

/**
 * What the API starts a service request or inquiry with: the intake and the admin data the case runs
 * under (a snapshot, so the workflow's deadline maths stay deterministic; later versions arrive by
 * `policyChangedSignal`).
 */
export interface CaseWorkflowInput {
  intake: CaseIntake;
  policy: PolicyVersion;
  /** Every calendar the policy's commitments name (by `calendarId`). */
  calendars: CalendarDefinition[];
  /** When the survey and the level-2 callback happen after resolution. */
  schedule: ServiceSchedule;
}

/** One operator action on a case; a validator rejects actions the current state does not allow. */
export type CaseActionRequest = {
  [A in CaseAction]: { action: A; args: ActionArgs[A]; actor: Actor };
}[CaseAction];

export const caseActionUpdate = defineUpdate<CaseView, [CaseActionRequest]>('caseAction');

export interface CallbackRequest {
  level: 1 | 2 | 3;
  reached: boolean;
  /** 1 (very unsatisfied) … 5 (very satisfied); required when reached. */
  satisfaction?: number;
  engineerRating?: number;
  remarks?: string;
  /** The caller judged the customer extremely dissatisfied: a complaint is raised as well. */
  extremelyDissatisfied?: boolean;
  actor: Actor;
}

export const recordCallbackUpdate = defineUpdate<CaseView, [CallbackRequest]>('recordCallback');

export const caseViewQuery = defineQuery<CaseView>('caseView');

/**
 * A new policy version (and the calendars it uses) for a case in flight, or the same version with changed
 * calendars: the workflow re-plans. Safe to repeat: the same version with the same calendars changes
 * nothing, and a version (or calendar revision) older than the case's is ignored.
 */
export interface PolicyChange {
  policy: PolicyVersion;
  calendars: CalendarDefinition[];
  /** Each calendar's revision (calendars.revision), so a late signal cannot bring an old calendar back. */
  calendarRevisions?: Record<string, number>;
  by: Actor;
}
export const policyChangedSignal = defineSignal<[PolicyChange]>('policyChanged');

/** The kinds of timeline entries (`case_events.type`) a case workflow writes, for the read model and the UI. */
export const CASE_EVENT_TYPES = [
  'case_received',
  'assigned',
  'contacted',
  'visit_scheduled',
  'work_started',
  'forwarded',
  'result_returned',
  'customer_test_requested',
  'test_result_recorded',
  'resolved',
  'reopened',
  'cancelled',
  'closed',
  'note',
  'commitment_warning',
  'commitment_breached',
  'commitment_escalated',
  'notification',
  'commitment_replanned',
  'survey_sent',
  'callback_due',
  'callback_recorded',
  'callback_not_reached',
  'complaint_requested',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

// ── Complaints ──────────────────────────────────────────────────────────────────────────────────────
// Its workflow type (`WORKFLOW_TYPES.complaint`) and id (`complaintWorkflowId`) are in @caseflow/domain.

/**
 * What a complaint workflow starts with. The workflow itself allocates the complaint's number and writes
 * its record (an idempotent activity), so any starter — the API, a case workflow, a callback, an
 * evaluation — only needs the intake and a key that makes a second start of the same complaint a no-op.
 */
export interface ComplaintWorkflowInput {
  intake: ComplaintIntake;
}
