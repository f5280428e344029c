import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The callback work queue and the month-end sample.
 *
 * - `callback_tasks`: one row per callback workflow (`callback-<id>`), its due time, assignee from the
 *   quality desk, attempts and outcome. Attempts themselves land in `callbacks` (one row each).
 * - `sample_seeds`: a month's seed, generated once (by the first preview or draw) and never changed, so a
 *   preview shows what the draw will choose and a second draw chooses the same.
 * - `samples` / `sample_cases`: the audit record of a draw — month, ratio, population and skipped
 *   customers per branch, seed, who or what triggered it, and the chosen cases.
 * - `settings`: admin settings as typed JSON documents by key ('sampling').
 * - `callback_summaries`: the weekly summary sent to management, once per week.
 */
export class CallbacksAndSamples1795380000000 implements MigrationInterface {
  name = 'CallbacksAndSamples1795380000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "settings" (
        "key" text PRIMARY KEY,
        "value" jsonb NOT NULL,
        "updated_by" text,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE "sample_seeds" (
        "month" text PRIMARY KEY CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        "seed" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE "samples" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "month" text NOT NULL UNIQUE REFERENCES "sample_seeds" ("month"),
        "ratio_bp" integer NOT NULL CHECK ("ratio_bp" BETWEEN 1000 AND 2000),
        "seed" text NOT NULL,
        "population" integer NOT NULL,
        "skipped" integer NOT NULL,
        "chosen" integer NOT NULL,
        "branches" jsonb NOT NULL,
        "trigger" text NOT NULL CHECK ("trigger" IN ('schedule', 'admin')),
        "triggered_by" text NOT NULL,
        "drawn_at" timestamptz NOT NULL DEFAULT now(),
        "callbacks_started_at" timestamptz
      )`);

    await queryRunner.query(`
      CREATE TABLE "sample_cases" (
        "sample_id" uuid NOT NULL REFERENCES "samples" ("id") ON DELETE CASCADE,
        "case_number" text NOT NULL REFERENCES "cases" ("number"),
        "branch_id" text NOT NULL,
        "customer_phone" text NOT NULL,
        PRIMARY KEY ("sample_id", "case_number"),
        UNIQUE ("sample_id", "customer_phone")
      )`);

    await queryRunner.query(`
      CREATE TABLE "callback_tasks" (
        "id" text PRIMARY KEY,
        "workflow_id" text NOT NULL UNIQUE,
        "case_number" text NOT NULL REFERENCES "cases" ("number"),
        "level" smallint NOT NULL CHECK ("level" IN (1, 2, 3)),
        "state" text NOT NULL
          CHECK ("state" IN ('pending', 'open', 'retry_scheduled', 'done', 'unreachable', 'cancelled')),
        "branch_id" text,
        "customer_name" text NOT NULL,
        "customer_phone" text NOT NULL,
        "sample_id" uuid REFERENCES "samples" ("id"),
        "assignee_staff_id" uuid REFERENCES "staff" ("id"),
        "engineer_staff_id" uuid REFERENCES "staff" ("id"),
        "starts_at" timestamptz NOT NULL,
        "due_at" timestamptz,
        "next_attempt_at" timestamptz,
        "attempts" integer NOT NULL DEFAULT 0,
        "max_attempts" integer NOT NULL CHECK ("max_attempts" >= 1),
        "outcome" text CHECK ("outcome" IN ('satisfied', 'not_satisfied', 'unreachable')),
        "satisfaction" smallint CHECK ("satisfaction" BETWEEN 1 AND 5),
        "engineer_rating" smallint CHECK ("engineer_rating" BETWEEN 1 AND 5),
        "fault_grade" text CHECK ("fault_grade" IN ('A', 'B', 'C', 'D')),
        "remarks" text,
        "reopened_case_number" text,
        "complaint_workflow_id" text,
        "breached" boolean NOT NULL DEFAULT false,
        "last_seq" integer NOT NULL DEFAULT 0,
        "closed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "callback_tasks_queue_idx" ON "callback_tasks" ("assignee_staff_id", "state", "due_at")`,
    );
    await queryRunner.query(`CREATE INDEX "callback_tasks_case_idx" ON "callback_tasks" ("case_number")`);
    await queryRunner.query(
      `CREATE INDEX "callback_tasks_unreachable_idx" ON "callback_tasks" ("closed_at", "customer_phone")
         WHERE "outcome" = 'unreachable'`,
    );
    await queryRunner.query(
      `CREATE INDEX "callback_tasks_closed_idx" ON "callback_tasks" ("closed_at") WHERE "closed_at" IS NOT NULL`,
    );
    // A month's population: cases resolved or closed in it.
    await queryRunner.query(`CREATE INDEX "cases_resolved_at_idx" ON "cases" ("resolved_at")`);
    await queryRunner.query(`CREATE INDEX "cases_closed_at_idx" ON "cases" ("closed_at")`);

    await queryRunner.query(`
      CREATE TABLE "callback_summaries" (
        "week_start" date PRIMARY KEY,
        "week_end" date NOT NULL,
        "summary" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "callback_summaries"`);
    await queryRunner.query(`DROP INDEX "cases_closed_at_idx"`);
    await queryRunner.query(`DROP INDEX "cases_resolved_at_idx"`);
    await queryRunner.query(`DROP TABLE "callback_tasks"`);
    await queryRunner.query(`DROP TABLE "sample_cases"`);
    await queryRunner.query(`DROP TABLE "samples"`);
    await queryRunner.query(`DROP TABLE "sample_seeds"`);
    await queryRunner.query(`DROP TABLE "settings"`);
  }
}
