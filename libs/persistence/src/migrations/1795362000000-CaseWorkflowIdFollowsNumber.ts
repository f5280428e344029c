import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's workflow id is `case-<number>`, so the number's primary key already makes it unique. A second
 * unique constraint broke the read model's upsert: two first writes of one case racing each other hit
 * the workflow-id constraint, which `ON CONFLICT ("number")` does not arbitrate. A CHECK keeps the two in
 * step instead, and a plain index keeps look-ups by workflow id fast.
 */
export class CaseWorkflowIdFollowsNumber1795362000000 implements MigrationInterface {
  name = 'CaseWorkflowIdFollowsNumber1795362000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "cases_workflow_id_key"`);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "cases_workflow_id_check" CHECK ("workflow_id" = 'case-' || "number")`,
    );
    await queryRunner.query(`CREATE INDEX "cases_workflow_id_idx" ON "cases" ("workflow_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "cases_workflow_id_idx"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP CONSTRAINT "cases_workflow_id_check"`);
    await queryRunner.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "cases_workflow_id_key" UNIQUE ("workflow_id")`,
    );
  }
}
