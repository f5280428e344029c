import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A phone complaint's source is `phone`, the value a case's channel has, instead of `hotline`. Stored rows
 * are renamed (column and view); running complaints that still say hotline are written as phone by the
 * read-model activity, and policy rules match either name.
 */
export class ComplaintSourcePhone1795420300000 implements MigrationInterface {
  name = 'ComplaintSourcePhone1795420300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "complaints_source_check"`);
    await queryRunner.query(
      `UPDATE "complaints" SET "source" = 'phone', "view" = jsonb_set("view", '{source}', '"phone"')
        WHERE "source" = 'hotline'`,
    );
    await queryRunner.query(`
      ALTER TABLE "complaints" ADD CONSTRAINT "complaints_source_check"
        CHECK ("source" IN ('phone', 'web', 'email', 'letter', 'walk_in', 'callback', 'evaluation'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "complaints_source_check"`);
    await queryRunner.query(
      `UPDATE "complaints" SET "source" = 'hotline', "view" = jsonb_set("view", '{source}', '"hotline"')
        WHERE "source" = 'phone'`,
    );
    await queryRunner.query(`
      ALTER TABLE "complaints" ADD CONSTRAINT "complaints_source_check"
        CHECK ("source" IN ('hotline', 'web', 'email', 'letter', 'walk_in', 'callback', 'evaluation'))`);
  }
}
