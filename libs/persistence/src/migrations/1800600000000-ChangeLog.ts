import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's live updates, fed by the database itself: every write to the read model (a case, its
 * commitments and timeline, its callbacks; a complaint and its commitments and timeline; an escalation; an
 * in-app message delivered or read) leaves one row in `change_log` and a `pg_notify` on `caseflow_changes`
 * carrying that row, whichever process wrote it (the worker's activities, the API, a migration). The API
 * holds one LISTEN connection and pushes each change to the signed-in browsers that may read it
 * (`GET /api/events`, Server-Sent Events).
 *
 * The log is the durable part: its bigserial id is the event id a browser resumes from (`Last-Event-ID`),
 * so a dropped connection loses nothing; the API prunes it after an hour. One row per (transaction, kind,
 * ref): a case write that upserts the case, its five commitments and a timeline entry in one statement is
 * one `case` and one `commitment` change, not seven. The row copies what deciding who may read it needs (the
 * case's assignee — before and after a reassignment, so the old team sees the case leave —, its branch, the
 * message's recipient), so the fan-out reads no table per browser.
 */
export class ChangeLog1800600000000 implements MigrationInterface {
  name = 'ChangeLog1800600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "change_log" (
        "id" bigserial PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "tx" xid8 NOT NULL DEFAULT pg_current_xact_id(),
        "kind" text NOT NULL CHECK ("kind" IN ('case', 'commitment', 'callback', 'complaint', 'escalation', 'inbox')),
        "ref" text NOT NULL,
        "case_number" text,
        "complaint_number" text,
        "assignee_ids" uuid[] NOT NULL DEFAULT '{}',
        "unassigned" boolean NOT NULL DEFAULT false,
        "branch_id" text,
        "recipient_staff_id" uuid
      )`);
    await queryRunner.query(`CREATE INDEX "change_log_tx_idx" ON "change_log" ("tx")`);
    await queryRunner.query(`CREATE INDEX "change_log_at_idx" ON "change_log" ("at")`);

    // One row per (transaction, kind, ref); the case's (or complaint's) scope as it stands after the write.
    await queryRunner.query(`
      CREATE FUNCTION "change_log_note"(p_kind text, p_ref text, p_case text, p_complaint text,
                                        p_recipient uuid, p_previous_assignee uuid) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        r "change_log";
      BEGIN
        IF EXISTS (SELECT 1 FROM "change_log" l
                    WHERE l."tx" = pg_current_xact_id() AND l."kind" = p_kind AND l."ref" = p_ref) THEN
          RETURN;
        END IF;
        INSERT INTO "change_log" ("kind", "ref", "case_number", "complaint_number", "assignee_ids", "unassigned",
                                  "branch_id", "recipient_staff_id")
        SELECT p_kind, p_ref, p_case, p_complaint,
               ARRAY(SELECT DISTINCT a FROM unnest(ARRAY[c."assignee_id", p_previous_assignee]) a WHERE a IS NOT NULL),
               c."number" IS NOT NULL AND c."assignee_id" IS NULL,
               COALESCE(c."branch_id", k."branch_id"), p_recipient
          FROM (SELECT 1) one
          LEFT JOIN "cases" c ON c."number" = p_case
          LEFT JOIN "complaints" k ON k."number" = p_complaint
        RETURNING * INTO r;
        PERFORM pg_notify('caseflow_changes', json_build_object(
          'id', r."id", 'at', r."at", 'kind', r."kind", 'ref', r."ref", 'caseNumber', r."case_number",
          'complaintNumber', r."complaint_number", 'assigneeIds', r."assignee_ids", 'unassigned', r."unassigned",
          'branchId', r."branch_id", 'recipientStaffId', r."recipient_staff_id")::text);
      END
      $$`);

    await queryRunner.query(`
      CREATE FUNCTION "change_log_on_row"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        row_new jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
        row_old jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
        r jsonb := COALESCE(row_new, row_old);
      BEGIN
        CASE TG_TABLE_NAME
        WHEN 'cases' THEN
          PERFORM "change_log_note"('case', r->>'number', r->>'number', NULL, NULL,
            CASE WHEN row_old->>'assignee_id' IS DISTINCT FROM row_new->>'assignee_id'
                 THEN (row_old->>'assignee_id')::uuid END);
        WHEN 'case_events' THEN
          PERFORM "change_log_note"('case', r->>'case_number', r->>'case_number', NULL, NULL, NULL);
        WHEN 'commitments' THEN
          PERFORM "change_log_note"('commitment', r->>'case_number', r->>'case_number', NULL, NULL, NULL);
        WHEN 'callbacks' THEN
          PERFORM "change_log_note"('callback', r->>'case_number', r->>'case_number', NULL, NULL, NULL);
        WHEN 'complaints' THEN
          PERFORM "change_log_note"('complaint', r->>'number', NULL, r->>'number', NULL, NULL);
        WHEN 'complaint_events', 'complaint_commitments' THEN
          PERFORM "change_log_note"('complaint', r->>'complaint_number', NULL, r->>'complaint_number', NULL, NULL);
        WHEN 'escalations' THEN
          PERFORM "change_log_note"('escalation', r->>'id', r->>'case_number', r->>'complaint_number',
            (r->>'recipient_staff_id')::uuid, NULL);
        WHEN 'notifications' THEN
          -- An in-app message counts once delivered (the inbox lists sent ones), and again when read.
          IF r->>'channel' = 'in_app' AND r->>'status' = 'sent' THEN
            PERFORM "change_log_note"('inbox', r->>'id', NULL, NULL, (r->>'recipient_staff_id')::uuid, NULL);
          END IF;
        END CASE;
        RETURN NULL;
      END
      $$`);
    for (const table of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_change_log" AFTER INSERT OR UPDATE OR DELETE ON "${table}"
           FOR EACH ROW EXECUTE FUNCTION "change_log_on_row"()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TRIGGER "${table}_change_log" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "change_log_on_row"()`);
    await queryRunner.query(`DROP FUNCTION "change_log_note"(text, text, text, text, uuid, uuid)`);
    await queryRunner.query(`DROP TABLE "change_log"`);
  }
}

const TABLES = [
  'cases',
  'case_events',
  'commitments',
  'callbacks',
  'complaints',
  'complaint_events',
  'complaint_commitments',
  'escalations',
  'notifications',
];
