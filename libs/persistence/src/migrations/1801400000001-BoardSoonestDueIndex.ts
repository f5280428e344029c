import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's board lists open cases soonest deadline first (`sort=nextDueAt&order=asc`, nulls last). The
 * existing index runs the other way (DESC NULLS LAST), which PostgreSQL cannot read backwards for ASC NULLS
 * LAST: the board sorted every matching case for each page. This one serves it in index order.
 */
export class BoardSoonestDueIndex1801400000001 implements MigrationInterface {
  name = 'BoardSoonestDueIndex1801400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "cases_board_soonest_due_idx" ON "cases" ("next_due_at" ASC NULLS LAST, "number" ASC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "cases_board_soonest_due_idx"`);
  }
}
