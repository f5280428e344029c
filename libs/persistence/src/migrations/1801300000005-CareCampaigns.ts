import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer care messages (holiday greetings, company news): a campaign has its words in zh-CN and en, a
 * moment to start and a send rate; each delivery is one row per campaign × contact (the idempotency key),
 * so a contact gets a campaign once however often its workflow retries.
 *
 * The audience is read through `care_message_audience` (contact_id, name, phone, email, language, consent):
 * contacts and their consent belong to the customers work (`customer_contacts`), not merged when this was
 * written, so the view starts empty; replace it to connect them (see docs/service-standards.md).
 */
export class CareCampaigns1801300000005 implements MigrationInterface {
  name = 'CareCampaigns1801300000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW "care_message_audience" AS
      SELECT NULL::uuid AS "contact_id", NULL::text AS "name", NULL::text AS "phone", NULL::text AS "email",
             NULL::text AS "language", NULL::boolean AS "consent"
       WHERE false`);
    await queryRunner.query(`
      CREATE TABLE "care_campaigns" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN ('holiday_greeting', 'company_news')),
        "title" text NOT NULL,
        "texts" jsonb NOT NULL CHECK ("texts" ? 'zh-CN' AND "texts" ? 'en'),
        "send_at" timestamptz NOT NULL,
        "rate_per_minute" integer NOT NULL CHECK ("rate_per_minute" BETWEEN 1 AND 10000),
        "status" text NOT NULL DEFAULT 'scheduled'
          CHECK ("status" IN ('scheduled', 'sending', 'completed', 'cancelled')),
        "audience" integer,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE "care_deliveries" (
        "campaign_id" uuid NOT NULL REFERENCES "care_campaigns" ("id") ON DELETE CASCADE,
        "contact_id" uuid NOT NULL,
        "language" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'queued', 'opted_out', 'no_address')),
        "notification_id" uuid,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("campaign_id", "contact_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "care_deliveries"`);
    await queryRunner.query(`DROP TABLE "care_campaigns"`);
    await queryRunner.query(`DROP VIEW "care_message_audience"`);
  }
}
