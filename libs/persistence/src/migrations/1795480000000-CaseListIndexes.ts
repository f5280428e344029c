import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case board at 100,000 cases (`npm run bench:api`): a page is the first 20 rows in the board's own
 * order (`<column> DESC NULLS LAST, number DESC`), which the single-column indexes cannot give without
 * sorting every matching row; and a search by phone (`LIKE '%…%'`) read the whole table. Indexes in the
 * board's order let a page stop after 20 rows, and a trigram index serves the phone search as it serves
 * the name search.
 */
export class CaseListIndexes1795480000000 implements MigrationInterface {
  name = 'CaseListIndexes1795480000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "cases_board_received_idx" ON "cases" ("received_at" DESC NULLS LAST, "number" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "cases_board_next_due_idx" ON "cases" ("next_due_at" DESC NULLS LAST, "number" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "cases_board_updated_idx" ON "cases" ("updated_at" DESC NULLS LAST, "number" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "cases_customer_phone_trgm_idx" ON "cases" USING gin ("customer_phone" gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "cases_customer_phone_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "cases_board_updated_idx"`);
    await queryRunner.query(`DROP INDEX "cases_board_next_due_idx"`);
    await queryRunner.query(`DROP INDEX "cases_board_received_idx"`);
  }
}
