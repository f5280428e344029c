// Every kind of message Caseflow sends, in one list that the code sending them uses: a workflow or an
// activity names a type from here, never a string of its own, so a new type cannot be sent before it has
// templates (a test renders every type's templates in every language with the values its sender gives).
// Templates themselves are data (`notification_templates`, editable by admins); this is their contract.

/** A ladder step's action (as in @caseflow/sla's STEP_ACTIONS). */
export type LadderAction = 'remind' | 'breach' | 'escalate' | 'notify';

/** Who reads a type: customers by SMS (no subject), staff in-app and by e-mail (subject and body). */
export type NotificationAudience = 'customer' | 'staff' | 'any';

export interface NotificationTypeSpec {
  audience: NotificationAudience;
  /** The placeholders its sender fills in (what a template of this type may use). */
  placeholders: readonly string[];
}

const CASE = ['caseNumber', 'customerName', 'link'] as const;
/** A ladder step's facts (activities' stepFacts): the promise, its deadline and how late it is. */
const STEP_TO_CUSTOMER = [...CASE, 'promise', 'dueAt', 'late'] as const;
/** A ladder step told to a member of staff also names them and carries the escalation's sentence. */
const STEP_TO_STAFF = [...STEP_TO_CUSTOMER, 'recipientName', 'message'] as const;

export const NotificationType = {
  IntakeAcknowledgement: 'intake_acknowledgement',
  AppointmentConfirmed: 'appointment_confirmed',
  AppointmentMoved: 'appointment_moved',
  ResolutionThanks: 'resolution_thanks',
  Survey: 'survey',
  ComplaintAcknowledgement: 'complaint_acknowledgement',
  // Named by the default policy's ladders (customer steps, staff steps).
  DelayApology: 'delay_apology',
  TestReminder: 'test_reminder',
  CommitmentWarning: 'commitment_warning',
  CommitmentBreached: 'commitment_breached',
  CommitmentEscalated: 'commitment_escalated',
  ChaseHandler: 'chase_handler',
  // A case ladder step that names no template.
  CommitmentRemind: 'commitment_remind',
  CommitmentBreach: 'commitment_breach',
  CommitmentEscalate: 'commitment_escalate',
  CommitmentNotify: 'commitment_notify',
  // Complaints: routing, and every ladder step (worded for a complaint, not a case).
  ComplaintForwarded: 'complaint_forwarded',
  ComplaintGmReview: 'complaint_gm_review',
  ComplaintCommitmentWarning: 'complaint_commitment_warning',
  ComplaintCommitmentBreached: 'complaint_commitment_breached',
  ComplaintCommitmentEscalated: 'complaint_commitment_escalated',
  ComplaintCommitmentRemind: 'complaint_commitment_remind',
  ComplaintCommitmentBreach: 'complaint_commitment_breach',
  ComplaintCommitmentEscalate: 'complaint_commitment_escalate',
  ComplaintCommitmentNotify: 'complaint_commitment_notify',
  // Staff supervision, callbacks, administration.
  CertificationExpiring: 'certification_expiring',
  CaseReassignmentRequired: 'case_reassignment_required',
  // Intake routing: the head of the unit a new case is routed to.
  CaseRouted: 'case_routed',
  WeeklySummary: 'weekly_summary',
  ChannelTest: 'channel_test',
} as const;
export type NotificationType = (typeof NotificationType)[keyof typeof NotificationType];

const complaintStep = { audience: 'staff', placeholders: STEP_TO_STAFF } as const;
const caseStep = { audience: 'any', placeholders: STEP_TO_CUSTOMER } as const;

export const NOTIFICATION_TYPES: Readonly<Record<NotificationType, NotificationTypeSpec>> = {
  intake_acknowledgement: { audience: 'customer', placeholders: CASE },
  appointment_confirmed: { audience: 'customer', placeholders: [...CASE, 'visitAt'] },
  appointment_moved: { audience: 'customer', placeholders: [...CASE, 'visitAt', 'previousVisitAt'] },
  resolution_thanks: { audience: 'customer', placeholders: CASE },
  survey: { audience: 'customer', placeholders: [...CASE, 'resolvedAt'] },
  complaint_acknowledgement: { audience: 'customer', placeholders: [...CASE, 'answerBy'] },
  delay_apology: { audience: 'customer', placeholders: STEP_TO_CUSTOMER },
  test_reminder: { audience: 'customer', placeholders: STEP_TO_CUSTOMER },
  commitment_warning: { audience: 'staff', placeholders: STEP_TO_STAFF },
  commitment_breached: { audience: 'staff', placeholders: STEP_TO_STAFF },
  commitment_escalated: { audience: 'staff', placeholders: STEP_TO_STAFF },
  chase_handler: { audience: 'staff', placeholders: STEP_TO_STAFF },
  // A step without a template may be addressed to the customer (no message, no name) or to staff.
  commitment_remind: caseStep,
  commitment_breach: caseStep,
  commitment_escalate: caseStep,
  commitment_notify: caseStep,
  complaint_forwarded: {
    audience: 'staff',
    placeholders: [...CASE, 'recipientName', 'dueAt', 'message', 'round'],
  },
  complaint_gm_review: {
    audience: 'staff',
    placeholders: [...CASE, 'recipientName', 'message', 'round'],
  },
  complaint_commitment_warning: complaintStep,
  complaint_commitment_breached: complaintStep,
  complaint_commitment_escalated: complaintStep,
  complaint_commitment_remind: complaintStep,
  complaint_commitment_breach: complaintStep,
  complaint_commitment_escalate: complaintStep,
  complaint_commitment_notify: complaintStep,
  certification_expiring: {
    audience: 'staff',
    placeholders: ['recipientName', 'staffName', 'productLines', 'expiresAt'],
  },
  case_reassignment_required: {
    audience: 'staff',
    placeholders: ['caseNumber', 'link', 'recipientName', 'dueAt', 'reason', 'message'],
  },
  case_routed: {
    audience: 'staff',
    placeholders: [...CASE, 'recipientName', 'category', 'department', 'unitName'],
  },
  weekly_summary: {
    audience: 'staff',
    placeholders: ['recipientName', 'weekStart', 'weekEnd', 'summary', 'link'],
  },
  channel_test: { audience: 'any', placeholders: [] },
};

/** Is this a type Caseflow knows (and has templates for)? */
export const isNotificationType = (type: string): type is NotificationType =>
  Object.prototype.hasOwnProperty.call(NOTIFICATION_TYPES, type);

/**
 * The template of a case's ladder step: the one the policy names, else `commitment_<action>` — also when the
 * policy names a type that does not exist, so that the step still reaches its reader with words.
 */
export function ladderTemplate(step: { template?: string; action: LadderAction }): NotificationType {
  return step.template !== undefined && isNotificationType(step.template)
    ? step.template
    : `commitment_${step.action}`;
}

/**
 * The template of a complaint's ladder step: the complaint's wording of the case template the policy names
 * (`commitment_breached` → `complaint_commitment_breached`), or of `commitment_<action>` when it names
 * none. A template the policy names that has no complaint wording (e.g. a customer's `delay_apology`) is
 * used as it is.
 */
export function complaintLadderTemplate(step: { template?: string; action: LadderAction }): NotificationType {
  const template = ladderTemplate(step);
  const worded = `complaint_${template}`;
  return isNotificationType(worded) ? worded : template;
}
