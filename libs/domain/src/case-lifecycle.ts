// A service request's or inquiry's lifecycle as a table: which actions each state allows and where each
// action leads. The workflow enforces it (an update validator rejects anything else) and the API shows
// the allowed actions, from this one table.
import type { CaseKind, CaseState, Department } from './case';

export const CASE_ACTIONS = [
  'assign',
  'contact',
  'schedule',
  'start',
  'forward',
  'return-result',
  'request-customer-test',
  'record-test-result',
  'resolve',
  'reopen',
  'cancel',
  'add-note',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Fault difficulty grade reported by the engineer at resolution. */
export const FAULT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type FaultGrade = (typeof FAULT_GRADES)[number];

export interface ActionArgs {
  assign: { assigneeId: string; reason?: string };
  contact: { note?: string };
  schedule: { visitAt: string; customerWish?: string; note?: string };
  start: { note?: string };
  forward: { department: Department; note?: string };
  'return-result': { result: string };
  'request-customer-test': { instructions: string };
  'record-test-result': { works: boolean; note?: string };
  resolve: { summary: string; faultGrade?: FaultGrade };
  reopen: { reason: string };
  cancel: { reason: string };
  'add-note': { text: string };
}

/** Who did it: the signed-in user behind an API call, or the workflow itself (`system`). */
export interface Actor {
  userId: string;
  username: string;
}
export const SYSTEM_ACTOR: Actor = { userId: 'system', username: 'system' };

const OPEN_WORK: CaseAction[] = ['assign', 'forward', 'cancel', 'add-note'];

/** Actions allowed per state (before kind-specific narrowing). */
const ALLOWED: Record<CaseState, CaseAction[]> = {
  new: [...OPEN_WORK, 'contact', 'resolve'],
  assigned: [...OPEN_WORK, 'contact', 'schedule', 'start', 'resolve'],
  contacted: [...OPEN_WORK, 'contact', 'schedule', 'start', 'resolve'],
  scheduled: [...OPEN_WORK, 'contact', 'schedule', 'start'],
  in_progress: ['assign', 'forward', 'add-note', 'contact', 'request-customer-test', 'resolve'],
  awaiting_customer: ['add-note', 'contact', 'record-test-result', 'resolve'],
  forwarded: ['assign', 'cancel', 'add-note', 'contact', 'return-result'],
  resolved: ['add-note', 'reopen'],
  reopened: [...OPEN_WORK, 'contact', 'schedule', 'start', 'resolve'],
  closed: [],
  cancelled: [],
};

/** Inquiries are answered, not repaired: no visits, no customer tests. */
const NOT_FOR_INQUIRIES = new Set<CaseAction>([
  'schedule',
  'start',
  'request-customer-test',
  'record-test-result',
]);

export function allowedActions(kind: CaseKind, state: CaseState): CaseAction[] {
  const actions = ALLOWED[state];
  return kind === 'inquiry' ? actions.filter((a) => !NOT_FOR_INQUIRIES.has(a)) : [...actions];
}

export function isActionAllowed(kind: CaseKind, state: CaseState, action: CaseAction): boolean {
  return allowedActions(kind, state).includes(action);
}

/** Where an action leads; undefined means the state does not change (a note, a contact after scheduling). */
export function nextState(state: CaseState, action: CaseAction): CaseState | undefined {
  switch (action) {
    case 'assign':
      return state === 'new' || state === 'reopened' || state === 'forwarded' ? 'assigned' : undefined;
    case 'contact':
      return state === 'new' || state === 'assigned' || state === 'reopened' ? 'contacted' : undefined;
    case 'schedule':
      return 'scheduled';
    case 'start':
      return 'in_progress';
    case 'forward':
      return 'forwarded';
    case 'return-result':
      return 'in_progress';
    case 'request-customer-test':
      return 'awaiting_customer';
    case 'record-test-result':
      return undefined; // works → resolved, does not work → in_progress: decided by the workflow
    case 'resolve':
      return 'resolved';
    case 'reopen':
      return 'reopened';
    case 'cancel':
      return 'cancelled';
    case 'add-note':
      return undefined;
  }
}

/** States in which the case is no longer worked on. */
export function isTerminal(state: CaseState): boolean {
  return state === 'closed' || state === 'cancelled';
}
