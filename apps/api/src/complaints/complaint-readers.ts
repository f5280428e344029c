import { Role } from '@caseflow/domain';

/** Who may log complaints: the hotline, and the people who handle them. */
export const LOGGING_COMPLAINTS = [Role.Operator, Role.Supervisor, Role.Quality, Role.Admin];
/**
 * Who may read them: the same people. Engineers are left out on purpose — a complaint is often about one
 * of them, and its handling report proposes penalties. Lists of rows about a complaint (its escalations,
 * its messages) follow the same rule.
 */
export const READING_COMPLAINTS = LOGGING_COMPLAINTS;

export function readsComplaints(roles: readonly Role[]): boolean {
  return roles.some((role) => READING_COMPLAINTS.includes(role));
}
