import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every message Caseflow sends has words (the list: libs/domain notification-types.ts): the certificate
 * expiry reminder and the reassignment request had none (their rows stayed undeliverable), and a complaint's
 * ladder steps were sent with a case's templates, or with `{{message}} {{link}}` and no message at all.
 *
 * - A complaint's steps use `complaint_<template>`: the policy's `commitment_warning`, `…_breached`,
 *   `…_escalated`, and `commitment_<action>` for a step that names none, worded for a complaint.
 * - `commitment_<action>` (a case's step that names no template) reach customers too, whose rows carry no
 *   `message`: their words now stand on the step's facts alone. Only words nobody has edited are replaced.
 *
 * The words as of this migration; admins edit them afterwards (GET/PUT /api/notification-templates).
 */

const STEP = ['caseNumber', 'customerName', 'link', 'promise', 'dueAt', 'late'];
// `message` is the escalation's sentence (in English, as the inbox shows it): the English words use it.
const STAFF_STEP = [...STEP, 'recipientName', 'message'];

type Words = [subject: string, body: string];
interface Template {
  type: string;
  placeholders: string[];
  'zh-CN': Words;
  en: Words;
}

const complaintStep = (type: string, zh: Words, en: Words): Template => ({
  type,
  placeholders: STAFF_STEP,
  'zh-CN': zh,
  en,
});

const REMIND: [Words, Words] = [
  [
    '提醒：投诉 {{caseNumber}} 的{{promise}}即将到期',
    '{{recipientName}}您好，客户 {{customerName}} 的投诉 {{caseNumber}}：{{promise}}将于 {{dueAt}} 到期，请尽快处理。{{link}}',
  ],
  [
    'Reminder: complaint {{caseNumber}}, {{promise}} due soon',
    'Dear {{recipientName}}, the {{promise}} promised to {{customerName}} on complaint {{caseNumber}} is due at {{dueAt}}. Please act now. {{link}}',
  ],
];
const BREACH: [Words, Words] = [
  [
    '已超时：投诉 {{caseNumber}} 的{{promise}}',
    '{{recipientName}}您好，对客户 {{customerName}} 承诺的{{promise}}（投诉 {{caseNumber}}）应于 {{dueAt}} 完成，现已超时。请立即跟进：{{link}}',
  ],
  [
    'Breached: complaint {{caseNumber}}, {{promise}}',
    'Dear {{recipientName}}, the {{promise}} promised to {{customerName}} on complaint {{caseNumber}} was due at {{dueAt}} and is late. {{message}} Please follow up now: {{link}}',
  ],
];
const ESCALATE: [Words, Words] = [
  [
    '升级：投诉 {{caseNumber}} 的{{promise}}超时未处理',
    '{{recipientName}}您好，客户 {{customerName}} 的投诉 {{caseNumber}}：{{promise}}应于 {{dueAt}} 完成，超时后仍未处理，现升级至您。{{link}}',
  ],
  [
    'Escalated: complaint {{caseNumber}}, {{promise}}',
    'Dear {{recipientName}}, the {{promise}} promised to {{customerName}} on complaint {{caseNumber}} was due at {{dueAt}} and is still not done; it is escalated to you. {{message}} {{link}}',
  ],
];
const NOTIFY: [Words, Words] = [
  [
    '投诉 {{caseNumber}}：{{promise}}',
    '{{recipientName}}您好，客户 {{customerName}} 的投诉 {{caseNumber}}：{{promise}}应于 {{dueAt}} 完成。{{link}}',
  ],
  [
    'Complaint {{caseNumber}}: {{promise}}',
    'Dear {{recipientName}}, about the {{promise}} promised to {{customerName}} on complaint {{caseNumber}}, due at {{dueAt}}. {{message}} {{link}}',
  ],
];

const TEMPLATES: Template[] = [
  complaintStep('complaint_commitment_warning', ...REMIND),
  complaintStep('complaint_commitment_remind', ...REMIND),
  complaintStep('complaint_commitment_breached', ...BREACH),
  complaintStep('complaint_commitment_breach', ...BREACH),
  complaintStep('complaint_commitment_escalated', ...ESCALATE),
  complaintStep('complaint_commitment_escalate', ...ESCALATE),
  complaintStep('complaint_commitment_notify', ...NOTIFY),
  {
    type: 'certification_expiring',
    placeholders: ['recipientName', 'staffName', 'productLines', 'expiresAt'],
    'zh-CN': [
      '上岗证即将到期：{{staffName}}',
      '{{recipientName}}您好，{{staffName}} 的上岗证（{{productLines}}）将于 {{expiresAt}} 到期。到期后将无法再被指派工单，请及时安排复审或续证。',
    ],
    en: [
      'Certificate expiring: {{staffName}}',
      'Dear {{recipientName}}, the certificate of {{staffName}} ({{productLines}}) expires at {{expiresAt}}. After that they cannot be assigned cases; please arrange the renewal in time.',
    ],
  },
  {
    type: 'case_reassignment_required',
    placeholders: ['caseNumber', 'link', 'recipientName', 'dueAt', 'reason', 'message'],
    'zh-CN': [
      '工单需重新指派（{{caseNumber}}）',
      '{{recipientName}}您好，工单 {{caseNumber}} 的工程师已不能继续处理（{{reason}}），请于 {{dueAt}} 前重新指派：{{link}}',
    ],
    en: [
      'Case to reassign ({{caseNumber}})',
      'Dear {{recipientName}}, the engineer on case {{caseNumber}} may no longer work it ({{reason}}). Please reassign it by {{dueAt}}: {{link}}',
    ],
  },
];

/** A case's step that names no template: words on the step's facts, for a customer or staff alike. */
const FALLBACK: Record<string, { 'zh-CN': Words; en: Words }> = {
  commitment_remind: {
    'zh-CN': [
      '工单 {{caseNumber}}：{{promise}}即将到期',
      '工单 {{caseNumber}}（{{customerName}}）的{{promise}}将于 {{dueAt}} 到期。',
    ],
    en: [
      'Case {{caseNumber}}: {{promise}} due soon',
      'Case {{caseNumber}} ({{customerName}}): the {{promise}} is due at {{dueAt}}.',
    ],
  },
  commitment_breach: {
    'zh-CN': [
      '工单 {{caseNumber}}：{{promise}}已超时',
      '工单 {{caseNumber}}（{{customerName}}）的{{promise}}应于 {{dueAt}} 完成，现已超时。',
    ],
    en: [
      'Case {{caseNumber}}: {{promise}} is late',
      'Case {{caseNumber}} ({{customerName}}): the {{promise}} was due at {{dueAt}} and is late.',
    ],
  },
  commitment_escalate: {
    'zh-CN': [
      '工单 {{caseNumber}}：{{promise}}已升级',
      '工单 {{caseNumber}}（{{customerName}}）的{{promise}}应于 {{dueAt}} 完成，超时未处理，已升级。',
    ],
    en: [
      'Case {{caseNumber}}: {{promise}} escalated',
      'Case {{caseNumber}} ({{customerName}}): the {{promise}} was due at {{dueAt}} and is escalated.',
    ],
  },
  commitment_notify: {
    'zh-CN': [
      '工单 {{caseNumber}}：{{promise}}',
      '工单 {{caseNumber}}（{{customerName}}）：{{promise}}，时限 {{dueAt}}。',
    ],
    en: [
      'Case {{caseNumber}}: {{promise}}',
      'Case {{caseNumber}} ({{customerName}}): the {{promise}}, due at {{dueAt}}.',
    ],
  },
};
const OLD_FALLBACK_BODY = '{{message}} {{link}}';

export class EveryMessageHasTemplates1795411000000 implements MigrationInterface {
  name = 'EveryMessageHasTemplates1795411000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const t of TEMPLATES) {
      for (const language of ['zh-CN', 'en'] as const) {
        await queryRunner.query(
          `INSERT INTO "notification_templates" ("type", "language", "subject", "body", "placeholders")
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("type", "language") DO NOTHING`,
          [t.type, language, t[language][0], t[language][1], t.placeholders],
        );
      }
    }
    for (const [type, words] of Object.entries(FALLBACK)) {
      for (const language of ['zh-CN', 'en'] as const) {
        await queryRunner.query(
          `UPDATE "notification_templates" SET "subject" = $3, "body" = $4, "updated_at" = now()
            WHERE "type" = $1 AND "language" = $2 AND "updated_by" IS NULL AND "body" = $5`,
          [type, language, words[language][0], words[language][1], OLD_FALLBACK_BODY],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notification_templates" WHERE "type" = ANY ($1)`, [
      TEMPLATES.map((t) => t.type),
    ]);
    // The fallbacks keep their words: the old ones sent customers a bare link.
  }
}
