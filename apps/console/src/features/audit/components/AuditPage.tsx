import { Alert, Button, Card, DatePicker, Form, Input, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import { type AuditEntry, type AuditFilters, useAuditLog } from '../api/audit';

const OUTCOMES = ['success', 'failure', 'refused'] as const;
const TEXT_FILTERS = ['actor', 'action', 'entityType', 'entityId', 'ip'] as const;

interface Values {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  ip?: string;
  outcome?: AuditFilters['outcome'];
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** The filters live in the address, so a search can be shared with whoever asked the question. */
function filtersFrom(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: 20,
  };
  for (const key of [...TEXT_FILTERS, 'from', 'to'] as const) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const outcome = OUTCOMES.find((o) => o === params.get('outcome'));
  if (outcome) filters.outcome = outcome;
  return filters;
}

/**
 * The audit log (admins): who did what to which object, when, from where, with what outcome; filtered by
 * actor, action (a family such as `case.*`), object and time, paged. Nothing on the page can change it.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const filters = filtersFrom(params);
  const log = useAuditLog(filters);

  // A 422 from the API lands on the field it names; what no field takes goes above the table.
  const error = log.error;
  const [unplaced, setUnplaced] = useState<string[]>([]);
  useEffect(() => {
    if (!error) return setUnplaced([]);
    const rest = applyFieldErrors(form, error);
    const placed = error instanceof ApiError && Object.keys(error.fieldErrors).length > 0;
    setUnplaced(placed ? rest : [error.message]);
  }, [error, form]);

  const search = (values: Values) => {
    const next = new URLSearchParams();
    for (const key of TEXT_FILTERS) {
      const value = values[key]?.trim();
      if (value) next.set(key, value);
    }
    if (values.outcome) next.set('outcome', values.outcome);
    const [from, to] = values.period ?? [];
    if (from) next.set('from', from.toISOString());
    if (to) next.set('to', to.toISOString());
    setParams(next, { replace: true });
  };
  const page = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    setParams(next, { replace: true });
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('audit.title')}</h1>}>
      <Form
        form={form}
        layout="inline"
        style={{ rowGap: 12, marginBottom: 16 }}
        initialValues={{
          ...Object.fromEntries(TEXT_FILTERS.map((k) => [k, filters[k]])),
          outcome: filters.outcome,
          period: [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null],
        }}
        onFinish={search}
      >
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')} tooltip={t('audit.actionHelp')}>
          <Input allowClear style={{ width: 160 }} placeholder="case.*" />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input allowClear style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="ip" label={t('audit.ip')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select
            allowClear
            style={{ width: 130 }}
            options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('audit.period')}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('audit.search')}
          </Button>
        </Form.Item>
      </Form>
      {error &&
        unplaced.length + (error instanceof ApiError && Object.keys(error.fieldErrors).length ? 0 : 1) >
          0 && (
          <Alert type="error" style={{ marginBottom: 16 }} title={unplaced.join(' ') || error.message} />
        )}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={log.isFetching}
        dataSource={log.data?.items ?? []}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          onChange: page,
          showTotal: (count) => t('audit.total', { count }),
        }}
        expandable={{
          rowExpandable: (row) => row.before !== null || row.after !== null,
          expandedRowRender: (row) => (
            <div style={{ display: 'flex', gap: 16 }}>
              {(['before', 'after'] as const).map((side) => (
                <div key={side} style={{ flex: 1, minWidth: 0 }}>
                  <Typography.Text strong>{t(`audit.${side}`)}</Typography.Text>
                  <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}>
                    {row[side] === null ? t('common.none') : JSON.stringify(row[side], null, 2)}
                  </pre>
                </div>
              ))}
            </div>
          ),
        }}
        columns={[
          {
            key: 'at',
            title: t('audit.at'),
            render: (_, row) => formatTime(row.at, browserTimeZone(), browserTimeZone()),
          },
          { key: 'actor', title: t('audit.actor'), dataIndex: 'actor' },
          { key: 'action', title: t('audit.action'), render: (_, row) => <code>{row.action}</code> },
          {
            key: 'object',
            title: t('audit.object'),
            render: (_, row) => `${row.entityType} ${row.entityId}`,
          },
          { key: 'summary', title: t('audit.summary'), dataIndex: 'summary' },
          { key: 'ip', title: t('audit.ip'), render: (_, row) => row.ip ?? t('common.none') },
          {
            key: 'outcome',
            title: t('audit.outcome'),
            render: (_, row) => (
              <Tag color={row.outcome === 'success' ? 'green' : row.outcome === 'refused' ? 'orange' : 'red'}>
                {t(`audit.outcomes.${row.outcome}`)}
              </Tag>
            ),
          },
        ]}
      />
    </Card>
  );
}
