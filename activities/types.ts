// The contract between case workflows and their activities: inputs and outputs only (workflows import
// these types, never the implementations). Every input carries what makes a retry harmless.
import type { CaseView, Customer, NotificationType, TimelineEntry } from '@caseflow/domain';
import type { EscalationTarget, StepAction } from '@caseflow/sla';

export interface RecordCaseEventInput {
  workflowId: string;
  /** The timeline entry; (workflowId, entry.seq) is unique, so a retried write changes nothing. */
  entry: TimelineEntry;
  /** The case after the event: the read model (`cases`, `commitments`) is brought up to it unless newer. */
  view: CaseView;
}

/**
 * `data` of a timeline entry of type 'callback_recorded' or 'callback_not_reached': recordCaseEvent also
 * writes it to `callbacks` (keyed by workflowId:seq), the callbacks' read model for quality staff and reports.
 */
export interface CallbackRecordedData {
  level: 1 | 2 | 3;
  reached: boolean;
  /** 1 (very unsatisfied) … 5 (very satisfied). */
  satisfaction?: number;
  /** 1 … 5. */
  engineerRating?: number;
  remarks?: string;
  extremelyDissatisfied?: boolean;
  /** When the callback was due (ISO). */
  dueAt?: string;
  /** The caller's user id (Actor.userId); without it the entry's actor (a username) is recorded. */
  callerUserId?: string;
}

export interface FireLadderStepInput {
  workflowId: string;
  caseNumber: string;
  commitmentId: string;
  commitmentKind: string;
  stepId: string;
  action: StepAction;
  target: EscalationTarget;
  template?: string;
  /** When the step was due and when it fired (ISO); both land on the escalation record. */
  dueAt: string;
  firedAt: string;
  /** The commitment's deadline, for the message ("promised by 14:00, 2 h late"). */
  commitmentDueAt?: string;
  assigneeId?: string;
  branchId?: string;
  customer: Customer;
  /** The time zone the message shows times in (the commitment's calendar); default: the case's branch calendar. */
  timeZone?: string;
  /**
   * The step's timeline entry and the case after it. Given, both are written with the escalation in one
   * statement (the entry's data completed with `escalationId` and `recipients`); otherwise the workflow
   * records the entry itself, as cases started before the two were one still do.
   */
  timeline?: { entry: TimelineEntry; view: CaseView };
}

export interface FireLadderStepResult {
  /** The escalation record (supervisor's inbox) when the step escalates to a person. */
  escalationId?: string;
  /** Who was told: staff ids, or 'customer'. */
  recipients: string[];
}

export interface AssignableStaff {
  id: string;
  name: string;
  supervisorId?: string;
}

export interface NotifyCustomerInput {
  /** workflowId + step: the outbox refuses a second row with the same key. */
  idempotencyKey: string;
  caseNumber: string;
  customer: Customer;
  /** One of the types that have templates (libs/domain notification-types). */
  template: NotificationType;
  data?: Record<string, unknown>;
}

export interface CaseRecordActivities {
  /** Writes one timeline entry and brings the read model up to the case view, in one transaction. */
  recordCaseEvent(input: RecordCaseEventInput): Promise<void>;
  /** Records an escalation step: resolves the recipient from the organisation chart, writes the escalation and its notification. */
  fireLadderStep(input: FireLadderStepInput): Promise<FireLadderStepResult>;
  /**
   * Only active, certified, not suspended staff may be assigned; for a case (given, or the calling
   * workflow's), also certified for its product line and in its branch (unless a supervisor overrode that).
   * Fails non-retryably (VALIDATION_FAILED / NOT_FOUND) otherwise.
   */
  checkAssignable(input: { staffId: string; caseNumber?: string }): Promise<AssignableStaff>;
  /** Queues a message to the customer (survey, thanks, apology) in the outbox, once per key. */
  notifyCustomer(input: NotifyCustomerInput): Promise<void>;
}
