import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of cases that workflows write through activities (cases, their timeline, commitments,
 * escalations, callbacks), the notification outbox, and the per-day case-number serials.
 *
 * Every row an activity writes has a natural idempotency key — (case_number, seq) for timeline entries,
 * `workflowId:commitmentId:stepId` for escalations — so a retried activity changes nothing.
 */
export class CreateCaseRecords1795359800000 implements MigrationInterface {
  name = 'CreateCaseRecords1795359800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Case numbers: date + operator number + that day's serial, allocated by one upsert per case.
    await queryRunner.query(`
      CREATE TABLE "case_number_serials" (
        "date" date NOT NULL,
        "operator_no" integer NOT NULL CHECK ("operator_no" BETWEEN 0 AND 9999),
        "last_serial" integer NOT NULL CHECK ("last_serial" >= 1),
        PRIMARY KEY ("date", "operator_no")
      )`);
    // An intake's Idempotency-Key is bound to its case number when the number is allocated — before the
    // workflow (and so the `cases` row) exists — so a retried intake gets the same number, hence the same
    // workflow id, and Temporal refuses to start it twice.
    await queryRunner.query(`
      CREATE TABLE "case_intake_keys" (
        "idempotency_key" text PRIMARY KEY,
        "case_number" text NOT NULL UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE "cases" (
        "number" text PRIMARY KEY,
        "workflow_id" text NOT NULL UNIQUE,
        "kind" text NOT NULL CHECK ("kind" IN ('service_request', 'inquiry', 'complaint')),
        "state" text NOT NULL CHECK ("state" IN ('new', 'assigned', 'contacted', 'scheduled', 'in_progress',
          'awaiting_customer', 'forwarded', 'resolved', 'closed', 'reopened', 'cancelled')),
        "resolution" text CHECK ("resolution" IN ('resolved', 'resolved_by_silence', 'answered_on_call')),
        "channel" text NOT NULL CHECK ("channel" IN ('phone', 'web', 'email', 'walk_in', 'engineer_direct')),
        "category" text NOT NULL CHECK ("category" IN ('technical', 'service', 'sales', 'other')),
        "dispatched" boolean NOT NULL DEFAULT false,
        "customer_name" text NOT NULL,
        "customer_phone" text NOT NULL,
        "customer_address" text,
        "customer_tier" text NOT NULL CHECK ("customer_tier" IN ('standard', 'gold')),
        "customer_language" text NOT NULL DEFAULT 'zh-CN' CHECK ("customer_language" IN ('zh-CN', 'en')),
        "product" text,
        "description" text NOT NULL,
        "branch_id" text REFERENCES "branches" ("id"),
        "operator_user_id" text NOT NULL,
        "operator_username" text NOT NULL,
        "operator_no" integer NOT NULL,
        "assignee_id" uuid REFERENCES "staff" ("id"),
        "department" text
          CHECK ("department" IN ('tech_support', 'product_division', 'customer_service', 'quality_desk', 'gm_office')),
        "visit_at" timestamptz,
        "summary" text,
        "fault_grade" text CHECK ("fault_grade" IN ('A', 'B', 'C', 'D')),
        "received_at" timestamptz NOT NULL,
        "resolved_at" timestamptz,
        "closed_at" timestamptz,
        "reopen_count" integer NOT NULL DEFAULT 0,
        "policy_id" text NOT NULL,
        "policy_version" integer NOT NULL,
        "allowed_actions" text[] NOT NULL DEFAULT '{}',
        "breached" boolean NOT NULL DEFAULT false,
        "next_due_at" timestamptz,
        "last_seq" integer NOT NULL,
        "idempotency_key" text UNIQUE,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // The list filters (GET /api/cases) and the handover list (open cases, soonest due first).
    await queryRunner.query(`CREATE INDEX "cases_state_idx" ON "cases" ("state")`);
    await queryRunner.query(`CREATE INDEX "cases_kind_idx" ON "cases" ("kind")`);
    await queryRunner.query(`CREATE INDEX "cases_assignee_id_idx" ON "cases" ("assignee_id")`);
    await queryRunner.query(`CREATE INDEX "cases_branch_id_idx" ON "cases" ("branch_id")`);
    await queryRunner.query(`CREATE INDEX "cases_breached_idx" ON "cases" ("received_at") WHERE "breached"`);
    await queryRunner.query(`CREATE INDEX "cases_received_at_idx" ON "cases" ("received_at")`);
    await queryRunner.query(`CREATE INDEX "cases_customer_phone_idx" ON "cases" ("customer_phone")`);
    await queryRunner.query(
      `CREATE INDEX "cases_next_due_at_idx" ON "cases" ("next_due_at") WHERE "next_due_at" IS NOT NULL`,
    );
    // `q` searches names with ILIKE '%…%': a trigram index serves that (and is case-insensitive).
    await queryRunner.query(
      `CREATE INDEX "cases_customer_name_trgm_idx" ON "cases" USING gin ("customer_name" gin_trgm_ops)`,
    );

    await queryRunner.query(`
      CREATE TABLE "case_events" (
        "id" bigserial PRIMARY KEY,
        "case_number" text NOT NULL REFERENCES "cases" ("number") ON DELETE CASCADE,
        "seq" integer NOT NULL CHECK ("seq" >= 1),
        "at" timestamptz NOT NULL,
        "type" text NOT NULL,
        "actor" text NOT NULL,
        "summary" text NOT NULL,
        "data" jsonb,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "case_events_case_number_seq_key" UNIQUE ("case_number", "seq")
      )`);

    await queryRunner.query(`
      CREATE TABLE "commitments" (
        "case_number" text NOT NULL REFERENCES "cases" ("number") ON DELETE CASCADE,
        "commitment_id" text NOT NULL,
        "kind" text NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('running', 'paused', 'met', 'cancelled')),
        "policy_version" integer NOT NULL,
        "started_at" timestamptz NOT NULL,
        "due_at" timestamptz,
        "warn_at" timestamptz,
        "breached" boolean NOT NULL DEFAULT false,
        "breached_at" timestamptz,
        "met_at" timestamptz,
        "remaining_ms" bigint NOT NULL,
        PRIMARY KEY ("case_number", "commitment_id")
      )`);
    await queryRunner.query(`CREATE INDEX "commitments_kind_idx" ON "commitments" ("kind", "started_at")`);
    await queryRunner.query(
      `CREATE INDEX "commitments_running_due_at_idx" ON "commitments" ("due_at") WHERE "status" = 'running'`,
    );

    // The supervisors' inbox: one row per ladder step that reached a person.
    await queryRunner.query(`
      CREATE TABLE "escalations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "idempotency_key" text NOT NULL UNIQUE,
        "case_number" text NOT NULL REFERENCES "cases" ("number") ON DELETE CASCADE,
        "commitment_id" text NOT NULL,
        "commitment_kind" text NOT NULL,
        "step_id" text NOT NULL,
        "action" text NOT NULL CHECK ("action" IN ('remind', 'breach', 'escalate', 'notify')),
        "target_role" text NOT NULL
          CHECK ("target_role" IN ('assignee', 'supervisor', 'manager', 'quality_desk', 'hotline')),
        "recipient_level" text NOT NULL CHECK ("recipient_level" IN
          ('assignee', 'supervisor', 'manager', 'gm_office', 'quality_desk', 'hotline', 'unassigned')),
        "recipient_staff_id" uuid REFERENCES "staff" ("id"),
        "due_at" timestamptz NOT NULL,
        "fired_at" timestamptz NOT NULL,
        "commitment_due_at" timestamptz,
        "message" text NOT NULL,
        "acknowledged_at" timestamptz,
        "acknowledged_by" uuid REFERENCES "users" ("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CHECK (("recipient_level" = 'unassigned') = ("recipient_staff_id" IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX "escalations_inbox_idx" ON "escalations" ("recipient_staff_id", "fired_at" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "escalations_case_number_idx" ON "escalations" ("case_number")`);
    await queryRunner.query(
      `CREATE INDEX "escalations_unassigned_idx" ON "escalations" ("fired_at") WHERE "recipient_staff_id" IS NULL`,
    );

    // Outbox: written once per key, delivered (and its attempts recorded) by a later sender.
    await queryRunner.query(`
      CREATE TABLE "notifications" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "idempotency_key" text NOT NULL UNIQUE,
        "case_number" text,
        "escalation_id" uuid REFERENCES "escalations" ("id") ON DELETE SET NULL,
        "recipient_kind" text NOT NULL CHECK ("recipient_kind" IN ('staff', 'customer')),
        "recipient_staff_id" uuid REFERENCES "staff" ("id"),
        "recipient_address" text,
        "channel" text NOT NULL CHECK ("channel" IN ('in_app', 'sms', 'email')),
        "template" text NOT NULL,
        "language" text NOT NULL DEFAULT 'zh-CN',
        "data" jsonb NOT NULL DEFAULT '{}',
        "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'sent', 'failed', 'undeliverable')),
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        CHECK ("recipient_kind" <> 'staff' OR "recipient_staff_id" IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX "notifications_pending_idx" ON "notifications" ("created_at") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_case_number_idx" ON "notifications" ("case_number")`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_recipient_staff_idx" ON "notifications" ("recipient_staff_id", "created_at" DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE "callbacks" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "idempotency_key" text NOT NULL UNIQUE,
        "case_number" text NOT NULL REFERENCES "cases" ("number") ON DELETE CASCADE,
        "level" smallint NOT NULL CHECK ("level" BETWEEN 1 AND 3),
        "due_at" timestamptz,
        "reached" boolean NOT NULL,
        "satisfaction" smallint CHECK ("satisfaction" BETWEEN 1 AND 5),
        "engineer_rating" smallint CHECK ("engineer_rating" BETWEEN 1 AND 5),
        "remarks" text,
        "extremely_dissatisfied" boolean NOT NULL DEFAULT false,
        "caller_user_id" text NOT NULL,
        "recorded_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "callbacks_case_number_idx" ON "callbacks" ("case_number")`);
    await queryRunner.query(`CREATE INDEX "callbacks_recorded_at_idx" ON "callbacks" ("recorded_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'callbacks',
      'notifications',
      'escalations',
      'commitments',
      'case_events',
      'cases',
      'case_intake_keys',
      'case_number_serials',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
