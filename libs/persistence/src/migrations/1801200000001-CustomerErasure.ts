import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure on request (PIPL): when a customer's personal fields were anonymised. The read-model writers keep an
 * erased customer's snapshot on its cases and complaints as erased, whatever a running workflow still holds.
 */
export class CustomerErasure1801200000001 implements MigrationInterface {
  name = 'CustomerErasure1801200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "customers" ADD COLUMN "erased_at" timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "customers" DROP COLUMN "erased_at"`);
  }
}
