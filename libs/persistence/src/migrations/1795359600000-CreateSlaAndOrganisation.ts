import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin data that workflows receive as snapshots: business calendars, commitment policies (immutable,
 * numbered versions), branches and the organisation chart that escalations walk up.
 *
 * Closed vocabularies are text columns with CHECK constraints rather than PostgreSQL enums: a later
 * migration can widen a CHECK inside a transaction, which `ALTER TYPE … ADD VALUE` cannot always do.
 */
export class CreateSlaAndOrganisation1795359600000 implements MigrationInterface {
  name = 'CreateSlaAndOrganisation1795359600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendars" (
        "id" text PRIMARY KEY,
        "name" text NOT NULL,
        "definition" jsonb NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE "sla_policies" (
        "id" text PRIMARY KEY,
        "name" text NOT NULL,
        "current_version" integer NOT NULL CHECK ("current_version" >= 1)
      )`);
    // A published version is never edited: running cases name the version they run under.
    await queryRunner.query(`
      CREATE TABLE "sla_policy_versions" (
        "policy_id" text NOT NULL REFERENCES "sla_policies" ("id") ON DELETE CASCADE,
        "version" integer NOT NULL CHECK ("version" >= 1),
        "rules" jsonb NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "published_by" text NOT NULL,
        "reason" text NOT NULL,
        PRIMARY KEY ("policy_id", "version")
      )`);

    await queryRunner.query(`
      CREATE TABLE "branches" (
        "id" text PRIMARY KEY,
        "name" text NOT NULL,
        "calendar_id" text NOT NULL DEFAULT 'default' REFERENCES "calendars" ("id")
      )`);

    // The organisation chart: escalations resolve assignee → supervisor → manager (the supervisor's
    // supervisor) → the GM office along supervisor_id, passing over vacancies (no one, or inactive).
    await queryRunner.query(`
      CREATE TABLE "staff" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid UNIQUE REFERENCES "users" ("id") ON DELETE SET NULL,
        "name" text NOT NULL,
        "operator_no" integer UNIQUE CHECK ("operator_no" BETWEEN 0 AND 9999),
        "department" text NOT NULL
          CHECK ("department" IN ('tech_support', 'product_division', 'customer_service', 'quality_desk', 'gm_office')),
        "branch_id" text REFERENCES "branches" ("id"),
        "role" text NOT NULL
          CHECK ("role" IN ('operator', 'engineer', 'supervisor', 'manager', 'quality', 'gm_office')),
        "supervisor_id" uuid REFERENCES "staff" ("id") ON DELETE SET NULL CHECK ("supervisor_id" <> "id"),
        "certified" boolean NOT NULL DEFAULT false,
        "certification_expires_at" timestamptz,
        "active" boolean NOT NULL DEFAULT true,
        "phone" text,
        "email" text,
        "language" text NOT NULL DEFAULT 'zh-CN' CHECK ("language" IN ('zh-CN', 'en')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "staff_supervisor_id_idx" ON "staff" ("supervisor_id")`);
    await queryRunner.query(
      `CREATE INDEX "staff_role_branch_idx" ON "staff" ("role", "branch_id") WHERE "active"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TABLE "branches"`);
    await queryRunner.query(`DROP TABLE "sla_policy_versions"`);
    await queryRunner.query(`DROP TABLE "sla_policies"`);
    await queryRunner.query(`DROP TABLE "calendars"`);
  }
}
