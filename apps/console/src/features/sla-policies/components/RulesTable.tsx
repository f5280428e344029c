import { Form, Input, InputNumber, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ruleRows, type PolicyRule, type RuleRow } from '../lib/rules';
import { budgetText, clockText, commitmentName, matchText, stepAction, stepWords } from './words';

const UNITS = ['minutes', 'hours', 'days'];
const CLOCKS = ['working', 'calendar'];

/**
 * The rules as a table (cases × commitment → time allowed, clock, warning point, ladder). Editing, each
 * cell is a form field named by its path in the rules (`rules[0].commitments[1].budget.amount` is
 * ['rules', 0, 'commitments', 1, 'budget', 'amount']), so the API's 422 lands on the cell it names.
 */
export function RulesTable({ rules, editing }: { rules: PolicyRule[]; editing: boolean }) {
  const { t } = useTranslation();
  const path = (r: RuleRow, ...rest: (string | number)[]) => [
    'rules',
    r.ruleIndex,
    'commitments',
    r.commitmentIndex,
    ...rest,
  ];
  const label = (r: RuleRow, what: string) =>
    `${what} · ${commitmentName(t, r.commitment.kind)} · ${matchText(t, r.match)}`;
  const item = { style: { margin: 0 } };

  return (
    <Table<RuleRow>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={ruleRows(rules)}
      columns={[
        { key: 'match', title: t('policies.match'), render: (_, r) => matchText(t, r.match) },
        {
          key: 'commitment',
          title: t('policies.commitment'),
          render: (_, r) => commitmentName(t, r.commitment.kind),
        },
        {
          key: 'budget',
          title: t('policies.budget'),
          render: (_, r) =>
            editing ? (
              <div style={{ display: 'flex', gap: 4 }}>
                <Form.Item {...item} name={path(r, 'budget', 'amount')}>
                  <InputNumber aria-label={label(r, t('policies.budget'))} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item {...item} name={path(r, 'budget', 'unit')}>
                  <Select
                    aria-label={label(r, t('policies.unitLabel'))}
                    style={{ width: 100 }}
                    options={UNITS.map((u) => ({ value: u, label: t(`policies.unitName.${u}`) }))}
                  />
                </Form.Item>
              </div>
            ) : (
              budgetText(t, r.commitment.budget)
            ),
        },
        {
          key: 'clock',
          title: t('policies.clock'),
          render: (_, r) =>
            editing ? (
              <Form.Item {...item} name={path(r, 'clock')}>
                <Select
                  aria-label={label(r, t('policies.clock'))}
                  style={{ width: 160 }}
                  options={CLOCKS.map((c) => ({ value: c, label: clockText(t, c) }))}
                />
              </Form.Item>
            ) : (
              clockText(t, r.commitment.clock)
            ),
        },
        {
          key: 'calendar',
          title: t('policies.calendar'),
          render: (_, r) =>
            editing ? (
              <Form.Item {...item} name={path(r, 'calendarId')}>
                <Input aria-label={label(r, t('policies.calendar'))} style={{ width: 110 }} />
              </Form.Item>
            ) : (
              r.commitment.calendarId
            ),
        },
        {
          key: 'ladder',
          title: `${t('policies.warning')} · ${t('policies.ladder')}`,
          render: (_, r) => (
            <ol style={{ margin: 0, paddingInlineStart: 18 }}>
              {r.commitment.ladder.map((step, k) => (
                <li key={step.id}>
                  {editing && step.fraction < 1 && !step.delay ? (
                    <div style={{ display: 'flex', gap: 4, alignItems: 'baseline' }}>
                      <Form.Item {...item} name={path(r, 'ladder', k, 'fraction')}>
                        <InputNumber
                          aria-label={label(r, t('policies.warning'))}
                          step={0.05}
                          style={{ width: 90 }}
                        />
                      </Form.Item>
                      {stepAction(t, step)}
                    </div>
                  ) : (
                    stepWords(t, step)
                  )}
                </li>
              ))}
            </ol>
          ),
        },
      ]}
    />
  );
}
