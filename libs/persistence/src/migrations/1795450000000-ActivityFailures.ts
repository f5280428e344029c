import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activities that keep failing, one row per workflow and activity: a write the database refused for good
 * (retryable = false: SQLSTATE class 22 or 23, the activity failed without retrying) or one that has
 * failed several attempts in a row and is still being retried. `/health` reports them; a later success
 * of a retried activity removes its row.
 */
export class ActivityFailures1795450000000 implements MigrationInterface {
  name = 'ActivityFailures1795450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "activity_failures" (
        "workflow_id" text NOT NULL,
        "activity" text NOT NULL,
        "retryable" boolean NOT NULL,
        "attempts" integer NOT NULL,
        "sql_state" text,
        "error" text NOT NULL,
        "first_failed_at" timestamptz NOT NULL DEFAULT now(),
        "last_failed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("workflow_id", "activity")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "activity_failures"`);
  }
}
