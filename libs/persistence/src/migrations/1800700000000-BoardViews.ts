import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's own saved board views: a name and the board's filters as a query string (the same text the
 * console's address carries), so a view opens exactly as the address would. Private to their owner.
 */
export class BoardViews1800700000000 implements MigrationInterface {
  name = 'BoardViews1800700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "board_views" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
        "name" varchar(60) NOT NULL,
        "query" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "board_views_user_name_key" ON "board_views" ("user_id", lower("name"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "board_views"`);
  }
}
