import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An admin may draw a month before it has ended only with a reason, which stays with the sample. */
export class SampleForceReason1795420100000 implements MigrationInterface {
  name = 'SampleForceReason1795420100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "samples" ADD COLUMN "force_reason" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "samples" DROP COLUMN "force_reason"`);
  }
}
