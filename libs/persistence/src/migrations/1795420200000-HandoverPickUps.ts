import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The next shift marks each entry of its handover list picked up: one row per list (working day) and
 * case or complaint, with who and when; the first pick-up stands.
 */
export class HandoverPickUps1795420200000 implements MigrationInterface {
  name = 'HandoverPickUps1795420200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "handover_pickups" (
        "date" date NOT NULL,
        "number" text NOT NULL,
        "type" text NOT NULL CHECK ("type" IN ('case', 'complaint')),
        "picked_up_by" uuid NOT NULL,
        "picked_up_by_username" text NOT NULL,
        "picked_up_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("date", "number")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "handover_pickups"`);
  }
}
