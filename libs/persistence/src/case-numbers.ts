// Case numbers are allocated in PostgreSQL: one upsert per case takes the next serial for (date, operator)
// under the row's lock, so concurrent intakes — on any number of API replicas — never share a number.
import type { DataSource, EntityManager } from 'typeorm';
import { formatCaseNumber } from '@caseflow/domain';
import { assertSameRequest } from './intake-keys';

export interface AllocateCaseNumberInput {
  /** The local business date of the call, `YYYY-MM-DD`. */
  date: string;
  operatorNo: number;
  /**
   * The intake's Idempotency-Key: the first allocation binds it to the number it took; a retry with the
   * same key gets that number back (and allocates nothing), so it names the same workflow.
   */
  idempotencyKey?: string;
  /**
   * With the key: the hash of the request's canonical body (`requestHash`). It is recorded with the key, and
   * a retry under the key with another hash is refused (422) instead of being given the first number.
   */
  requestHash?: string;
}

export interface AllocatedCaseNumber {
  number: string;
  serial: number;
  /** false when the idempotency key had already been given a number (a retried intake). */
  allocated: boolean;
}

export async function allocateCaseNumber(
  db: DataSource | EntityManager,
  { date, operatorNo, idempotencyKey, requestHash }: AllocateCaseNumberInput,
): Promise<AllocatedCaseNumber> {
  // Validate before touching the serials, so a bad input never burns one.
  formatCaseNumber({ date, operatorNo, serial: 1 });
  const manager = 'manager' in db ? db.manager : db;
  if (idempotencyKey === undefined)
    return { ...(await nextSerial(manager, date, operatorNo)), allocated: true };

  const existing = await findByKey(manager, idempotencyKey, requestHash);
  if (existing) return existing;
  const won = await manager
    .transaction(async (tx) => {
      const next = await nextSerial(tx, date, operatorNo);
      const rows: unknown[] = await tx.query(
        `INSERT INTO "case_intake_keys" ("idempotency_key", "case_number", "request_hash") VALUES ($1, $2, $3)
       ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "case_number"`,
        [idempotencyKey, next.number, requestHash ?? null],
      );
      if (rows.length === 0) throw new KeyTaken();
      return { ...next, allocated: true };
    })
    .catch((error: unknown) => {
      if (error instanceof KeyTaken) return undefined; // a concurrent retry won; its serial stands, ours rolled back
      throw error;
    });
  if (won) return won;
  const winner = await findByKey(manager, idempotencyKey, requestHash);
  if (!winner) throw new Error(`Idempotency key "${idempotencyKey}" vanished while allocating a case number`);
  return winner;
}

class KeyTaken extends Error {}

async function nextSerial(
  manager: EntityManager,
  date: string,
  operatorNo: number,
): Promise<{ number: string; serial: number }> {
  const rows: { last_serial: number }[] = await manager.query(
    `INSERT INTO "case_number_serials" AS s ("date", "operator_no", "last_serial") VALUES ($1, $2, 1)
     ON CONFLICT ("date", "operator_no") DO UPDATE SET "last_serial" = s."last_serial" + 1
     RETURNING "last_serial"`,
    [date, operatorNo],
  );
  const serial = rows[0].last_serial;
  return { number: formatCaseNumber({ date, operatorNo, serial }), serial };
}

/** The number a key was given; throws the 422 when the key was given it for another request. */
async function findByKey(
  manager: EntityManager,
  key: string,
  requestHash: string | undefined,
): Promise<AllocatedCaseNumber | undefined> {
  const rows: { case_number: string; request_hash: string | null }[] = await manager.query(
    `SELECT "case_number", "request_hash" FROM "case_intake_keys" WHERE "idempotency_key" = $1`,
    [key],
  );
  if (rows.length === 0) return undefined;
  assertSameRequest(rows[0].request_hash, requestHash);
  const number = rows[0].case_number;
  const serial = Number(number.slice(number.lastIndexOf('-') + 1));
  return { number, serial, allocated: false };
}
