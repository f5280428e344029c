// A complaint's intake, in the domain's words. Pure and bundle-safe: the API, the service-request and
// callback workflows and the staff module (customer evaluations) all raise complaints with this shape.
import type { Actor } from './case-lifecycle';
import { CATEGORIES, CUSTOMER_TIERS, type Category, type Department } from './case';
import type { CommitmentSummary, Customer } from './case-view';

/**
 * Where a complaint came from: a channel (the same values as a case's channel), or another record that
 * showed extreme dissatisfaction. `hotline` is the old name of `phone`: complaints started before the
 * rename still carry it in their workflow state; everything they write is read as `phone`.
 */
export const COMPLAINT_SOURCES = [
  'phone',
  'web',
  'email',
  'letter',
  'walk_in',
  'callback',
  'evaluation',
  'hotline',
] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];

/** A complaint's source under today's name: the legacy `hotline` is `phone`. */
export function currentComplaintSource(source: ComplaintSource): Exclude<ComplaintSource, 'hotline'> {
  return source === 'hotline' ? 'phone' : source;
}

/** Simple complaints are promised a clear answer within 2 h, complex ones within 24 h (default policy). */
export const COMPLAINT_COMPLEXITIES = ['simple', 'complex'] as const;
export type ComplaintComplexity = (typeof COMPLAINT_COMPLEXITIES)[number];

/** What a handling report may propose against a member of staff; confirmed or rejected by a manager. */
export const PENALTY_KINDS = ['warning', 'fine', 'disqualification'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

export interface ComplaintIntake {
  source: ComplaintSource;
  /** Decides the responsible department: technical/other → tech support, sales → product division, service → customer service. */
  category: Category;
  complexity: ComplaintComplexity;
  customer: Customer;
  description: string;
  branchId?: string;
  /** ISO time the complaint was received. */
  receivedAt: string;
  raisedBy: Actor;
  /** The service request or inquiry it arose from (case number), when there is one. */
  sourceCaseNumber?: string;
  /** The callback (level 1–3) or customer evaluation that showed extreme dissatisfaction. */
  sourceCallbackId?: string;
  sourceEvaluationId?: string;
}

// ── The complaint procedure ─────────────────────────────────────────────────────────────────────────
// A complaint is handled in rounds. Each round: forwarded to the responsible supervisor (at once, day or
// night) → acknowledged → a clear answer promised → the customer contacted → the result delivered in
// person → the handling report (cause, penalty proposal) → a callback on the result. Satisfied: archived.
// Not satisfied: a new round; after the round limit the general manager's office decides, and may close
// it with a reason.

/** The policy whose commitments complaints run under (a policy of its own, versioned like the default). */
export const COMPLAINT_POLICY_ID = 'complaints';
/** Rounds before the complaint goes to the general manager's office (when settings name no other limit). */
export const DEFAULT_COMPLAINT_ROUND_LIMIT = 3;

export const COMPLAINT_STATES = [
  /** Forwarded to the responsible supervisor; waiting for them to acknowledge it. */
  'forwarded',
  'acknowledged',
  /** The customer has been contacted; the complaint is being handled. */
  'in_handling',
  /** The result was delivered in person; the handling report is due the next working day. */
  'result_delivered',
  /** The handling report is in; the customer is called back on the result. */
  'awaiting_callback',
  /** The round limit is reached and the customer is still not satisfied: the GM office decides. */
  'gm_review',
  /** The customer is satisfied with the result. */
  'archived',
  /** Closed by the GM office with a reason. */
  'closed',
] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const COMPLAINT_ACTIONS = [
  'acknowledge',
  'promise-answer',
  'contact',
  'deliver-result',
  'report',
  'record-callback',
  'close',
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

/** A penalty proposal in a handling report: 'none' records that the staff member was involved but not at fault. */
export const PENALTY_PROPOSALS = ['none', ...PENALTY_KINDS] as const;
export type PenaltyProposal = (typeof PENALTY_PROPOSALS)[number];

export interface StaffInvolved {
  staffId: string;
  penalty: PenaltyProposal;
  /** A fine's amount (required for 'fine', not allowed otherwise). */
  amount?: number;
  /** Why this penalty (defaults to the report's cause). */
  reason?: string;
}

/** The handling report, due the working day after the result is delivered. */
export interface HandlingReport {
  cause: string;
  actionTaken: string;
  staffInvolved: StaffInvolved[];
}

export interface ComplaintActionArgs {
  acknowledge: { note?: string };
  /** The clear answer promised to the customer, and by when (ISO), if a time was given. */
  'promise-answer': { answer: string; answerBy?: string };
  contact: { note?: string };
  'deliver-result': { result: string; inPerson: boolean };
  report: HandlingReport;
  'record-callback': { satisfied: boolean; remarks?: string };
  close: { reason: string };
}

/** Where each action leads; promise-answer does not move the complaint (it is a step within the state). */
const COMPLAINT_NEXT: Record<
  Exclude<ComplaintAction, 'promise-answer' | 'record-callback'>,
  ComplaintState
> = {
  acknowledge: 'acknowledged',
  contact: 'in_handling',
  'deliver-result': 'result_delivered',
  report: 'awaiting_callback',
  close: 'closed',
};

const COMPLAINT_ALLOWED: Record<ComplaintState, ComplaintAction[]> = {
  forwarded: ['acknowledge'],
  acknowledged: ['promise-answer', 'contact'],
  in_handling: ['promise-answer', 'deliver-result'],
  result_delivered: ['report'],
  awaiting_callback: ['record-callback'],
  gm_review: ['close'],
  archived: [],
  closed: [],
};

/** What can be done now; a clear answer is promised once per round. */
export function allowedComplaintActions(
  state: ComplaintState,
  round: { answerPromised: boolean } = { answerPromised: false },
): ComplaintAction[] {
  return COMPLAINT_ALLOWED[state].filter((a) => a !== 'promise-answer' || !round.answerPromised);
}

/** The state an action leads to; record-callback is decided by the answer (archived or a new round). */
export function nextComplaintState(action: ComplaintAction): ComplaintState | undefined {
  return action === 'promise-answer' || action === 'record-callback' ? undefined : COMPLAINT_NEXT[action];
}

/** States a complaint never leaves: every other state is a complaint still being handled. */
export const FINAL_COMPLAINT_STATES = ['archived', 'closed'] as const satisfies readonly ComplaintState[];

export function isComplaintEnded(state: ComplaintState): boolean {
  return (FINAL_COMPLAINT_STATES as readonly ComplaintState[]).includes(state);
}

/** One round of handling, with its own steps and commitments. */
export interface ComplaintRound {
  round: number;
  startedAt: string;
  /** open while handled; satisfied / not_satisfied once the callback is recorded. */
  outcome: 'open' | 'satisfied' | 'not_satisfied';
  forwardedTo?: { department: Department; supervisor?: StaffRef; qualityDesk?: StaffRef };
  acknowledged?: Step;
  answerPromise?: Step & { answer: string; answerBy?: string };
  contacted?: Step & { note?: string };
  result?: Step & { result: string; inPerson: boolean };
  report?: Step & HandlingReport & { penaltiesProposed: number };
  callback?: Step & { satisfied: boolean; remarks?: string };
  endedAt?: string;
  /** Ids of this round's commitments (e.g. `complaint_contact#2`). */
  commitmentIds: string[];
}

export interface StaffRef {
  staffId: string | null;
  name?: string;
}

export interface Step {
  at: string;
  by: string;
}

export interface ComplaintView {
  number: string;
  workflowId: string;
  state: ComplaintState;
  source: ComplaintSource;
  category: Category;
  complexity: ComplaintComplexity;
  department: Department;
  customer: Customer;
  description: string;
  branchId?: string;
  receivedAt: string;
  raisedBy: Actor;
  sourceCaseNumber?: string;
  sourceCallbackId?: string;
  sourceEvaluationId?: string;
  /** The round being handled (1, 2, …) and the limit before the GM office decides. */
  round: number;
  roundLimit: number;
  rounds: ComplaintRound[];
  closedAt?: string;
  closeReason?: string;
  policy: { id: string; version: number };
  commitments: (CommitmentSummary & { round: number })[];
  breached: boolean;
  allowedActions: ComplaintAction[];
  lastSeq: number;
  updatedAt: string;
}

/** Complaint numbers read like case numbers with a C: `C20261122-0003` (date, that day's serial). */
export const COMPLAINT_NUMBER_PATTERN = /^C\d{8}-\d{4,6}$/;

export function formatComplaintNumber(date: string, serial: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new RangeError(`Complaint date must be YYYY-MM-DD, got "${date}"`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 999999)
    throw new RangeError(`Daily serial must be 1–999999, got ${serial}`);
  return `C${date.replace(/-/g, '')}-${String(serial).padStart(4, '0')}`;
}

/**
 * What a complaint's records require of an intake, by field (empty: acceptable). Every starter checks it:
 * the API before starting, the workflow before writing anything.
 */
export function complaintIntakeErrors(intake: ComplaintIntake | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!intake || typeof intake !== 'object') return { intake: 'is required' };
  const oneOf = (field: string, value: unknown, values: readonly string[]) => {
    if (!values.includes(value as string)) errors[field] = `must be one of ${values.join(', ')}`;
  };
  const text = (field: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') errors[field] = 'is required';
  };
  oneOf('source', intake.source, COMPLAINT_SOURCES);
  oneOf('category', intake.category, CATEGORIES);
  oneOf('complexity', intake.complexity, COMPLAINT_COMPLEXITIES);
  text('description', intake.description);
  text('customer.name', intake.customer?.name);
  text('customer.phone', intake.customer?.phone);
  oneOf('customer.tier', intake.customer?.tier, CUSTOMER_TIERS);
  if (typeof intake.receivedAt !== 'string' || Number.isNaN(Date.parse(intake.receivedAt)))
    errors.receivedAt = 'must be an ISO 8601 time';
  text('raisedBy.username', intake.raisedBy?.username);
  return errors;
}
