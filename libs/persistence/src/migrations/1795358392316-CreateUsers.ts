import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1795358392316 implements MigrationInterface {
  name = 'CreateUsers1795358392316';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "user_role" AS ENUM ('operator', 'engineer', 'supervisor', 'quality', 'admin')`,
    );
    await queryRunner.query(`CREATE TYPE "user_language" AS ENUM ('zh-CN', 'en')`);
    await queryRunner.query(`
      CREATE TABLE "users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "username" varchar(64) NOT NULL,
        "display_name" varchar(128) NOT NULL,
        "password_hash" varchar(72) NOT NULL,
        "roles" "user_role"[] NOT NULL CHECK (cardinality("roles") > 0),
        "language" "user_language" NOT NULL DEFAULT 'zh-CN',
        "active" boolean NOT NULL DEFAULT true,
        "failed_login_count" integer NOT NULL DEFAULT 0,
        "locked_until" timestamptz,
        "last_login_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // Case-insensitive uniqueness: "Admin" and "admin" are one account. Also the arbiter for
    // INSERT ... ON CONFLICT when two API replicas create the first admin at the same moment.
    await queryRunner.query(`CREATE UNIQUE INDEX "users_username_lower_key" ON "users" (lower("username"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "user_language"`);
    await queryRunner.query(`DROP TYPE "user_role"`);
  }
}
