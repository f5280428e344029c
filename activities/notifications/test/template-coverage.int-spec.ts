// Every message reaches a person: each type the code can send (libs/domain's one list, which the senders
// use) has templates in zh-CN and en in the migrated database, and each renders — through the sender's own
// renderer, with the values that type's sender gives — to a non-empty body, and a subject where the channel
// shows one (staff: in-app title, e-mail subject; customers get SMS, which has none).
import type { DataSource } from 'typeorm';
import {
  complaintLadderTemplate,
  isNotificationType,
  ladderTemplate,
  NOTIFICATION_TYPES,
  type NotificationType,
} from '@caseflow/domain';
import { createDataSource } from '@caseflow/persistence';
import { createTestDatabase, type TestDatabase } from '@caseflow/persistence/testing';
import { DEFAULT_POLICY, STEP_ACTIONS, type LadderStep, type PolicyRule } from '@caseflow/sla';
import { COMPLAINT_POLICY_V1_RULES } from '../../../libs/persistence/src/migrations/1795370000000-Complaints';
import { loadTemplates, renderMessage, type TemplateRow } from '../delivery';
import { placeholdersIn } from '../templates';

/** For each placeholder, the data a sender writes that yields it (see templateValues). */
const DATA_FOR: Record<string, Record<string, unknown>> = {
  caseNumber: { caseNumber: '20261122-07-0003' },
  customerName: { customerName: '李雷' },
  link: { link: '/cases/20261122-07-0003' },
  promise: { commitmentKind: 'first_contact' },
  dueAt: { dueAt: '2026-11-22T07:00:00.000Z' },
  late: { lateMs: 45 * 60_000 },
  recipientName: {},
  message: { message: 'Deadline missed: first contact for case 20261122-07-0003 (李雷).' },
  visitAt: { visitAt: '2026-11-23T02:00:00.000Z' },
  previousVisitAt: { previousVisitAt: '2026-11-22T02:00:00.000Z' },
  answerBy: { answerBy: '2026-11-22T09:00:00.000Z' },
  resolvedAt: { resolvedAt: '2026-11-22T08:00:00.000Z' },
  round: { round: 2 },
  staffName: { staffName: 'Wang (engineer)' },
  productLines: { productLines: ['printers', 'copiers'] },
  expiresAt: { expiresAt: '2026-12-01T00:00:00.000Z' },
  reason: { reason: 'certification_expired' },
  weekStart: { weekStart: '2026-11-16' },
  weekEnd: { weekEnd: '2026-11-22' },
  summary: { summary: '12 callbacks, 11 reached, average satisfaction 4.5' },
};

let testDb: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await testDb?.drop();
});

const TYPES = Object.keys(NOTIFICATION_TYPES) as NotificationType[];

describe.each(TYPES)('the %s message', (type) => {
  const spec = NOTIFICATION_TYPES[type];
  let templates: TemplateRow[];
  beforeAll(async () => {
    templates = await loadTemplates(dataSource, type, 'en');
  });

  it.each(['zh-CN', 'en'] as const)(
    'has a %s template that renders a body (and a subject for staff) from what its sender gives',
    (language) => {
      const template = templates.find((t) => t.language === language);
      expect(template).toBeDefined();
      // A placeholder its sender never fills in would be blank in every message of this type.
      for (const name of placeholdersIn(`${template!.subject} ${template!.body}`))
        expect(spec.placeholders).toContain(name);

      const data = Object.assign({}, ...spec.placeholders.map((p) => DATA_FOR[p] ?? {}));
      const message = renderMessage(
        {
          id: 'coverage',
          to: 'someone',
          template: type,
          language,
          data,
          caseNumber: null,
          timeZone: 'Asia/Shanghai',
          recipientName: spec.placeholders.includes('recipientName') ? '张经理' : undefined,
        },
        [template!],
        'https://caseflow.example.com',
      );
      expect(message.text.trim()).not.toBe('');
      expect(message.text).not.toContain('{{');
      if (spec.audience !== 'customer') expect(message.subject?.trim()).not.toBe('');
    },
  );
});

describe('the templates a ladder can name', () => {
  const steps = (rules: PolicyRule[]): LadderStep[] =>
    rules.flatMap((rule) => rule.commitments.flatMap((c) => c.ladder));

  it('are all in the list of types: the default policy’s, the complaint policy’s, and every action’s fallback', () => {
    const named = [
      ...steps(DEFAULT_POLICY.rules).map(ladderTemplate),
      ...steps(COMPLAINT_POLICY_V1_RULES as PolicyRule[]).map(complaintLadderTemplate),
      ...STEP_ACTIONS.flatMap((action) => [ladderTemplate({ action }), complaintLadderTemplate({ action })]),
    ];
    expect(named.filter((template) => !isNotificationType(template))).toEqual([]);
  });

  it('word a complaint’s steps for a complaint, and keep a customer’s template as the policy names it', () => {
    expect(complaintLadderTemplate({ action: 'breach', template: 'commitment_breached' })).toBe(
      'complaint_commitment_breached',
    );
    expect(complaintLadderTemplate({ action: 'escalate' })).toBe('complaint_commitment_escalate');
    expect(complaintLadderTemplate({ action: 'notify', template: 'delay_apology' })).toBe('delay_apology');
  });

  it('fall back to the action’s words when a policy names a template that does not exist', () => {
    expect(ladderTemplate({ action: 'breach', template: 'no_such_words' })).toBe('commitment_breach');
    expect(complaintLadderTemplate({ action: 'remind', template: 'no_such_words' })).toBe(
      'complaint_commitment_remind',
    );
  });
});
