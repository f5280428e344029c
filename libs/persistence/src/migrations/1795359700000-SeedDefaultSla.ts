import { MigrationInterface, QueryRunner } from 'typeorm';

// A snapshot, not an import: this migration must seed the same rows on a fresh database next year as it
// does today. The live constants in libs/sla (DEFAULT_CALENDAR, DEFAULT_POLICY) were copied here as JSON
// on 2026-11-22; when they change (the 2027 holidays, a new default ladder), a new migration updates the
// calendar or publishes policy version 2 — it never edits this one.

const DEFAULT_CALENDAR_2026 = {
  id: 'default',
  name: 'China mainland office hours (Asia/Shanghai)',
  timeZone: 'Asia/Shanghai',
  weeklyPeriods: {
    mon: [{ start: '09:00', end: '18:30' }],
    tue: [{ start: '09:00', end: '18:30' }],
    wed: [{ start: '09:00', end: '18:30' }],
    thu: [{ start: '09:00', end: '18:30' }],
    fri: [{ start: '09:00', end: '18:30' }],
    sat: [],
    sun: [],
  },
  holidays: [
    { date: '2026-01-01', name: "New Year's Day 元旦" },
    { date: '2026-01-02', name: "New Year's Day 元旦" },
    { date: '2026-01-03', name: "New Year's Day 元旦" },
    { date: '2026-02-15', name: 'Spring Festival 春节' },
    { date: '2026-02-16', name: 'Spring Festival 春节' },
    { date: '2026-02-17', name: 'Spring Festival 春节' },
    { date: '2026-02-18', name: 'Spring Festival 春节' },
    { date: '2026-02-19', name: 'Spring Festival 春节' },
    { date: '2026-02-20', name: 'Spring Festival 春节' },
    { date: '2026-02-21', name: 'Spring Festival 春节' },
    { date: '2026-02-22', name: 'Spring Festival 春节' },
    { date: '2026-02-23', name: 'Spring Festival 春节' },
    { date: '2026-04-04', name: 'Qingming Festival 清明节' },
    { date: '2026-04-05', name: 'Qingming Festival 清明节' },
    { date: '2026-04-06', name: 'Qingming Festival 清明节' },
    { date: '2026-05-01', name: 'Labour Day 劳动节' },
    { date: '2026-05-02', name: 'Labour Day 劳动节' },
    { date: '2026-05-03', name: 'Labour Day 劳动节' },
    { date: '2026-05-04', name: 'Labour Day 劳动节' },
    { date: '2026-05-05', name: 'Labour Day 劳动节' },
    { date: '2026-06-19', name: 'Dragon Boat Festival 端午节' },
    { date: '2026-06-20', name: 'Dragon Boat Festival 端午节' },
    { date: '2026-06-21', name: 'Dragon Boat Festival 端午节' },
    { date: '2026-09-25', name: 'Mid-Autumn Festival 中秋节' },
    { date: '2026-09-26', name: 'Mid-Autumn Festival 中秋节' },
    { date: '2026-09-27', name: 'Mid-Autumn Festival 中秋节' },
    { date: '2026-10-01', name: 'National Day 国庆节' },
    { date: '2026-10-02', name: 'National Day 国庆节' },
    { date: '2026-10-03', name: 'National Day 国庆节' },
    { date: '2026-10-04', name: 'National Day 国庆节' },
    { date: '2026-10-05', name: 'National Day 国庆节' },
    { date: '2026-10-06', name: 'National Day 国庆节' },
    { date: '2026-10-07', name: 'National Day 国庆节' },
  ],
  makeUpWorkingDays: [
    { date: '2026-01-04', name: "New Year's Day 元旦 (make-up working day)" },
    { date: '2026-02-14', name: 'Spring Festival 春节 (make-up working day)' },
    { date: '2026-02-28', name: 'Spring Festival 春节 (make-up working day)' },
    { date: '2026-05-09', name: 'Labour Day 劳动节 (make-up working day)' },
    { date: '2026-09-20', name: 'National Day 国庆节 (make-up working day)' },
    { date: '2026-10-10', name: 'National Day 国庆节 (make-up working day)' },
  ],
};

const DEFAULT_POLICY_V1_RULES = [
  {
    match: { caseKind: 'service_request' },
    commitments: [
      {
        kind: 'first_contact',
        budget: { amount: 60, unit: 'minutes' },
        clock: 'calendar',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
      {
        kind: 'forwarding',
        budget: { amount: 2, unit: 'hours' },
        clock: 'working',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
      {
        kind: 'handler_result',
        budget: { amount: 2, unit: 'days' },
        clock: 'working',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'chase',
            fraction: 1,
            action: 'notify',
            target: 'hotline',
            template: 'chase_handler',
            waitForWorkingHours: false,
          },
          {
            id: 'apologise',
            fraction: 1,
            action: 'notify',
            target: 'customer',
            template: 'delay_apology',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
      {
        kind: 'customer_test',
        budget: { amount: 24, unit: 'hours' },
        clock: 'calendar',
        calendarId: 'default',
        ladder: [
          {
            id: 'remind_customer',
            fraction: 0.75,
            action: 'notify',
            target: 'customer',
            template: 'test_reminder',
            waitForWorkingHours: false,
          },
        ],
      },
      {
        kind: 'resolution',
        budget: { amount: 2, unit: 'days' },
        clock: 'calendar',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
      {
        kind: 'callback_level1',
        budget: { amount: 2, unit: 'hours' },
        clock: 'working',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
      {
        kind: 'callback_level2',
        budget: { amount: 1, unit: 'days' },
        clock: 'working',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
    ],
  },
  {
    match: { caseKind: 'service_request', dispatched: true },
    commitments: [
      {
        kind: 'first_contact',
        budget: { amount: 30, unit: 'minutes' },
        clock: 'calendar',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
    ],
  },
  {
    match: { caseKind: 'inquiry' },
    commitments: [
      {
        kind: 'inquiry_answer',
        budget: { amount: 2, unit: 'days' },
        clock: 'working',
        calendarId: 'default',
        ladder: [
          {
            id: 'warn',
            fraction: 0.75,
            action: 'remind',
            target: 'assignee',
            template: 'commitment_warning',
            waitForWorkingHours: true,
          },
          {
            id: 'breach',
            fraction: 1,
            action: 'breach',
            target: 'supervisor',
            template: 'commitment_breached',
            waitForWorkingHours: false,
          },
          {
            id: 'escalate',
            fraction: 1,
            delay: { amount: 2, unit: 'hours' },
            delayClock: 'working',
            action: 'escalate',
            target: 'manager',
            template: 'commitment_escalated',
            waitForWorkingHours: true,
          },
        ],
      },
    ],
  },
];

/** Seeds the default business calendar (id 'default') and the standards' default policy as version 1. */
export class SeedDefaultSla1795359700000 implements MigrationInterface {
  name = 'SeedDefaultSla1795359700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO "calendars" ("id", "name", "definition") VALUES ($1, $2, $3::jsonb) ON CONFLICT ("id") DO NOTHING`,
      [DEFAULT_CALENDAR_2026.id, DEFAULT_CALENDAR_2026.name, JSON.stringify(DEFAULT_CALENDAR_2026)],
    );
    await queryRunner.query(
      `INSERT INTO "sla_policies" ("id", "name", "current_version") VALUES ('default', $1, 1) ON CONFLICT ("id") DO NOTHING`,
      ['Service standards (default)'],
    );
    await queryRunner.query(
      `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
       VALUES ('default', 1, $1::jsonb, 'system', $2)
       ON CONFLICT ("policy_id", "version") DO NOTHING`,
      [JSON.stringify(DEFAULT_POLICY_V1_RULES), "Seeded from the service standards' default commitments"],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "sla_policy_versions" WHERE "policy_id" = 'default' AND "version" = 1`,
    );
    await queryRunner.query(`DELETE FROM "sla_policies" WHERE "id" = 'default'`);
    await queryRunner.query(`DELETE FROM "calendars" WHERE "id" = 'default'`);
  }
}
