import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers as records of their own: a person or an organisation with its contacts (phones, e-mails, the
 * language messages are written in, consent to care messages), its sites (addresses) and the equipment
 * installed there. Cases and complaints name their customer (and the contact, site and device) by id, beside
 * the snapshot of name, phone and address they keep.
 *
 * Existing cases and complaints are moved onto records: one customer per distinct normalised phone + name
 * (gold when any of its cases was), with one contact carrying that phone and the language of its latest case,
 * and one site per distinct address of its cases. Ids are derived from those keys (md5), so the statement is
 * one pass and the same data always gives the same records. No existing column is changed or dropped.
 * A customer's contacts, sites and equipment are listed in the order they were added (`clock_timestamp()`,
 * so several added in one transaction keep their order).
 */
export class Customers1801200000000 implements MigrationInterface {
  name = 'Customers1801200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "customers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL DEFAULT 'person' CHECK ("kind" IN ('person', 'organisation')),
        "name" text NOT NULL,
        "tier" text NOT NULL DEFAULT 'standard' CHECK ("tier" IN ('standard', 'gold')),
        "notes" text,
        "merged_into_id" uuid REFERENCES "customers" ("id"),
        "merged_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "customers_name_idx" ON "customers" (lower("name"))`);
    await queryRunner.query(`
      CREATE TABLE "customer_contacts" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "customer_id" uuid NOT NULL REFERENCES "customers" ("id"),
        "name" text NOT NULL,
        "phones" text[] NOT NULL DEFAULT '{}',
        "emails" text[] NOT NULL DEFAULT '{}',
        "language" text NOT NULL DEFAULT 'zh-CN' CHECK ("language" IN ('zh-CN', 'en')),
        "consent" boolean NOT NULL DEFAULT false,
        "consent_changed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX "customer_contacts_customer_idx" ON "customer_contacts" ("customer_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "customer_contacts_phones_idx" ON "customer_contacts" USING gin ("phones")`,
    );
    await queryRunner.query(`
      CREATE TABLE "customer_sites" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "customer_id" uuid NOT NULL REFERENCES "customers" ("id"),
        "label" text,
        "address" text NOT NULL,
        "branch_id" text REFERENCES "branches" ("id"),
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "customer_sites_customer_idx" ON "customer_sites" ("customer_id")`);
    await queryRunner.query(`
      CREATE TABLE "customer_equipment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "customer_id" uuid NOT NULL REFERENCES "customers" ("id"),
        "site_id" uuid REFERENCES "customer_sites" ("id"),
        "model" text NOT NULL,
        "serial_number" text,
        "installed_on" date,
        "warranty_ends_on" date,
        "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CHECK ("warranty_ends_on" IS NULL OR "installed_on" IS NULL OR "warranty_ends_on" >= "installed_on")
      )`);
    await queryRunner.query(
      `CREATE INDEX "customer_equipment_customer_idx" ON "customer_equipment" ("customer_id")`,
    );

    await queryRunner.query(`
      ALTER TABLE "cases"
        ADD COLUMN "customer_id" uuid REFERENCES "customers" ("id"),
        ADD COLUMN "contact_id" uuid REFERENCES "customer_contacts" ("id"),
        ADD COLUMN "site_id" uuid REFERENCES "customer_sites" ("id"),
        ADD COLUMN "equipment_id" uuid REFERENCES "customer_equipment" ("id")`);
    await queryRunner.query(`CREATE INDEX "cases_customer_idx" ON "cases" ("customer_id")`);
    await queryRunner.query(`
      ALTER TABLE "complaints"
        ADD COLUMN "customer_id" uuid REFERENCES "customers" ("id"),
        ADD COLUMN "contact_id" uuid REFERENCES "customer_contacts" ("id")`);
    await queryRunner.query(`CREATE INDEX "complaints_customer_idx" ON "complaints" ("customer_id")`);

    // Everybody who called: one row per case or complaint, keyed by normalised phone + trimmed name.
    await queryRunner.query(`
      CREATE TEMPORARY TABLE "callers" AS
        SELECT regexp_replace("customer_phone", '[[:space:]-]', '', 'g') AS "phone", btrim("customer_name") AS "name",
               "customer_tier" AS "tier", "customer_language" AS "language", "customer_address" AS "address",
               "received_at", "number", 'case' AS "subject"
          FROM "cases"
        UNION ALL
        SELECT regexp_replace("customer_phone", '[[:space:]-]', '', 'g'), btrim("customer_name"),
               "customer_tier", NULL, NULL, "received_at", "number", 'complaint'
          FROM "complaints"`);
    await queryRunner.query(`
      INSERT INTO "customers" ("id", "name", "tier", "created_at", "updated_at")
      SELECT md5('customer|' || "phone" || '|' || "name")::uuid, "name",
             CASE WHEN bool_or("tier" = 'gold') THEN 'gold' ELSE 'standard' END, min("received_at"), now()
        FROM "callers" GROUP BY "phone", "name"`);
    await queryRunner.query(`
      INSERT INTO "customer_contacts" ("id", "customer_id", "name", "phones", "language", "created_at", "updated_at")
      SELECT md5('contact|' || "phone" || '|' || "name")::uuid, md5('customer|' || "phone" || '|' || "name")::uuid,
             "name", ARRAY["phone"],
             COALESCE((array_agg("language" ORDER BY "received_at" DESC) FILTER (WHERE "language" IS NOT NULL))[1], 'zh-CN'),
             min("received_at"), now()
        FROM "callers" GROUP BY "phone", "name"`);
    await queryRunner.query(`
      INSERT INTO "customer_sites" ("id", "customer_id", "address", "created_at", "updated_at")
      SELECT md5('site|' || "phone" || '|' || "name" || '|' || btrim("address"))::uuid,
             md5('customer|' || "phone" || '|' || "name")::uuid, btrim("address"), min("received_at"), now()
        FROM "callers" WHERE "address" IS NOT NULL AND btrim("address") <> ''
       GROUP BY "phone", "name", btrim("address")`);
    await queryRunner.query(`
      UPDATE "cases" c
         SET "customer_id" = md5('customer|' || k."phone" || '|' || k."name")::uuid,
             "contact_id" = md5('contact|' || k."phone" || '|' || k."name")::uuid,
             "site_id" = CASE WHEN k."address" IS NOT NULL AND btrim(k."address") <> ''
                              THEN md5('site|' || k."phone" || '|' || k."name" || '|' || btrim(k."address"))::uuid END
        FROM "callers" k
       WHERE k."subject" = 'case' AND k."number" = c."number"`);
    await queryRunner.query(`
      UPDATE "complaints" c
         SET "customer_id" = md5('customer|' || k."phone" || '|' || k."name")::uuid,
             "contact_id" = md5('contact|' || k."phone" || '|' || k."name")::uuid
        FROM "callers" k
       WHERE k."subject" = 'complaint' AND k."number" = c."number"`);
    await queryRunner.query(`DROP TABLE "callers"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "complaints" DROP COLUMN "customer_id", DROP COLUMN "contact_id"`);
    await queryRunner.query(`
      ALTER TABLE "cases" DROP COLUMN "customer_id", DROP COLUMN "contact_id", DROP COLUMN "site_id",
        DROP COLUMN "equipment_id"`);
    await queryRunner.query(`DROP TABLE "customer_equipment"`);
    await queryRunner.query(`DROP TABLE "customer_sites"`);
    await queryRunner.query(`DROP TABLE "customer_contacts"`);
    await queryRunner.query(`DROP TABLE "customers"`);
  }
}
