import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly report pack's runs: one row per month (its primary key), so the pack is sent once per period
 * however often the activity is retried; `delivered` lists the recipients already sent to, so a retry after
 * a half-finished send writes only to the others.
 */
export class ReportPackRuns1795490000001 implements MigrationInterface {
  name = 'ReportPackRuns1795490000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "report_pack_runs" (
        "month" text PRIMARY KEY CHECK ("month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        "quarter" text,
        "workflow_id" text NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('sending', 'sent', 'no_recipients', 'undeliverable')),
        "recipients" text[] NOT NULL DEFAULT '{}',
        "delivered" text[] NOT NULL DEFAULT '{}',
        "attachment_bytes" integer,
        "error" text,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_pack_runs"`);
  }
}
