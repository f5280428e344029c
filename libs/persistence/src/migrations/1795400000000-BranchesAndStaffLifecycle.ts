import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Day one through the API: branches an admin creates, edits and retires, each naming the commitment
 * policies its cases and complaints run under; staff with the languages they speak; a staff member's
 * deactivation as a reason to reassign their open cases; and the first admin's own staff record, so the
 * account `npm start` creates can log a case at once.
 */
export class BranchesAndStaffLifecycle1795400000000 implements MigrationInterface {
  name = 'BranchesAndStaffLifecycle1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "branches"
        ADD COLUMN "case_policy_id" text NOT NULL DEFAULT 'default' REFERENCES "sla_policies" ("id"),
        ADD COLUMN "complaint_policy_id" text NOT NULL DEFAULT 'complaints' REFERENCES "sla_policies" ("id"),
        ADD COLUMN "retired_at" timestamptz,
        ADD COLUMN "created_at" timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN "updated_at" timestamptz NOT NULL DEFAULT now(),
        ADD CONSTRAINT "branches_id_format" CHECK ("id" ~ '^[a-z0-9][a-z0-9_-]{0,31}$') NOT VALID,
        ADD CONSTRAINT "branches_name_length" CHECK (length("name") BETWEEN 1 AND 200) NOT VALID`);

    await queryRunner.query(`ALTER TABLE "staff" ADD COLUMN "languages" text[] NOT NULL DEFAULT '{}'`);

    await queryRunner.query(`ALTER TABLE "reassignments" DROP CONSTRAINT "reassignments_reason_check"`);
    await queryRunner.query(`
      ALTER TABLE "reassignments" ADD CONSTRAINT "reassignments_reason_check"
        CHECK ("reason" IN ('certification_expired', 'certificate_revoked', 'disqualified', 'deactivated'))`);

    // An install upgraded from before this change: its first admin gets the staff record (and operator
    // number) a new install's admin gets at its first start.
    await queryRunner.query(`
      INSERT INTO "staff" ("user_id", "name", "role", "department", "operator_no")
      SELECT u."id", u."display_name", 'operator', 'customer_service',
             (SELECT min(n) FROM generate_series(1, 9999) n WHERE n NOT IN (
                SELECT "operator_no" FROM "staff" WHERE "operator_no" IS NOT NULL))
        FROM "users" u
       WHERE lower(u."username") = 'admin'
         AND NOT EXISTS (SELECT 1 FROM "staff" s WHERE s."user_id" = u."id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "reassignments" WHERE "reason" = 'deactivated'`);
    await queryRunner.query(`ALTER TABLE "reassignments" DROP CONSTRAINT "reassignments_reason_check"`);
    await queryRunner.query(`
      ALTER TABLE "reassignments" ADD CONSTRAINT "reassignments_reason_check"
        CHECK ("reason" IN ('certification_expired', 'certificate_revoked', 'disqualified'))`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "languages"`);
    await queryRunner.query(`
      ALTER TABLE "branches"
        DROP CONSTRAINT "branches_name_length",
        DROP CONSTRAINT "branches_id_format",
        DROP COLUMN "updated_at",
        DROP COLUMN "created_at",
        DROP COLUMN "retired_at",
        DROP COLUMN "complaint_policy_id",
        DROP COLUMN "case_policy_id"`);
  }
}
