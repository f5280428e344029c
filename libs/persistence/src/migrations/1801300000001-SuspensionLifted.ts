import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A suspension (a confirmed disqualification) is lifted by a recorded decision: who, when and why are kept
 * on the penalty that caused it, beside the decision that confirmed it.
 */
export class SuspensionLifted1801300000001 implements MigrationInterface {
  name = 'SuspensionLifted1801300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "penalties"
        ADD COLUMN "lifted_at" timestamptz,
        ADD COLUMN "lifted_by" text,
        ADD COLUMN "lifted_by_user_id" text,
        ADD COLUMN "lift_reason" text,
        ADD CONSTRAINT "penalties_lift_whole" CHECK (
          ("lifted_at" IS NULL) = ("lift_reason" IS NULL) AND ("lifted_at" IS NULL) = ("lifted_by" IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "penalties" DROP CONSTRAINT "penalties_lift_whole", DROP COLUMN "lift_reason",
        DROP COLUMN "lifted_by_user_id", DROP COLUMN "lifted_by", DROP COLUMN "lifted_at"`);
  }
}
