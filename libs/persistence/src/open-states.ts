// The domain's open-state lists as SQL, for the queries that count or filter open cases and complaints
// (a partial index's predicate matches the text these produce: `"state" NOT IN ('archived', 'closed')`).
import { FINAL_CASE_STATES, FINAL_COMPLAINT_STATES } from '@caseflow/domain';

const literals = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');

/** SQL true when the case state in `column` is not final (closed, cancelled). */
export const caseIsOpenSql = (column: string): string => `${column} NOT IN (${literals(FINAL_CASE_STATES)})`;

/** SQL true when the complaint state in `column` is not final (archived, closed). */
export const complaintIsOpenSql = (column: string): string =>
  `${column} NOT IN (${literals(FINAL_COMPLAINT_STATES)})`;
