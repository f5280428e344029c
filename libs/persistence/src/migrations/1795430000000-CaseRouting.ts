import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing by category at intake (the hotline procedure: technical and other → tech support, sales → the
 * product division's head): where each case went is kept on its read-model row — the department, that
 * department's unit in the case's branch and the unit's head, as named at intake — and the head is told by
 * an in-app message (and e-mail) of the new `case_routed` type. Cases logged before keep NULLs: no routing.
 */
export class CaseRouting1795430000000 implements MigrationInterface {
  name = 'CaseRouting1795430000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A snapshot, not a reference: the case shows where it went even after the chart changes.
    await queryRunner.query(`
      ALTER TABLE "cases"
        ADD COLUMN "routing_department" text
          CHECK ("routing_department" IN ('tech_support', 'product_division', 'customer_service', 'quality_desk', 'gm_office')),
        ADD COLUMN "routing_unit_id" uuid,
        ADD COLUMN "routing_unit_name" text,
        ADD COLUMN "routing_head_id" uuid,
        ADD COLUMN "routing_head_name" text,
        ADD CONSTRAINT "cases_routing_check"
          CHECK ("routing_department" IS NOT NULL OR ("routing_unit_id" IS NULL AND "routing_head_id" IS NULL))`);
    for (const t of TEMPLATES) {
      for (const language of ['zh-CN', 'en'] as const) {
        await queryRunner.query(
          `INSERT INTO "notification_templates" ("type", "language", "subject", "body", "placeholders")
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("type", "language") DO NOTHING`,
          [t.type, language, t[language][0], t[language][1], PLACEHOLDERS],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notification_templates" WHERE "type" = 'case_routed'`);
    await queryRunner.query(`
      ALTER TABLE "cases"
        DROP CONSTRAINT "cases_routing_check",
        DROP COLUMN "routing_head_name", DROP COLUMN "routing_head_id", DROP COLUMN "routing_unit_name",
        DROP COLUMN "routing_unit_id", DROP COLUMN "routing_department"`);
  }
}

const PLACEHOLDERS = ['caseNumber', 'customerName', 'link', 'recipientName', 'unitName', 'category'];

const TEMPLATES = [
  {
    type: 'case_routed',
    'zh-CN': [
      '新工单已分派到{{unitName}}（{{caseNumber}}）',
      '{{recipientName}}您好，客户 {{customerName}} 的新工单 {{caseNumber}} 已按类别分派到{{unitName}}，请安排处理。{{link}}',
    ],
    en: [
      'New case routed to {{unitName}} ({{caseNumber}})',
      'Dear {{recipientName}}, case {{caseNumber}} from {{customerName}} has been routed to {{unitName}} by its category. Please see that it is handled. {{link}}',
    ],
  },
] as const;
