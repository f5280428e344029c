import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access tokens carry the account's token version; a deactivation or an admin's password reset raises it, so
 * every token issued before is refused at once, and a reactivation does not bring the old ones back.
 */
export class UserTokenVersion1795440000001 implements MigrationInterface {
  name = 'UserTokenVersion1795440000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "token_version" integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
  }
}
