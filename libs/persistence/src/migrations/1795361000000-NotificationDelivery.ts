import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of the notification outbox: what a sender needs to send each row once and show what it sent
 * (the rendered words, the provider's message id, when it may go out at the earliest), the in-app inbox's
 * read mark, webhook subscriptions (their deliveries are outbox rows too, so they share the retries, the
 * exactly-once claim and the listing), and the message templates as data an admin can edit.
 *
 * `sending` is the claim a sender takes before it talks to the provider: a row is sent by whoever claims
 * it, so two deliveries of one row (a retry racing a late first attempt) cannot both send.
 */
export class NotificationDelivery1795361000000 implements MigrationInterface {
  name = 'NotificationDelivery1795361000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "webhook_subscriptions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "url" text NOT NULL CHECK ("url" ~ '^https?://'),
        "event_types" text[] NOT NULL CHECK (cardinality("event_types") > 0),
        "secret" text NOT NULL,
        "description" text,
        "active" boolean NOT NULL DEFAULT true,
        "created_by" uuid REFERENCES "users" ("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "deleted_at" timestamptz
      )`);

    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "notifications_channel_check"`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_channel_check"
         CHECK ("channel" IN ('in_app', 'sms', 'email', 'webhook'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" DROP CONSTRAINT "notifications_recipient_kind_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_kind_check"
         CHECK ("recipient_kind" IN ('staff', 'customer', 'webhook'))`,
    );
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "notifications_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_status_check"
         CHECK ("status" IN ('pending', 'sending', 'sent', 'failed', 'undeliverable'))`,
    );
    await queryRunner.query(`
      ALTER TABLE "notifications"
        ADD COLUMN "webhook_subscription_id" uuid REFERENCES "webhook_subscriptions" ("id"),
        ADD COLUMN "not_before" timestamptz,
        ADD COLUMN "subject" text,
        ADD COLUMN "body" text,
        ADD COLUMN "provider_id" text,
        ADD COLUMN "last_attempt_at" timestamptz,
        ADD COLUMN "requeued" integer NOT NULL DEFAULT 0,
        ADD COLUMN "read_at" timestamptz,
        ADD CONSTRAINT "notifications_webhook_check"
          CHECK (("recipient_kind" = 'webhook') = ("webhook_subscription_id" IS NOT NULL)
             AND ("recipient_kind" = 'webhook') = ("channel" = 'webhook'))`);
    await queryRunner.query(
      `CREATE INDEX "notifications_webhook_idx" ON "notifications" ("webhook_subscription_id", "created_at" DESC)
         WHERE "webhook_subscription_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_unread_idx" ON "notifications" ("recipient_staff_id")
         WHERE "channel" = 'in_app' AND "read_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "notification_templates" (
        "type" text NOT NULL,
        "language" text NOT NULL CHECK ("language" IN ('zh-CN', 'en')),
        "subject" text NOT NULL,
        "body" text NOT NULL,
        "placeholders" text[] NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" uuid REFERENCES "users" ("id"),
        PRIMARY KEY ("type", "language")
      )`);
    for (const t of TEMPLATES) {
      for (const language of ['zh-CN', 'en'] as const) {
        await queryRunner.query(
          `INSERT INTO "notification_templates" ("type", "language", "subject", "body", "placeholders")
           VALUES ($1, $2, $3, $4, $5)`,
          [t.type, language, t[language][0], t[language][1], t.placeholders],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_templates"`);
    await queryRunner.query(`DELETE FROM "notifications" WHERE "channel" = 'webhook'`);
    await queryRunner.query(`UPDATE "notifications" SET "status" = 'pending' WHERE "status" = 'sending'`);
    await queryRunner.query(`
      ALTER TABLE "notifications"
        DROP CONSTRAINT "notifications_webhook_check",
        DROP COLUMN "webhook_subscription_id", DROP COLUMN "not_before", DROP COLUMN "subject",
        DROP COLUMN "body", DROP COLUMN "provider_id", DROP COLUMN "last_attempt_at",
        DROP COLUMN "requeued", DROP COLUMN "read_at"`);
    for (const [name, check] of [
      ['channel', `"channel" IN ('in_app', 'sms', 'email')`],
      ['recipient_kind', `"recipient_kind" IN ('staff', 'customer')`],
      ['status', `"status" IN ('pending', 'sent', 'failed', 'undeliverable')`],
    ]) {
      await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "notifications_${name}_check"`);
      await queryRunner.query(
        `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_${name}_check" CHECK (${check})`,
      );
    }
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
  }
}

// Every placeholder a template may use; what the sender fills in for each (see activities/notifications).
const CASE = ['caseNumber', 'customerName', 'link'];
const PROMISE = [...CASE, 'promise', 'dueAt', 'late', 'recipientName', 'message'];

/** The words as of this migration; admins edit them afterwards (GET/PUT /api/notification-templates). */
const TEMPLATES: {
  type: string;
  placeholders: string[];
  'zh-CN': [subject: string, body: string];
  en: [subject: string, body: string];
}[] = [
  {
    type: 'intake_acknowledgement',
    placeholders: CASE,
    'zh-CN': [
      '您的服务请求已受理（{{caseNumber}}）',
      '{{customerName}}您好，您的服务请求已受理，工单号 {{caseNumber}}。我们会尽快与您联系，感谢您的耐心。',
    ],
    en: [
      'We have your request ({{caseNumber}})',
      'Dear {{customerName}}, we have logged your request as case {{caseNumber}} and will contact you shortly. Thank you for your patience.',
    ],
  },
  {
    type: 'appointment_confirmed',
    placeholders: [...CASE, 'visitAt'],
    'zh-CN': [
      '上门时间确认（{{caseNumber}}）',
      '{{customerName}}您好，工单 {{caseNumber}} 的上门服务时间已确认为 {{visitAt}}。如需调整请回复或致电服务热线。',
    ],
    en: [
      'Your appointment is confirmed ({{caseNumber}})',
      'Dear {{customerName}}, our engineer will visit at {{visitAt}} for case {{caseNumber}}. Reply or call the hotline if you need another time.',
    ],
  },
  {
    type: 'appointment_moved',
    placeholders: [...CASE, 'visitAt', 'previousVisitAt'],
    'zh-CN': [
      '上门时间调整（{{caseNumber}}）',
      '{{customerName}}您好，非常抱歉，工单 {{caseNumber}} 的上门时间无法安排在 {{previousVisitAt}}，已调整为 {{visitAt}}。给您带来不便，敬请谅解。',
    ],
    en: [
      'Your appointment has moved ({{caseNumber}})',
      'Dear {{customerName}}, we are sorry that we cannot come at {{previousVisitAt}}; the visit for case {{caseNumber}} is now at {{visitAt}}. We apologise for the inconvenience.',
    ],
  },
  {
    type: 'delay_apology',
    placeholders: PROMISE,
    'zh-CN': [
      '您的工单正在处理中（{{caseNumber}}）',
      '{{customerName}}您好，您的工单 {{caseNumber}} 仍在处理中，未能按时给您答复，我们深表歉意。我们正在加紧处理，会尽快与您联系。',
    ],
    en: [
      'Your case is in progress ({{caseNumber}})',
      'Dear {{customerName}}, case {{caseNumber}} is still in progress and we are sorry it is taking longer than promised. We are on it and will be in touch soon.',
    ],
  },
  {
    type: 'resolution_thanks',
    placeholders: CASE,
    'zh-CN': [
      '服务已完成（{{caseNumber}}）',
      '{{customerName}}您好，工单 {{caseNumber}} 已处理完毕。感谢您的信任与配合，如有任何问题请随时联系我们。',
    ],
    en: [
      'Your case is resolved ({{caseNumber}})',
      'Dear {{customerName}}, case {{caseNumber}} is resolved. Thank you for your trust and patience; contact us any time if anything is not right.',
    ],
  },
  {
    type: 'survey',
    placeholders: [...CASE, 'resolvedAt'],
    'zh-CN': [
      '服务满意度调查（{{caseNumber}}）',
      '{{customerName}}您好，感谢您使用我们的服务。请对工单 {{caseNumber}} 的服务进行评价，您的意见对我们非常重要。',
    ],
    en: [
      'How did we do? ({{caseNumber}})',
      'Dear {{customerName}}, thank you for choosing our service. Please tell us how we did on case {{caseNumber}}; your opinion matters to us.',
    ],
  },
  {
    type: 'callback_request',
    placeholders: [...CASE, 'dueAt'],
    'zh-CN': [
      '回访安排（{{caseNumber}}）',
      '{{customerName}}您好，我们将于 {{dueAt}} 前就工单 {{caseNumber}} 对您进行电话回访，感谢您的配合。',
    ],
    en: [
      'We will call you back ({{caseNumber}})',
      'Dear {{customerName}}, we will call you by {{dueAt}} about case {{caseNumber}}. Thank you for your time.',
    ],
  },
  {
    type: 'complaint_acknowledgement',
    placeholders: [...CASE, 'answerBy'],
    'zh-CN': [
      '您的投诉已受理（{{caseNumber}}）',
      '{{customerName}}您好，您的投诉已受理，工单号 {{caseNumber}}。我们将在 {{answerBy}} 前给您明确答复，给您带来的不便深表歉意。',
    ],
    en: [
      'We have your complaint ({{caseNumber}})',
      'Dear {{customerName}}, we have logged your complaint as case {{caseNumber}} and will give you a clear answer by {{answerBy}}. We are sorry for the trouble.',
    ],
  },
  {
    type: 'weekly_summary',
    placeholders: ['recipientName', 'weekStart', 'weekEnd', 'summary', 'link'],
    'zh-CN': [
      '回访周报（{{weekStart}} – {{weekEnd}}）',
      '{{recipientName}}您好，本周回访汇总：\n{{summary}}\n详情：{{link}}',
    ],
    en: [
      'Callback summary ({{weekStart}} – {{weekEnd}})',
      'Dear {{recipientName}}, this week’s callbacks:\n{{summary}}\nDetails: {{link}}',
    ],
  },
  {
    type: 'commitment_warning',
    placeholders: PROMISE,
    'zh-CN': [
      '提醒：{{promise}}即将超时（{{caseNumber}}）',
      '{{recipientName}}您好，工单 {{caseNumber}}（客户 {{customerName}}）的{{promise}}将于 {{dueAt}} 到期，请尽快处理。{{link}}',
    ],
    en: [
      'Reminder: {{promise}} due soon ({{caseNumber}})',
      'Dear {{recipientName}}, the {{promise}} promised to {{customerName}} on case {{caseNumber}} is due at {{dueAt}}. Please act now. {{link}}',
    ],
  },
  {
    type: 'commitment_breached',
    placeholders: PROMISE,
    'zh-CN': [
      '已超时：{{promise}}（{{caseNumber}}）',
      '{{recipientName}}您好，对客户 {{customerName}} 承诺的{{promise}}（工单 {{caseNumber}}）应于 {{dueAt}} 完成，已超时 {{late}}。请跟进：{{link}}',
    ],
    en: [
      'Breached: {{promise}} ({{caseNumber}})',
      'Dear {{recipientName}}, the {{promise}} promised to {{customerName}} on case {{caseNumber}} was due at {{dueAt}} and is {{late}} late. Please follow up: {{link}}',
    ],
  },
  {
    type: 'commitment_escalated',
    placeholders: PROMISE,
    'zh-CN': [
      '升级：{{promise}}超时未处理（{{caseNumber}}）',
      '{{recipientName}}您好，工单 {{caseNumber}} 对客户 {{customerName}} 承诺的{{promise}}应于 {{dueAt}} 完成，已超时 {{late}}，现升级至您处理：{{link}}',
    ],
    en: [
      'Escalated: {{promise}} ({{caseNumber}})',
      'Dear {{recipientName}}, the {{promise}} promised to {{customerName}} on case {{caseNumber}} was due at {{dueAt}} and is {{late}} late; it is escalated to you: {{link}}',
    ],
  },
  {
    type: 'chase_handler',
    placeholders: PROMISE,
    'zh-CN': [
      '催办：{{promise}}（{{caseNumber}}）',
      '{{recipientName}}您好，工单 {{caseNumber}}（客户 {{customerName}}）的{{promise}}应于 {{dueAt}} 返回，已超时 {{late}}，请催促处理人并回复客户。{{link}}',
    ],
    en: [
      'Chase the handler: {{promise}} ({{caseNumber}})',
      'Dear {{recipientName}}, the {{promise}} on case {{caseNumber}} ({{customerName}}) was due at {{dueAt}} and is {{late}} late. Please chase the handler. {{link}}',
    ],
  },
  {
    type: 'test_reminder',
    placeholders: PROMISE,
    'zh-CN': [
      '请反馈测试结果（{{caseNumber}}）',
      '{{customerName}}您好，请于 {{dueAt}} 前告知工单 {{caseNumber}} 的测试结果；如届时未收到回复，我们将视为问题已解决。',
    ],
    en: [
      'Please tell us how the test went ({{caseNumber}})',
      'Dear {{customerName}}, please let us know by {{dueAt}} how the test went for case {{caseNumber}}; without a reply we will consider it resolved.',
    ],
  },
  {
    // An admin's check that a channel works (POST /api/notifications/test).
    type: 'channel_test',
    placeholders: [],
    'zh-CN': ['Caseflow 测试消息', '这是一条 Caseflow 测试消息：此渠道工作正常。'],
    en: ['Caseflow test message', 'This is a Caseflow test message: this channel works.'],
  },
  // A ladder step without a template falls back to `commitment_<action>`.
  ...(['remind', 'breach', 'escalate', 'notify'] as const).map((action) => ({
    type: `commitment_${action}`,
    placeholders: PROMISE,
    'zh-CN': ['工单 {{caseNumber}}：{{promise}}', '{{message}} {{link}}'] as [string, string],
    en: ['Case {{caseNumber}}: {{promise}}', '{{message}} {{link}}'] as [string, string],
  })),
];
