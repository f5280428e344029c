// An Idempotency-Key stands for one request: the first use records a hash of the request's canonical body
// with the key, and a later use with another body is refused (422) rather than answered with the first
// case or complaint, which would tell the client its different request had succeeded.
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, DomainErrorCode } from '@caseflow/domain';

/**
 * SHA-256 of the body as canonical JSON: object keys sorted at every depth, `undefined` members left out,
 * so the same request hashes alike however its client ordered the fields.
 */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}

/** The 422 for a key that was first used with another request. */
export function idempotencyKeyReused(): DomainError {
  return new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
    errors: {
      'Idempotency-Key': [
        'Idempotency-Key was already used for a different request: send the same body to retry it, or use a new key for a new request',
      ],
    },
  });
}

/** Throws the 422 when a key's recorded hash (null: recorded before hashes were kept) differs. */
export function assertSameRequest(recorded: string | null, hash: string | undefined): void {
  if (recorded !== null && hash !== undefined && recorded !== hash) throw idempotencyKeyReused();
}

/**
 * Binds a complaint intake's key (its workflow id) to the request's hash, first use wins; refuses a
 * different request under the same key. Called before the workflow is started, so a refusal starts nothing.
 */
export async function claimComplaintIntakeKey(
  db: DataSource | EntityManager,
  workflowId: string,
  hash: string,
): Promise<void> {
  const manager = 'manager' in db ? db.manager : db;
  await manager.query(
    `INSERT INTO "complaint_intake_keys" ("workflow_id", "request_hash") VALUES ($1, $2)
     ON CONFLICT ("workflow_id") DO NOTHING`,
    [workflowId, hash],
  );
  const rows: { request_hash: string }[] = await manager.query(
    `SELECT "request_hash" FROM "complaint_intake_keys" WHERE "workflow_id" = $1`,
    [workflowId],
  );
  assertSameRequest(rows[0]?.request_hash ?? null, hash);
}
