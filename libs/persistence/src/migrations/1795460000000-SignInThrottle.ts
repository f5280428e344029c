import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins are counted per username as typed *and* client address, and per address: a stranger can
 * lock only their own address out of an account (never `admin` for everyone), and an unknown username is
 * counted exactly like a real one, so the answers never tell which usernames exist. `username` is '' on an
 * address's own row.
 */
export class SignInThrottle1795460000000 implements MigrationInterface {
  name = 'SignInThrottle1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "sign_in_throttle" (
        "username" text NOT NULL,
        "address" text NOT NULL,
        "failures" integer NOT NULL DEFAULT 0,
        "window_started_at" timestamptz NOT NULL DEFAULT now(),
        "locked_until" timestamptz,
        CONSTRAINT "PK_sign_in_throttle" PRIMARY KEY ("username", "address")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sign_in_throttle"`);
  }
}
