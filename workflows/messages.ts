// Signal, query and update definitions shared by workflows and the API, so names can never drift.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActionArgs, Actor, CaseAction, CaseView } from '@caseflow/domain';
import type { CalendarDefinition, PolicyVersion } from '@caseflow/sla';

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

/** A new policy version (and the calendars it uses) for a case in flight: the workflow re-plans. */
export interface PolicyChange {
  policy: PolicyVersion;
  calendars: CalendarDefinition[];
  by: Actor;
}
export const policyChangedSignal = defineSignal<[PolicyChange]>('policyChanged');
