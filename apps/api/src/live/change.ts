// What a row of `change_log` (migration 1800600000000) says, and who may hear of it. Pure: the fan-out asks it
// once per browser per change, with the reader's scope worked out when the browser connected.
import { Role } from '@caseflow/domain';
import type { CaseScope } from '../staff/staff.service';

export type ChangeKind = 'case' | 'commitment' | 'callback' | 'complaint' | 'escalation' | 'inbox';

/** One change as `pg_notify` carries it (and as the log keeps it). */
export interface Change {
  id: string;
  at: string;
  kind: ChangeKind;
  /** The case's or complaint's number; the escalation's or message's id. */
  ref: string;
  caseNumber: string | null;
  complaintNumber: string | null;
  /** The case's assignee after the write, and before it when the write reassigned the case. */
  assigneeIds: string[];
  /** The case has no assignee (it belongs to its branch's pool). */
  unassigned: boolean;
  branchId: string | null;
  recipientStaffId: string | null;
}

/** Who is listening: what the lists would show them. */
export interface Reader {
  staffId: string | null;
  roles: Role[];
  scope: CaseScope;
  readsComplaints: boolean;
}

/** What a browser receives: enough to know which queries to refetch, nothing the lists would not show. */
export interface ChangeEvent {
  kind: ChangeKind;
  ref: string;
  caseNumber: string | null;
  complaintNumber: string | null;
}

export function eventOf(change: Change): ChangeEvent {
  return {
    kind: change.kind,
    ref: change.ref,
    caseNumber: change.caseNumber,
    complaintNumber: change.complaintNumber,
  };
}

/**
 * The same rules as the lists: a case (its commitments, callbacks) for those whose scope holds its assignee —
 * before or after a reassignment — or its branch's unassigned pool; a complaint for those who read complaints;
 * an escalation for its recipient, and for supervisors and admins who may see what it is about; an inbox
 * message for its recipient only.
 */
export function mayRead(reader: Reader, change: Change): boolean {
  const mine = change.recipientStaffId !== null && change.recipientStaffId === reader.staffId;
  switch (change.kind) {
    case 'inbox':
      return mine;
    case 'escalation':
      return (
        mine ||
        ((reader.roles.includes(Role.Supervisor) || reader.roles.includes(Role.Admin)) &&
          (change.complaintNumber ? reader.readsComplaints : caseVisible(reader.scope, change)))
      );
    case 'complaint':
      return reader.readsComplaints;
    case 'case':
    case 'commitment':
    case 'callback':
      return caseVisible(reader.scope, change);
    default:
      return false;
  }
}

function caseVisible(scope: CaseScope, change: Change): boolean {
  if (scope.all) return true;
  if (change.assigneeIds.some((id) => scope.assigneeIds.includes(id))) return true;
  if (!change.unassigned) return false;
  const pool = scope.unassignedInBranches;
  return (
    pool === 'any' || (Array.isArray(pool) && change.branchId !== null && pool.includes(change.branchId))
  );
}
