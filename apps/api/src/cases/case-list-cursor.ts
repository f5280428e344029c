// The case list's `after` cursor: where the last page ended, in the list's own order (its sort column, then
// the case number), so that the next page starts right after that row whatever was inserted or removed
// meanwhile. An OFFSET counts rows again from the top: a case logged between two pages shifts every later
// row down by one (a row shown twice), and page 5,000 reads 100,000 rows to throw them away.
//
// Opaque to clients (base64url of a small JSON object); it names the sort and order it was made for, so that
// a cursor cannot silently be read in another order.
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { CASE_SORTS, type CaseSort } from './dto/list-cases.query';

export interface CaseListCursor {
  sort: CaseSort;
  order: 'asc' | 'desc';
  /** The last row's sort value as PostgreSQL keeps it (UTC, to the microsecond); null sorts last. */
  key: string | null;
  /** The last row's case number: the tie-breaker. */
  number: string;
}

/** A timestamp to the microsecond, as `SORT_KEY_SQL` writes it. */
const KEY_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A case number's characters (a bound parameter, but a NUL byte would still be a 500). */
const NUMBER_PATTERN = /^[0-9A-Za-z-]{1,64}$/;

/** The SQL of a row's sort value for the cursor: UTC, microseconds kept (a JS Date would drop them). */
export const sortKeySql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCaseListCursor(cursor: CaseListCursor): string {
  const { sort, order, key, number } = cursor;
  return Buffer.from(JSON.stringify({ s: sort, o: order, k: key, n: number }), 'utf8').toString('base64url');
}

const refused = (message: string) =>
  new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', { errors: { after: [message] } });

/**
 * The cursor a client sent back, for the list's sort and order; a 422 naming `after` when it is not one the
 * API made, or was made for another order.
 */
export function decodeCaseListCursor(after: string, sort: CaseSort, order: 'asc' | 'desc'): CaseListCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const fields = (raw ?? {}) as Record<string, unknown>;
  const { s, o, k, n } = fields;
  const known =
    typeof raw === 'object' &&
    raw !== null &&
    (CASE_SORTS as readonly unknown[]).includes(s) &&
    (o === 'asc' || o === 'desc') &&
    (k === null || (typeof k === 'string' && KEY_PATTERN.test(k) && isRealInstant(k))) &&
    typeof n === 'string' &&
    NUMBER_PATTERN.test(n);
  if (!known) {
    throw refused('after must be the nextCursor of a previous page of this list');
  }
  if (s !== sort || o !== order) {
    throw refused(
      `after was made for sort=${String(s)}&order=${String(o)}: ask with the same sort and order`,
    );
  }
  return { sort, order, key: k as string | null, number: n as string };
}

/** 2024-02-30 matches the pattern but is no instant: PostgreSQL would refuse it (a 500), so it is refused here. */
function isRealInstant(key: string): boolean {
  const ms = Date.parse(key);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === key.slice(0, 19);
}
