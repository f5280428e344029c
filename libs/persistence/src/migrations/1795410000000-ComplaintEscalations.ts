import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A complaint's ladder steps land in the escalation inbox like a case's: an escalation is about a case or
 * about a complaint (exactly one of the two numbers), so the supervisor sees, and acknowledges, both in one
 * list.
 */
export class ComplaintEscalations1795410000000 implements MigrationInterface {
  name = 'ComplaintEscalations1795410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "escalations"
        ALTER COLUMN "case_number" DROP NOT NULL,
        ADD COLUMN "complaint_number" text REFERENCES "complaints" ("number") ON DELETE CASCADE,
        ADD CONSTRAINT "escalations_about_one_check"
          CHECK (("case_number" IS NULL) <> ("complaint_number" IS NULL))`);
    await queryRunner.query(
      `CREATE INDEX "escalations_complaint_number_idx" ON "escalations" ("complaint_number")
         WHERE "complaint_number" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "escalations" WHERE "complaint_number" IS NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE "escalations"
        DROP CONSTRAINT "escalations_about_one_check",
        DROP COLUMN "complaint_number",
        ALTER COLUMN "case_number" SET NOT NULL`);
  }
}
