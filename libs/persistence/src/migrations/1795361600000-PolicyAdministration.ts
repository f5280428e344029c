import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What admins need to tune commitments without a deploy:
 * - policy versions get a life cycle: a draft (editable, not in force) → published (the one new cases
 *   start under; at most one per policy) → superseded; who drafted it and when, who published it, why;
 * - calendars get a revision number, so a case never goes back to an older calendar than it has seen;
 * - `audit_log`: every admin change (who, when, what, before/after), written in the change's transaction;
 * - `policy_rollouts` + `policy_rollout_cases`: a publish (or a calendar change) that re-plans the open
 *   cases records, in the same transaction, which cases it must reach; each case is marked once signalled,
 *   so after a crash the rollout resumes where it stopped instead of starting over or losing cases.
 */
export class PolicyAdministration1795361600000 implements MigrationInterface {
  name = 'PolicyAdministration1795361600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "sla_policy_versions"
        ADD COLUMN "status" text NOT NULL DEFAULT 'published'
          CHECK ("status" IN ('draft', 'published', 'superseded')),
        ADD COLUMN "created_by" text NOT NULL DEFAULT 'system',
        ADD COLUMN "created_at" timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN "note" text,
        ALTER COLUMN "published_at" DROP NOT NULL,
        ALTER COLUMN "published_at" DROP DEFAULT,
        ALTER COLUMN "published_by" DROP NOT NULL,
        ALTER COLUMN "reason" DROP NOT NULL`);
    await queryRunner.query(`
      UPDATE "sla_policy_versions" v
         SET "status" = CASE WHEN v."version" = p."current_version" THEN 'published' ELSE 'superseded' END,
             "created_at" = v."published_at",
             "created_by" = v."published_by"
        FROM "sla_policies" p
       WHERE p."id" = v."policy_id"`);
    await queryRunner.query(`ALTER TABLE "sla_policy_versions" ALTER COLUMN "status" SET DEFAULT 'draft'`);
    await queryRunner.query(`
      ALTER TABLE "sla_policy_versions" ADD CONSTRAINT "sla_policy_versions_published_check"
        CHECK ("status" = 'draft' OR ("published_at" IS NOT NULL AND "published_by" IS NOT NULL AND "reason" IS NOT NULL))`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "sla_policy_versions_one_published" ON "sla_policy_versions" ("policy_id")
        WHERE "status" = 'published'`);

    await queryRunner.query(`ALTER TABLE "calendars" ADD COLUMN "revision" integer NOT NULL DEFAULT 1`);

    await queryRunner.query(`
      CREATE TABLE "audit_log" (
        "id" bigserial PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_id" text,
        "actor" text NOT NULL,
        "action" text NOT NULL,
        "entity_type" text NOT NULL,
        "entity_id" text NOT NULL,
        "summary" text NOT NULL,
        "before" jsonb,
        "after" jsonb
      )`);
    await queryRunner.query(
      `CREATE INDEX "audit_log_entity_idx" ON "audit_log" ("entity_type", "entity_id", "at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "policy_rollouts" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN ('policy', 'calendar')),
        "policy_id" text REFERENCES "sla_policies" ("id") ON DELETE CASCADE,
        "version" integer,
        "calendar_id" text REFERENCES "calendars" ("id") ON DELETE CASCADE,
        "calendar_revision" integer,
        "requested_by_id" text,
        "requested_by" text NOT NULL,
        "requested_at" timestamptz NOT NULL DEFAULT now(),
        "status" text NOT NULL DEFAULT 'running' CHECK ("status" IN ('running', 'done')),
        "total" integer NOT NULL DEFAULT 0,
        "signalled" integer NOT NULL DEFAULT 0,
        "skipped" integer NOT NULL DEFAULT 0,
        "failed" integer NOT NULL DEFAULT 0,
        "lease_owner" text,
        "lease_until" timestamptz,
        "finished_at" timestamptz,
        CHECK (("kind" = 'policy') = ("version" IS NOT NULL AND "policy_id" IS NOT NULL)),
        CHECK (("kind" = 'calendar') = ("calendar_id" IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "policy_rollouts_running_idx" ON "policy_rollouts" ("requested_at") WHERE "status" = 'running'`,
    );
    await queryRunner.query(`
      CREATE TABLE "policy_rollout_cases" (
        "rollout_id" uuid NOT NULL REFERENCES "policy_rollouts" ("id") ON DELETE CASCADE,
        "case_number" text NOT NULL,
        "policy_id" text NOT NULL,
        "policy_version" integer NOT NULL,
        "outcome" text NOT NULL DEFAULT 'pending'
          CHECK ("outcome" IN ('pending', 'signalled', 'skipped', 'failed')),
        "attempts" integer NOT NULL DEFAULT 0,
        "error" text,
        "done_at" timestamptz,
        PRIMARY KEY ("rollout_id", "case_number")
      )`);
    await queryRunner.query(`
      CREATE INDEX "policy_rollout_cases_pending_idx" ON "policy_rollout_cases" ("rollout_id")
        WHERE "outcome" = 'pending'`);
    // Finding the open cases under a policy version is the rollout's first query.
    await queryRunner.query(
      `CREATE INDEX "cases_policy_open_idx" ON "cases" ("policy_id", "policy_version") WHERE "state" NOT IN ('closed', 'cancelled')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "cases_policy_open_idx"`);
    await queryRunner.query(`DROP TABLE "policy_rollout_cases"`);
    await queryRunner.query(`DROP TABLE "policy_rollouts"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`ALTER TABLE "calendars" DROP COLUMN "revision"`);
    await queryRunner.query(`DROP INDEX "sla_policy_versions_one_published"`);
    await queryRunner.query(
      `ALTER TABLE "sla_policy_versions" DROP CONSTRAINT "sla_policy_versions_published_check"`,
    );
    // Drafts were never in force; a schema without them has no place for them.
    await queryRunner.query(`DELETE FROM "sla_policy_versions" WHERE "status" = 'draft'`);
    await queryRunner.query(`
      ALTER TABLE "sla_policy_versions"
        DROP COLUMN "status",
        DROP COLUMN "created_by",
        DROP COLUMN "created_at",
        DROP COLUMN "note",
        ALTER COLUMN "published_at" SET NOT NULL,
        ALTER COLUMN "published_at" SET DEFAULT now(),
        ALTER COLUMN "published_by" SET NOT NULL,
        ALTER COLUMN "reason" SET NOT NULL`);
  }
}
