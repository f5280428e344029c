import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Care campaigns reach customers' contacts: the audience view, created empty while customers were being built
 * beside it, now reads the contacts (first phone, first e-mail, language, consent). Erased customers and
 * merged duplicates are never written to.
 */
export class CareAudienceFromCustomers1801400000000 implements MigrationInterface {
  name = 'CareAudienceFromCustomers1801400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE VIEW "care_message_audience" AS
      SELECT k."id" AS "contact_id", k."name", k."phones"[1] AS "phone", k."emails"[1] AS "email",
             k."language", k."consent"
        FROM "customer_contacts" k JOIN "customers" c ON c."id" = k."customer_id"
       WHERE c."erased_at" IS NULL AND c."merged_into_id" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE VIEW "care_message_audience" AS
      SELECT NULL::uuid AS "contact_id", NULL::text AS "name", NULL::text AS "phone", NULL::text AS "email",
             NULL::text AS "language", NULL::boolean AS "consent"
       WHERE false`);
  }
}
