import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The commitment compliance report's summary: one row per commitment that counts (it has a due time and was
 * not cancelled), cases' and complaints' alike, with the dimensions it is reported by copied onto it — branch,
 * department (the filter) and engineer (the case's assignee; none for a complaint). The report reads the
 * period's rows through `due_at` alone instead of joining a year of cases (`npm run bench:reports`).
 *
 * Kept by triggers, so every writer keeps it in the same statement: the activities that replace a case's or a
 * complaint's commitments (re-planned, met, breached, cancelled), the case upsert that reassigns it or moves
 * it to another branch or department, and the cascades that delete. Each trigger is statement-level and
 * re-reads the affected cases' (complaints') commitments as they stand after the statement, so the order in
 * which one statement deletes and inserts the same commitment does not matter. Escalations and teams are not
 * copied: the report joins them (by the commitment's due time, and the engineer's current team).
 */
export class CommitmentFacts1795491000000 implements MigrationInterface {
  name = 'CommitmentFacts1795491000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "commitment_facts" (
        "subject" text NOT NULL CHECK ("subject" IN ('case', 'complaint')),
        "number" text NOT NULL,
        "commitment_id" text NOT NULL,
        "kind" text NOT NULL,
        "started_at" timestamptz NOT NULL,
        "due_at" timestamptz NOT NULL,
        "met_at" timestamptz,
        "breached" boolean NOT NULL,
        "breached_at" timestamptz,
        "branch_id" text,
        "department" text,
        "engineer_id" uuid,
        PRIMARY KEY ("subject", "number", "commitment_id")
      )`);
    await queryRunner.query(`CREATE INDEX "commitment_facts_due_at_idx" ON "commitment_facts" ("due_at")`);

    // The case's department as the reports read it: where it was forwarded, else where intake routed it,
    // else the category's default routing.
    await queryRunner.query(`
      CREATE FUNCTION "commitment_facts_sync_cases"(numbers text[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM "commitment_facts" WHERE "subject" = 'case' AND "number" = ANY (numbers);
        INSERT INTO "commitment_facts" ("subject", "number", "commitment_id", "kind", "started_at", "due_at",
          "met_at", "breached", "breached_at", "branch_id", "department", "engineer_id")
        SELECT 'case', m."case_number", m."commitment_id", m."kind", m."started_at", m."due_at", m."met_at",
               m."breached", m."breached_at", c."branch_id",
               COALESCE(c."department", c."routing_department",
                 CASE c."category" WHEN 'sales' THEN 'product_division' WHEN 'service' THEN 'customer_service'
                                   ELSE 'tech_support' END),
               c."assignee_id"
          FROM "commitments" m JOIN "cases" c ON c."number" = m."case_number"
         WHERE m."case_number" = ANY (numbers) AND m."due_at" IS NOT NULL AND m."status" <> 'cancelled'
        ON CONFLICT ("subject", "number", "commitment_id") DO UPDATE SET "kind" = EXCLUDED."kind",
          "started_at" = EXCLUDED."started_at", "due_at" = EXCLUDED."due_at", "met_at" = EXCLUDED."met_at",
          "breached" = EXCLUDED."breached", "breached_at" = EXCLUDED."breached_at", "branch_id" = EXCLUDED."branch_id",
          "department" = EXCLUDED."department", "engineer_id" = EXCLUDED."engineer_id";
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION "commitment_facts_sync_complaints"(numbers text[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM "commitment_facts" WHERE "subject" = 'complaint' AND "number" = ANY (numbers);
        INSERT INTO "commitment_facts" ("subject", "number", "commitment_id", "kind", "started_at", "due_at",
          "met_at", "breached", "breached_at", "branch_id", "department", "engineer_id")
        SELECT 'complaint', m."complaint_number", m."commitment_id", m."kind", m."started_at", m."due_at",
               m."met_at", m."breached", m."breached_at", p."branch_id", p."department", NULL
          FROM "complaint_commitments" m JOIN "complaints" p ON p."number" = m."complaint_number"
         WHERE m."complaint_number" = ANY (numbers) AND m."due_at" IS NOT NULL AND m."status" <> 'cancelled'
        ON CONFLICT ("subject", "number", "commitment_id") DO UPDATE SET "kind" = EXCLUDED."kind",
          "started_at" = EXCLUDED."started_at", "due_at" = EXCLUDED."due_at", "met_at" = EXCLUDED."met_at",
          "breached" = EXCLUDED."breached", "breached_at" = EXCLUDED."breached_at", "branch_id" = EXCLUDED."branch_id",
          "department" = EXCLUDED."department", "engineer_id" = EXCLUDED."engineer_id";
      $$`);

    // Commitments written (inserted, re-planned, met, breached, cancelled, deleted): their cases again.
    await queryRunner.query(`
      CREATE FUNCTION "commitment_facts_on_commitments"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM "commitment_facts_sync_cases"(ARRAY(SELECT DISTINCT "case_number" FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM "commitment_facts_sync_cases"(ARRAY(SELECT DISTINCT "case_number" FROM old_rows));
        ELSE
          PERFORM "commitment_facts_sync_cases"(
            ARRAY(SELECT "case_number" FROM new_rows UNION SELECT "case_number" FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "commitment_facts_on_complaint_commitments"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM "commitment_facts_sync_complaints"(ARRAY(SELECT DISTINCT "complaint_number" FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM "commitment_facts_sync_complaints"(ARRAY(SELECT DISTINCT "complaint_number" FROM old_rows));
        ELSE
          PERFORM "commitment_facts_sync_complaints"(
            ARRAY(SELECT "complaint_number" FROM new_rows UNION SELECT "complaint_number" FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    // A case reassigned, or moved to another branch or department: its commitments again. Only the cases
    // whose copied dimensions changed, so the upsert of every other transition costs a join of its own rows.
    await queryRunner.query(`
      CREATE FUNCTION "commitment_facts_on_cases"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM "commitment_facts_sync_cases"(ARRAY(
          SELECT n."number" FROM new_rows n JOIN old_rows o ON o."number" = n."number"
           WHERE (n."branch_id", n."assignee_id", n."department", n."routing_department", n."category")
                 IS DISTINCT FROM (o."branch_id", o."assignee_id", o."department", o."routing_department", o."category")));
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "commitment_facts_on_complaints"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM "commitment_facts_sync_complaints"(ARRAY(
          SELECT n."number" FROM new_rows n JOIN old_rows o ON o."number" = n."number"
           WHERE (n."branch_id", n."department") IS DISTINCT FROM (o."branch_id", o."department")));
        RETURN NULL;
      END $$`);

    // Transition tables need one trigger per event.
    for (const [table, fn] of [
      ['commitments', 'commitment_facts_on_commitments'],
      ['complaint_commitments', 'commitment_facts_on_complaint_commitments'],
    ]) {
      await queryRunner.query(`CREATE TRIGGER "${table}_facts_insert" AFTER INSERT ON "${table}"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
      await queryRunner.query(`CREATE TRIGGER "${table}_facts_update" AFTER UPDATE ON "${table}"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
      await queryRunner.query(`CREATE TRIGGER "${table}_facts_delete" AFTER DELETE ON "${table}"
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
    }
    for (const [table, fn] of [
      ['cases', 'commitment_facts_on_cases'],
      ['complaints', 'commitment_facts_on_complaints'],
    ]) {
      await queryRunner.query(`CREATE TRIGGER "${table}_facts_update" AFTER UPDATE ON "${table}"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "${fn}"()`);
    }

    // The history so far.
    await queryRunner.query(
      `SELECT "commitment_facts_sync_cases"(ARRAY(SELECT DISTINCT "case_number" FROM "commitments"))`,
    );
    await queryRunner.query(
      `SELECT "commitment_facts_sync_complaints"(ARRAY(SELECT DISTINCT "complaint_number" FROM "complaint_commitments"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['commitments', 'complaint_commitments']) {
      for (const event of ['insert', 'update', 'delete']) {
        await queryRunner.query(`DROP TRIGGER "${table}_facts_${event}" ON "${table}"`);
      }
    }
    await queryRunner.query(`DROP TRIGGER "cases_facts_update" ON "cases"`);
    await queryRunner.query(`DROP TRIGGER "complaints_facts_update" ON "complaints"`);
    for (const fn of [
      'commitment_facts_on_complaints',
      'commitment_facts_on_cases',
      'commitment_facts_on_complaint_commitments',
      'commitment_facts_on_commitments',
    ]) {
      await queryRunner.query(`DROP FUNCTION "${fn}"()`);
    }
    await queryRunner.query(`DROP FUNCTION "commitment_facts_sync_complaints"(text[])`);
    await queryRunner.query(`DROP FUNCTION "commitment_facts_sync_cases"(text[])`);
    await queryRunner.query(`DROP TABLE "commitment_facts"`);
  }
}
