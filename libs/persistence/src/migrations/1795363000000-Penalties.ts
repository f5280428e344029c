import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Penalties against staff: proposed by a complaint's handling report or by a supervisor, then confirmed or
 * rejected by a manager. Complaints write proposals; staff supervision decides them.
 */
export class Penalties1795363000000 implements MigrationInterface {
  name = 'Penalties1795363000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "penalties" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "staff_id" uuid NOT NULL REFERENCES "staff"("id"),
        "kind" text NOT NULL CHECK ("kind" IN ('warning', 'fine', 'disqualification')),
        "amount" numeric(12, 2) CHECK ("amount" IS NULL OR "amount" > 0),
        "reason" text NOT NULL,
        "source" text NOT NULL CHECK ("source" IN ('complaint', 'supervisor')),
        "complaint_number" text,
        "proposed_by_user_id" text,
        "proposed_by" text NOT NULL,
        "proposed_at" timestamptz NOT NULL DEFAULT now(),
        "state" text NOT NULL DEFAULT 'proposed' CHECK ("state" IN ('proposed', 'confirmed', 'rejected')),
        "decided_by_user_id" text,
        "decided_by" text,
        "decided_at" timestamptz,
        "decision_reason" text,
        "idempotency_key" text UNIQUE,
        CHECK ("source" <> 'complaint' OR "complaint_number" IS NOT NULL),
        CHECK (("state" = 'proposed') = ("decided_at" IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX "penalties_staff_idx" ON "penalties" ("staff_id", "proposed_at")`);
    await queryRunner.query(
      `CREATE INDEX "penalties_pending_idx" ON "penalties" ("proposed_at") WHERE "state" = 'proposed'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "penalties"`);
  }
}
