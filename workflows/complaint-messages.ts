// Signal, query and update definitions of the complaint workflow, shared with the API (names never drift).
// Policy changes reach complaints by the same `policyChangedSignal` as cases (workflows/messages.ts).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, ComplaintAction, ComplaintActionArgs, ComplaintView } from '@caseflow/domain';

/** One action on a complaint; a validator rejects actions the current state does not allow. */
export type ComplaintActionRequest = {
  [A in ComplaintAction]: { action: A; args: ComplaintActionArgs[A]; actor: Actor };
}[ComplaintAction];

export const complaintActionUpdate = defineUpdate<ComplaintView, [ComplaintActionRequest]>('complaintAction');

/**
 * Answers once the complaint has its number and its first timeline entry is written: what a starter
 * (the API) waits on to answer with the complaint's number.
 */
export const complaintOpenedUpdate = defineUpdate<ComplaintView, []>('complaintOpened');

/** The complaint as it stands; undefined before its number is allocated (the first moment of its life). */
export const complaintViewQuery = defineQuery<ComplaintView | undefined>('complaintView');

/** The kinds of timeline entries a complaint writes (`complaint_events.type`). */
export const COMPLAINT_EVENT_TYPES = [
  'complaint_received',
  'round_started',
  'forwarded',
  'acknowledged',
  'answer_promised',
  'contacted',
  'result_delivered',
  'report_filed',
  'callback_recorded',
  'archived',
  'escalated_to_gm_office',
  'closed',
  'commitment_warning',
  'commitment_breached',
  'commitment_escalated',
  'notification',
  'commitment_replanned',
] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENT_TYPES)[number];
