import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Engineers' visits and leave. A booked visit holds its engineer's time: an exclusion constraint makes two
 * overlapping booked visits of one engineer impossible, whoever books them and however close together (the
 * second transaction waits for the first and is refused). A case has at most one booked visit; a new time
 * moves it (the old row stays, `moved`). Leave is a span of time the engineer is not available.
 */
export class Appointments1801300000003 implements MigrationInterface {
  name = 'Appointments1801300000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`
      CREATE TABLE "appointments" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "case_number" text NOT NULL,
        "engineer_id" uuid NOT NULL REFERENCES "staff" ("id"),
        "during" tstzrange NOT NULL CHECK (NOT isempty("during") AND lower_inc("during") AND NOT upper_inc("during")),
        "status" text NOT NULL DEFAULT 'booked' CHECK ("status" IN ('booked', 'moved', 'cancelled')),
        "booked_by" text NOT NULL,
        "booked_at" timestamptz NOT NULL DEFAULT now(),
        "ended_at" timestamptz,
        CONSTRAINT "appointments_no_double_booking"
          EXCLUDE USING gist ("engineer_id" WITH =, "during" WITH &&) WHERE ("status" = 'booked')
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "appointments_one_booked_per_case" ON "appointments" ("case_number") WHERE "status" = 'booked'`,
    );
    await queryRunner.query(`
      CREATE TABLE "staff_leave" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "staff_id" uuid NOT NULL REFERENCES "staff" ("id") ON DELETE CASCADE,
        "during" tstzrange NOT NULL CHECK (NOT isempty("during")),
        "reason" text NOT NULL,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "staff_leave_during" ON "staff_leave" USING gist ("staff_id", "during")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff_leave"`);
    await queryRunner.query(`DROP TABLE "appointments"`);
  }
}
