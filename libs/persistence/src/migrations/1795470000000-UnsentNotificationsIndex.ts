import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * /metrics and /health read the outbox's unsent rows (pending, held, sending, failed, undeliverable) every
 * few seconds; sent rows are nearly all of the table and only grow. This index keeps that read to the
 * few rows that matter, however long the outbox's history.
 */
export class UnsentNotificationsIndex1795470000000 implements MigrationInterface {
  name = 'UnsentNotificationsIndex1795470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "notifications_unsent_idx" ON "notifications" ("status", COALESCE("not_before", "created_at")) WHERE "status" <> 'sent'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "notifications_unsent_idx"`);
  }
}
