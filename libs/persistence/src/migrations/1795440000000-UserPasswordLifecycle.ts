import { MigrationInterface, QueryRunner } from 'typeorm';

/** An admin's password reset marks the account: its owner must choose a new password before working. */
export class UserPasswordLifecycle1795440000000 implements MigrationInterface {
  name = 'UserPasswordLifecycle1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "users" ADD COLUMN "must_change_password" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
  }
}
