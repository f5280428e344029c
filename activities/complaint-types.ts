// The contract between the complaint workflow and its activities: inputs and outputs only (the workflow
// imports these types, never the implementations). Every input carries what makes a retry harmless.
import type {
  ComplaintIntake,
  ComplaintView,
  Department,
  PenaltyKind,
  StaffRef,
  TimelineEntry,
} from '@caseflow/domain';
import type { CalendarDefinition, EscalationTarget, PolicyVersion, StepAction } from '@caseflow/sla';

export interface OpenComplaintInput {
  workflowId: string;
  intake: ComplaintIntake;
}

/** What a complaint runs under: its number (allocated once per workflow id) and the admin data it needs. */
export interface OpenedComplaint {
  number: string;
  policy: PolicyVersion;
  calendars: CalendarDefinition[];
  roundLimit: number;
}

export interface RecordComplaintEventInput {
  workflowId: string;
  /** (complaint number, seq) is unique: a retried write changes nothing. */
  entry: TimelineEntry & { round: number };
  /** The complaint after the event; the read model is brought up to it unless it already has a newer one. */
  view: ComplaintView;
}

export interface RouteComplaintInput {
  workflowId: string;
  complaintNumber: string;
  round: number;
  department: Department;
  branchId?: string;
  customerName: string;
  /** What the message says (the complaint in one line, the answer promise due). */
  summary: string;
  answerDueAt?: string;
}

/** Who the complaint went to: the responsible supervisor and the complaint desk (quality), copied. */
export interface RoutedComplaint {
  supervisor: StaffRef;
  qualityDesk: StaffRef;
}

export interface RouteToGmOfficeInput {
  workflowId: string;
  complaintNumber: string;
  round: number;
  customerName: string;
  summary: string;
}

export interface FireComplaintStepInput {
  workflowId: string;
  complaintNumber: string;
  department: Department;
  branchId?: string;
  commitmentId: string;
  commitmentKind: string;
  stepId: string;
  action: StepAction;
  target: EscalationTarget;
  template?: string;
  dueAt: string;
  firedAt: string;
  commitmentDueAt?: string;
  customer: ComplaintIntake['customer'];
}

export interface FireComplaintStepResult {
  /** Who was told: staff ids, or 'customer'; empty when the chart has nobody for it. */
  recipients: string[];
}

export interface PenaltyProposalInput {
  staffId: string;
  kind: PenaltyKind;
  amount?: number;
  reason: string;
}

export interface ProposePenaltiesInput {
  complaintNumber: string;
  round: number;
  proposals: PenaltyProposalInput[];
  proposedBy: { userId: string; username: string };
}

export interface ComplaintActivities {
  /** Allocates the complaint's number (once per workflow id) and reads the complaint policy and settings. */
  openComplaint(input: OpenComplaintInput): Promise<OpenedComplaint>;
  /** Writes one timeline entry and brings the complaint's read model up to the view, in one transaction. */
  recordComplaintEvent(input: RecordComplaintEventInput): Promise<void>;
  /** Tells the responsible department's supervisor (in-app and e-mail), copying the complaint desk. */
  routeComplaint(input: RouteComplaintInput): Promise<RoutedComplaint>;
  /** Tells the general manager's office that the round limit is reached. */
  routeToGmOffice(input: RouteToGmOfficeInput): Promise<StaffRef>;
  /** One ladder step of a complaint commitment: the recipient from the chart, the message in the outbox. */
  fireComplaintStep(input: FireComplaintStepInput): Promise<FireComplaintStepResult>;
  /** Every staff member a report names must exist; fails (non-retryable, VALIDATION_FAILED) naming each one. */
  checkStaffInvolved(input: { staffIds: string[] }): Promise<StaffRef[]>;
  /** Inserts the proposals as pending penalties (one per complaint, round and staff member); answers how many are new. */
  proposePenalties(input: ProposePenaltiesInput): Promise<{ proposed: number }>;
}
