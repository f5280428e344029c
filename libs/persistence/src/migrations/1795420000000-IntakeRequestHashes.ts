import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key remembers the request it was first used with (a hash of the canonical body), so a
 * key reused with another body is refused instead of answering the first case or complaint. Keys bound
 * before this migration have no hash and keep answering as before.
 */
export class IntakeRequestHashes1795420000000 implements MigrationInterface {
  name = 'IntakeRequestHashes1795420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_intake_keys" ADD COLUMN "request_hash" text`);
    // A complaint's key is its workflow id (the workflow allocates the number), so its hash has a table of
    // its own, written before the workflow is started.
    await queryRunner.query(`
      CREATE TABLE "complaint_intake_keys" (
        "workflow_id" text PRIMARY KEY,
        "request_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "complaint_intake_keys"`);
    await queryRunner.query(`ALTER TABLE "case_intake_keys" DROP COLUMN "request_hash"`);
  }
}
