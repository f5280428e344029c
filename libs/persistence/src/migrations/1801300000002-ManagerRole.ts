import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A `manager` sign-in role: managers and the general manager's office, the top of the escalation ladder.
 * It holds a supervisor's rights (the API adds them when it reads the user); existing sign-ins of manager
 * and GM-office positions become managers.
 */
export class ManagerRole1801300000002 implements MigrationInterface {
  name = 'ManagerRole1801300000002';
  // ALTER TYPE … ADD VALUE cannot be used in the transaction that adds it: this migration runs on its own.
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "user_role" ADD VALUE IF NOT EXISTS 'manager'`);
    await queryRunner.query(
      `UPDATE "users" u SET "roles" = array_append(u."roles", 'manager'::user_role)
        WHERE NOT ('manager'::user_role = ANY (u."roles"))
          AND EXISTS (SELECT 1 FROM "staff" s WHERE s."user_id" = u."id" AND s."role" IN ('manager', 'gm_office'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // An enum value cannot be dropped; the role leaves the users that hold it.
    await queryRunner.query(`UPDATE "users" SET "roles" = array_remove("roles", 'manager'::user_role)`);
  }
}
