import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The indexes the management reports read a period through (`npm run bench:reports`): commitments by the
 * time they fell due (and were met or breached, for the assessment), complaints by the time they were received, the timeline's reopenings, and the
 * month-end sample's callbacks. Cases by received / resolved time are indexed already.
 */
export class ReportIndexes1795490000000 implements MigrationInterface {
  name = 'ReportIndexes1795490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "commitments_due_at_idx" ON "commitments" ("due_at") WHERE "due_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "complaint_commitments_due_at_idx" ON "complaint_commitments" ("due_at") WHERE "due_at" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "complaints_received_at_idx" ON "complaints" ("received_at")`);
    // The monthly assessment counts commitments met, and breached, in its month.
    await queryRunner.query(
      `CREATE INDEX "commitments_met_at_idx" ON "commitments" ("met_at") WHERE "met_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "commitments_breached_at_idx" ON "commitments" ("breached_at") WHERE "breached"`,
    );
    // Compliance reads the escalations of the period's commitments by the due time they fired for.
    await queryRunner.query(
      `CREATE INDEX "escalations_commitment_due_at_idx" ON "escalations" ("commitment_due_at")
        WHERE "target_role" IN ('supervisor', 'manager')`,
    );
    await queryRunner.query(
      `CREATE INDEX "case_events_reopened_at_idx" ON "case_events" ("at") WHERE "type" = 'reopened'`,
    );
    await queryRunner.query(
      `CREATE INDEX "callback_tasks_sample_idx" ON "callback_tasks" ("sample_id") WHERE "sample_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "callback_tasks_sample_idx"`);
    await queryRunner.query(`DROP INDEX "case_events_reopened_at_idx"`);
    await queryRunner.query(`DROP INDEX "escalations_commitment_due_at_idx"`);
    await queryRunner.query(`DROP INDEX "commitments_breached_at_idx"`);
    await queryRunner.query(`DROP INDEX "commitments_met_at_idx"`);
    await queryRunner.query(`DROP INDEX "complaints_received_at_idx"`);
    await queryRunner.query(`DROP INDEX "complaint_commitments_due_at_idx"`);
    await queryRunner.query(`DROP INDEX "commitments_due_at_idx"`);
  }
}
