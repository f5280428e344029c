import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff supervision: the organisation's units, product lines and certificates, suspension, customer
 * evaluations, cases flagged for reassignment, assignment overrides, and an append-only audit log.
 *
 * - `org_units`: departments (kind 'department', one of the five department kinds) and their teams, each
 *   with a head (a supervisor for a team, a manager for a department) and per branch. Staff belong to a unit.
 * - `product_lines` + `certificates`: a certificate (上岗证) covers product lines between its issue and expiry;
 *   `staff.certified` / `staff.certification_expires_at` stay the summary the assignment check reads.
 * - `staff.suspended_at`: a confirmed disqualification suspends at once (no new assignments).
 * - `reassignments`: an open case whose assignee may no longer work it, with the supervisor's due time.
 * - `assignment_overrides`: a supervisor's reasoned exception to the branch rule, for one case and one person.
 * - `audit_log` gains `ip` and `outcome`; rows can be inserted, never updated or deleted (trigger), and every
 *   change of a case's state is written to it by a deferred trigger, with the actor from the case's timeline.
 */
export class StaffSupervision1795390000000 implements MigrationInterface {
  name = 'StaffSupervision1795390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "org_units" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN ('department', 'team')),
        "name" text NOT NULL CHECK (length("name") BETWEEN 1 AND 200),
        "department" text NOT NULL
          CHECK ("department" IN ('tech_support', 'product_division', 'customer_service', 'quality_desk', 'gm_office')),
        "branch_id" text REFERENCES "branches" ("id"),
        "parent_id" uuid REFERENCES "org_units" ("id") ON DELETE RESTRICT CHECK ("parent_id" <> "id"),
        "head_id" uuid REFERENCES "staff" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CHECK (("kind" = 'team') = ("parent_id" IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "org_units_parent_idx" ON "org_units" ("parent_id")`);
    await queryRunner.query(`CREATE INDEX "org_units_head_idx" ON "org_units" ("head_id")`);

    await queryRunner.query(`
      ALTER TABLE "staff"
        ADD COLUMN "unit_id" uuid REFERENCES "org_units" ("id") ON DELETE SET NULL,
        ADD COLUMN "suspended_at" timestamptz,
        ADD COLUMN "suspension_reason" text`);
    await queryRunner.query(`CREATE INDEX "staff_unit_idx" ON "staff" ("unit_id")`);

    // A case's product line is the one whose model prefix its product (device model) starts with.
    await queryRunner.query(`
      CREATE TABLE "product_lines" (
        "id" text PRIMARY KEY CHECK ("id" ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
        "name" text NOT NULL,
        "model_prefixes" text[] NOT NULL DEFAULT '{}'
      )`);

    await queryRunner.query(`
      CREATE FUNCTION "product_line_of"(p_product text) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT pl."id" FROM "product_lines" pl, unnest(pl."model_prefixes") AS prefix
         WHERE p_product IS NOT NULL AND prefix <> ''
           AND lower(p_product) LIKE replace(replace(lower(prefix), '%', '\\%'), '_', '\\_') || '%'
         ORDER BY length(prefix) DESC, pl."id" LIMIT 1
      $$`);

    await queryRunner.query(`
      CREATE TABLE "certificates" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "staff_id" uuid NOT NULL REFERENCES "staff" ("id") ON DELETE CASCADE,
        "product_lines" text[] NOT NULL CHECK (cardinality("product_lines") > 0),
        "issued_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "state" text NOT NULL DEFAULT 'active' CHECK ("state" IN ('active', 'expired', 'revoked')),
        "revoked_at" timestamptz,
        "revocation_reason" text,
        "reminded_at" timestamptz,
        "expired_at" timestamptz,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CHECK ("expires_at" > "issued_at")
      )`);
    await queryRunner.query(`CREATE INDEX "certificates_staff_idx" ON "certificates" ("staff_id", "state")`);

    // The summary on the staff row, from the certificates: certified while any is active and unexpired.
    await queryRunner.query(`
      CREATE FUNCTION "refresh_staff_certification"(p_staff uuid) RETURNS void LANGUAGE sql AS $$
        UPDATE "staff" s SET
          "certified" = EXISTS (SELECT 1 FROM "certificates" c
                                 WHERE c."staff_id" = s."id" AND c."state" = 'active' AND c."expires_at" > now()),
          "certification_expires_at" = (SELECT max(c."expires_at") FROM "certificates" c
                                 WHERE c."staff_id" = s."id" AND c."state" = 'active' AND c."expires_at" > now()),
          "updated_at" = now()
        WHERE s."id" = p_staff
      $$`);

    await queryRunner.query(`
      ALTER TABLE "penalties"
        ADD COLUMN "proposed_by_staff_id" uuid REFERENCES "staff" ("id")`);

    await queryRunner.query(`
      CREATE TABLE "reassignments" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "idempotency_key" text NOT NULL UNIQUE,
        "case_number" text NOT NULL REFERENCES "cases" ("number") ON DELETE CASCADE,
        "staff_id" uuid NOT NULL REFERENCES "staff" ("id"),
        "reason" text NOT NULL CHECK ("reason" IN ('certification_expired', 'certificate_revoked', 'disqualified')),
        "supervisor_staff_id" uuid REFERENCES "staff" ("id"),
        "escalation_id" uuid REFERENCES "escalations" ("id"),
        "flagged_at" timestamptz NOT NULL DEFAULT now(),
        "due_at" timestamptz NOT NULL,
        "reassigned_at" timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX "reassignments_open_idx" ON "reassignments" ("case_number") WHERE "reassigned_at" IS NULL`,
    );
    // Reassigning the case (any new assignee) settles its open reassignment flags.
    await queryRunner.query(`
      CREATE FUNCTION "settle_reassignments"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "reassignments" SET "reassigned_at" = now()
         WHERE "case_number" = NEW."number" AND "reassigned_at" IS NULL AND "staff_id" IS DISTINCT FROM NEW."assignee_id";
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "cases_settle_reassignments" AFTER UPDATE OF "assignee_id" ON "cases"
        FOR EACH ROW WHEN (OLD."assignee_id" IS DISTINCT FROM NEW."assignee_id")
        EXECUTE FUNCTION "settle_reassignments"()`);

    await queryRunner.query(`
      CREATE TABLE "assignment_overrides" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "case_number" text NOT NULL REFERENCES "cases" ("number") ON DELETE CASCADE,
        "staff_id" uuid NOT NULL REFERENCES "staff" ("id"),
        "reason" text NOT NULL CHECK (length(trim("reason")) > 0),
        "by_user_id" uuid NOT NULL,
        "by_username" text NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "assignment_overrides_case_idx" ON "assignment_overrides" ("case_number", "staff_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "evaluations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "month" date NOT NULL CHECK (extract(day FROM "month") = 1),
        "staff_id" uuid NOT NULL REFERENCES "staff" ("id"),
        "branch_id" text REFERENCES "branches" ("id"),
        "customer_name" text NOT NULL,
        "customer_phone" text,
        "pre_sales_technical" smallint CHECK ("pre_sales_technical" BETWEEN -50 AND 200),
        "pre_sales_attitude" smallint CHECK ("pre_sales_attitude" BETWEEN -50 AND 200),
        "implementation_technical" smallint CHECK ("implementation_technical" BETWEEN -50 AND 200),
        "implementation_attitude" smallint CHECK ("implementation_attitude" BETWEEN -50 AND 200),
        "after_sales_technical" smallint CHECK ("after_sales_technical" BETWEEN -50 AND 200),
        "after_sales_attitude" smallint CHECK ("after_sales_attitude" BETWEEN -50 AND 200),
        "comments" text,
        "extremely_dissatisfied" boolean NOT NULL DEFAULT false,
        "complaint_number" text,
        "recorded_by" text NOT NULL,
        "recorded_by_user_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "evaluations_month_staff_idx" ON "evaluations" ("month", "staff_id")`,
    );

    // The audit log: from where, and how it ended; append-only for everyone, the app included.
    await queryRunner.query(`
      ALTER TABLE "audit_log"
        ADD COLUMN "ip" text,
        ADD COLUMN "outcome" text NOT NULL DEFAULT 'success' CHECK ("outcome" IN ('success', 'failure', 'refused'))`);
    await queryRunner.query(`CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at" DESC, "id" DESC)`);
    await queryRunner.query(`CREATE INDEX "audit_log_action_idx" ON "audit_log" ("action", "at" DESC)`);
    await queryRunner.query(`
      CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
        FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
        FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM PUBLIC`);

    // A case's state change, at commit (deferred), so the timeline entry of the same transaction names the actor.
    await queryRunner.query(`
      CREATE FUNCTION "audit_case_state"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        who text;
      BEGIN
        SELECT e."actor" INTO who FROM "case_events" e
         WHERE e."case_number" = NEW."number" AND e."seq" = NEW."last_seq";
        INSERT INTO "audit_log" ("actor", "action", "entity_type", "entity_id", "summary", "before", "after")
        VALUES (
          COALESCE(who, 'system'),
          'case.state',
          'case',
          NEW."number",
          CASE WHEN TG_OP = 'INSERT' THEN 'Case ' || NEW."number" || ' opened as ' || NEW."state"
               ELSE 'Case ' || NEW."number" || ': ' || OLD."state" || ' → ' || NEW."state" END,
          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE jsonb_build_object('state', OLD."state") END,
          jsonb_build_object('state', NEW."state", 'seq', NEW."last_seq")
        );
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "cases_audit_state_insert" AFTER INSERT ON "cases"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "audit_case_state"()`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "cases_audit_state_update" AFTER UPDATE OF "state" ON "cases"
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."state" IS DISTINCT FROM NEW."state")
        EXECUTE FUNCTION "audit_case_state"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "cases_audit_state_update" ON "cases"`);
    await queryRunner.query(`DROP TRIGGER "cases_audit_state_insert" ON "cases"`);
    await queryRunner.query(`DROP FUNCTION "audit_case_state"()`);
    await queryRunner.query(`DROP TRIGGER "audit_log_no_truncate" ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER "audit_log_no_update_delete" ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION "audit_log_append_only"()`);
    await queryRunner.query(`DROP INDEX "audit_log_action_idx"`);
    await queryRunner.query(`DROP INDEX "audit_log_at_idx"`);
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "outcome", DROP COLUMN "ip"`);
    await queryRunner.query(`DROP TABLE "evaluations"`);
    await queryRunner.query(`DROP TABLE "assignment_overrides"`);
    await queryRunner.query(`DROP TRIGGER "cases_settle_reassignments" ON "cases"`);
    await queryRunner.query(`DROP FUNCTION "settle_reassignments"()`);
    await queryRunner.query(`DROP TABLE "reassignments"`);
    await queryRunner.query(`ALTER TABLE "penalties" DROP COLUMN "proposed_by_staff_id"`);
    await queryRunner.query(`DROP FUNCTION "refresh_staff_certification"(uuid)`);
    await queryRunner.query(`DROP TABLE "certificates"`);
    await queryRunner.query(`DROP FUNCTION "product_line_of"(text)`);
    await queryRunner.query(`DROP TABLE "product_lines"`);
    await queryRunner.query(
      `ALTER TABLE "staff" DROP COLUMN "suspension_reason", DROP COLUMN "suspended_at", DROP COLUMN "unit_id"`,
    );
    await queryRunner.query(`DROP TABLE "org_units"`);
  }
}
