import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints: their numbers (allocated once per workflow id), their read model (the complaint as its
 * workflow last wrote it, with filter columns), their timeline and commitments — and the complaint policy,
 * a policy of its own (`complaints`, version 1) that admins tune through the same drafts and publishes as
 * the default one, so the default policy's version history is left alone.
 *
 * The rules are a snapshot, not an import (see 1795359700000-SeedDefaultSla): later changes publish new
 * versions, never edit this one.
 */

const ladder = {
  warn: {
    id: 'warn',
    fraction: 0.75,
    action: 'remind',
    target: 'supervisor',
    template: 'commitment_warning',
    waitForWorkingHours: true,
  },
  breach: {
    id: 'breach',
    fraction: 1,
    action: 'breach',
    target: 'supervisor',
    template: 'commitment_breached',
    waitForWorkingHours: false,
  },
  deskCopied: {
    id: 'desk',
    fraction: 1,
    action: 'notify',
    target: 'quality_desk',
    template: 'commitment_breached',
    waitForWorkingHours: false,
  },
  escalate: {
    id: 'escalate',
    fraction: 1,
    delay: { amount: 2, unit: 'hours' },
    delayClock: 'working',
    action: 'escalate',
    target: 'manager',
    template: 'commitment_escalated',
    waitForWorkingHours: true,
  },
};

/** A complaint's promises: breached → the supervisor and the complaint desk; 2 working hours later → the manager. */
const STANDARD = [ladder.warn, ladder.breach, ladder.deskCopied, ladder.escalate];

/**
 * Forwarded at once, day or night: the supervisor is reminded halfway, told at the deadline, and an hour
 * later the manager above them is — whatever the hour (no step waits for working hours).
 */
const UNACKNOWLEDGED = [
  { ...ladder.warn, fraction: 0.5, waitForWorkingHours: false },
  ladder.breach,
  ladder.deskCopied,
  {
    ...ladder.escalate,
    delay: { amount: 1, unit: 'hours' },
    delayClock: 'calendar',
    waitForWorkingHours: false,
  },
];

const commitment = (kind: string, amount: number, unit: string, clock: string, steps = STANDARD) => ({
  kind,
  budget: { amount, unit },
  clock,
  calendarId: 'default',
  ladder: steps,
});

export const COMPLAINT_POLICY_V1_RULES = [
  {
    match: { caseKind: 'complaint' },
    commitments: [
      commitment('complaint_acknowledge', 30, 'minutes', 'calendar', UNACKNOWLEDGED),
      // A clear answer promised within 2 h (simple complaints; complex ones below).
      commitment('complaint_answer', 2, 'hours', 'calendar'),
      commitment('complaint_contact', 24, 'hours', 'calendar'),
      // The result delivered in person within 5 working days, the handling report the next working day,
      // and the callback on the result within a working day of the report.
      commitment('complaint_result', 5, 'days', 'working'),
      commitment('complaint_report', 1, 'days', 'working'),
      commitment('complaint_callback', 1, 'days', 'working'),
    ],
  },
  {
    match: { caseKind: 'complaint', complexity: 'complex' },
    commitments: [commitment('complaint_answer', 24, 'hours', 'calendar')],
  },
  {
    // Phone complaints: a reply within 1 working day, handled within 3 (simple) to 5 (complex) working days.
    match: { caseKind: 'complaint', channel: 'hotline' },
    commitments: [
      commitment('complaint_contact', 1, 'days', 'working'),
      commitment('complaint_handling', 3, 'days', 'working'),
    ],
  },
  {
    match: { caseKind: 'complaint', channel: 'hotline', complexity: 'complex' },
    commitments: [commitment('complaint_handling', 5, 'days', 'working')],
  },
  {
    // Gold customers' complaints are acknowledged within 15 minutes.
    match: { caseKind: 'complaint', tier: 'gold' },
    commitments: [commitment('complaint_acknowledge', 15, 'minutes', 'calendar', UNACKNOWLEDGED)],
  },
];

const STAFF_PLACEHOLDERS = ['caseNumber', 'customerName', 'link', 'recipientName', 'dueAt', 'message'];

const TEMPLATES = [
  {
    type: 'complaint_forwarded',
    'zh-CN': [
      '投诉待确认（{{caseNumber}}）',
      '{{recipientName}}您好，客户 {{customerName}} 的投诉 {{caseNumber}} 已转交给您，请立即确认，并于 {{dueAt}} 前给出明确答复。{{message}} {{link}}',
    ],
    en: [
      'Complaint to acknowledge ({{caseNumber}})',
      'Dear {{recipientName}}, the complaint {{caseNumber}} from {{customerName}} is forwarded to you: please acknowledge it now and promise a clear answer by {{dueAt}}. {{message}} {{link}}',
    ],
  },
  {
    type: 'complaint_gm_review',
    'zh-CN': [
      '投诉需总经理办公室决定（{{caseNumber}}）',
      '{{recipientName}}您好，客户 {{customerName}} 的投诉 {{caseNumber}} 经多轮处理仍未满意，请决定后续处理或说明理由后关闭。{{message}} {{link}}',
    ],
    en: [
      'Complaint for the GM office ({{caseNumber}})',
      'Dear {{recipientName}}, the customer {{customerName}} is still not satisfied with complaint {{caseNumber}} after the round limit: please decide, or close it with a reason. {{message}} {{link}}',
    ],
  },
];

export class Complaints1795370000000 implements MigrationInterface {
  name = 'Complaints1795370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "complaint_numbers" (
        "workflow_id" text PRIMARY KEY,
        "number" text NOT NULL UNIQUE,
        "date" date NOT NULL,
        "serial" integer NOT NULL CHECK ("serial" >= 1),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        UNIQUE ("date", "serial")
      )`);
    await queryRunner.query(`
      CREATE TABLE "complaints" (
        "number" text PRIMARY KEY,
        "workflow_id" text NOT NULL UNIQUE,
        "state" text NOT NULL CHECK ("state" IN ('forwarded', 'acknowledged', 'in_handling', 'result_delivered',
          'awaiting_callback', 'gm_review', 'archived', 'closed')),
        "source" text NOT NULL
          CHECK ("source" IN ('hotline', 'web', 'email', 'letter', 'walk_in', 'callback', 'evaluation')),
        "category" text NOT NULL CHECK ("category" IN ('technical', 'service', 'sales', 'other')),
        "complexity" text NOT NULL CHECK ("complexity" IN ('simple', 'complex')),
        "department" text NOT NULL
          CHECK ("department" IN ('tech_support', 'product_division', 'customer_service', 'quality_desk', 'gm_office')),
        "customer_name" text NOT NULL,
        "customer_phone" text NOT NULL,
        "customer_tier" text NOT NULL CHECK ("customer_tier" IN ('standard', 'gold')),
        "description" text NOT NULL,
        "branch_id" text,
        "source_case_number" text,
        "source_callback_id" text,
        "source_evaluation_id" text,
        "raised_by" text NOT NULL,
        "received_at" timestamptz NOT NULL,
        "round" integer NOT NULL CHECK ("round" >= 0),
        "round_limit" integer NOT NULL,
        "policy_id" text NOT NULL,
        "policy_version" integer NOT NULL,
        "allowed_actions" text[] NOT NULL DEFAULT '{}',
        "breached" boolean NOT NULL DEFAULT false,
        "next_due_at" timestamptz,
        "closed_at" timestamptz,
        "view" jsonb NOT NULL,
        "last_seq" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "complaints_state_idx" ON "complaints" ("state", "received_at")`);
    await queryRunner.query(
      `CREATE INDEX "complaints_department_idx" ON "complaints" ("department", "received_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "complaints_breached_idx" ON "complaints" ("received_at") WHERE "breached"`,
    );
    await queryRunner.query(
      `CREATE INDEX "complaints_source_case_idx" ON "complaints" ("source_case_number") WHERE "source_case_number" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "complaints_policy_open_idx" ON "complaints" ("policy_id", "policy_version") WHERE "state" NOT IN ('archived', 'closed')`,
    );
    await queryRunner.query(`
      CREATE TABLE "complaint_events" (
        "id" bigserial PRIMARY KEY,
        "complaint_number" text NOT NULL REFERENCES "complaints" ("number") ON DELETE CASCADE,
        "seq" integer NOT NULL CHECK ("seq" >= 1),
        "round" integer NOT NULL,
        "at" timestamptz NOT NULL,
        "type" text NOT NULL,
        "actor" text NOT NULL,
        "summary" text NOT NULL,
        "data" jsonb,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "complaint_events_number_seq_key" UNIQUE ("complaint_number", "seq")
      )`);
    await queryRunner.query(`
      CREATE TABLE "complaint_commitments" (
        "complaint_number" text NOT NULL REFERENCES "complaints" ("number") ON DELETE CASCADE,
        "commitment_id" text NOT NULL,
        "round" integer NOT NULL,
        "kind" text NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('running', 'paused', 'met', 'cancelled')),
        "policy_version" integer NOT NULL,
        "started_at" timestamptz NOT NULL,
        "due_at" timestamptz,
        "breached" boolean NOT NULL DEFAULT false,
        "breached_at" timestamptz,
        "met_at" timestamptz,
        PRIMARY KEY ("complaint_number", "commitment_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "complaint_commitments_kind_idx" ON "complaint_commitments" ("kind", "started_at")`,
    );

    await queryRunner.query(
      `INSERT INTO "sla_policies" ("id", "name", "current_version") VALUES ('complaints', $1, 1)
       ON CONFLICT ("id") DO NOTHING`,
      ['Complaint handling standards'],
    );
    await queryRunner.query(
      `INSERT INTO "sla_policy_versions"
         ("policy_id", "version", "rules", "status", "created_by", "published_at", "published_by", "reason")
       VALUES ('complaints', 1, $1::jsonb, 'published', 'system', now(), 'system', $2)
       ON CONFLICT ("policy_id", "version") DO NOTHING`,
      [JSON.stringify(COMPLAINT_POLICY_V1_RULES), "Seeded from the service standards' complaint procedure"],
    );
    for (const t of TEMPLATES) {
      for (const language of ['zh-CN', 'en'] as const) {
        await queryRunner.query(
          `INSERT INTO "notification_templates" ("type", "language", "subject", "body", "placeholders")
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("type", "language") DO NOTHING`,
          [t.type, language, t[language][0], t[language][1], STAFF_PLACEHOLDERS],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "notification_templates" WHERE "type" IN ('complaint_forwarded', 'complaint_gm_review')`,
    );
    await queryRunner.query(`DELETE FROM "sla_policies" WHERE "id" = 'complaints'`);
    await queryRunner.query(`DROP TABLE "complaint_commitments"`);
    await queryRunner.query(`DROP TABLE "complaint_events"`);
    await queryRunner.query(`DROP TABLE "complaints"`);
    await queryRunner.query(`DROP TABLE "complaint_numbers"`);
  }
}
