import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `change_log_note` keeps one row per (transaction, kind, ref) by first looking for one. With only the `tx`
 * index, a transaction that writes many rows — a migration touching every case, a seed, a bulk re-plan — looked
 * through all of its own rows for each new one: quadratic (100,000 cases seeded in one transaction ran for
 * over ten minutes and did not finish). With this index the look-up is one probe.
 */
export class ChangeLogLookupIndex1800600000001 implements MigrationInterface {
  name = 'ChangeLogLookupIndex1800600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "change_log_tx_kind_ref_idx" ON "change_log" ("tx", "kind", "ref")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "change_log_tx_kind_ref_idx"`);
  }
}
