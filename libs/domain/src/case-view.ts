// What a case looks like to the outside: the workflow's start input, the snapshot its query and updates
// return, and the timeline entries it records. Plain serialisable data, shared by workflows, activities and
// the API so the three can never disagree.
import type { CaseKind, CaseState, Category, Channel, CustomerTier, Department } from './case';
import type { Actor, CaseAction, FaultGrade } from './case-lifecycle';

export interface Customer {
  name: string;
  /** As read back to the customer on the call; digits with an optional leading +. */
  phone: string;
  address?: string;
  tier: CustomerTier;
  /** Language for messages to the customer. */
  language?: 'zh-CN' | 'en';
  /**
   * The customer record the snapshot above was taken from, and the contact, site and device the call was
   * about (ids in `customers`, `customer_contacts`, …). Absent on cases logged before customers had records.
   * The read model takes them when it first writes the row; later moves (a merge) are the record's own.
   */
  id?: string;
  contactId?: string;
  siteId?: string;
  equipmentId?: string;
}

/** Everything the hotline records at intake. */
export interface CaseIntake {
  number: string;
  kind: Extract<CaseKind, 'service_request' | 'inquiry'>;
  channel: Channel;
  category: Category;
  /** Dispatched from the call centre (first contact within 30 min of dispatch instead of 1 h of the call). */
  dispatched: boolean;
  /** When the customer called; ISO 8601. */
  receivedAt: string;
  customer: Customer;
  product?: string;
  description: string;
  branchId?: string;
  /** The operator who logged the case. */
  operator: Actor & { operatorNo: number };
  /** Where the case went at intake (decided by the API); absent on cases logged before routing existed. */
  routing?: CaseRouting;
}

/**
 * Where a new case goes by its category (the hotline procedure): its department, that department's unit in
 * the case's branch, and the unit's head, who is told of the case. No unit, or a unit without an active
 * head: the case is still logged, with `headId: null` (nobody was told).
 */
export interface CaseRouting {
  department: Department;
  unitId: string | null;
  unitName: string | null;
  headId: string | null;
  headName: string | null;
}

export type Resolution = 'resolved' | 'resolved_by_silence' | 'answered_on_call';

export interface CommitmentSummary {
  id: string;
  kind: string;
  status: 'running' | 'paused' | 'met' | 'cancelled';
  policyVersion: number;
  startedAt: string;
  dueAt?: string;
  warnAt?: string;
  breached: boolean;
  breachedAt?: string;
  metAt?: string;
  remainingMs: number;
}

export interface CaseView {
  number: string;
  workflowId: string;
  kind: CaseIntake['kind'];
  state: CaseState;
  resolution?: Resolution;
  channel: Channel;
  category: Category;
  dispatched: boolean;
  customer: Customer;
  product?: string;
  description: string;
  branchId?: string;
  operator: CaseIntake['operator'];
  assignee?: { id: string; name: string };
  department?: Department;
  /** Where the case was routed at intake (see CaseRouting). */
  routing?: CaseRouting;
  visitAt?: string;
  summary?: string;
  faultGrade?: FaultGrade;
  receivedAt: string;
  resolvedAt?: string;
  closedAt?: string;
  /** How many times the case was reopened. */
  reopenCount: number;
  policy: { id: string; version: number };
  commitments: CommitmentSummary[];
  allowedActions: CaseAction[];
  /** Sequence number of the last timeline entry: the read model applies entries in this order, once. */
  lastSeq: number;
  updatedAt: string;
}

/** One line of the case's timeline (`case_events`): a change of state, an assignment, a contact, a note… */
export interface TimelineEntry {
  /** 1, 2, 3… per case, assigned by the workflow: with the workflow id it is the idempotency key. */
  seq: number;
  at: string;
  type: string;
  actor: string;
  /** One readable sentence, e.g. "Re-planned under policy v7 by alice: due 14:00 → 12:30". */
  summary: string;
  data?: Record<string, unknown>;
}
