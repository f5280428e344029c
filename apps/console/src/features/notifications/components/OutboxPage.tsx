import { App, Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { browserTimeZone, formatTime } from '../../../lib/time';
import {
  type Notification,
  type OutboxFilters,
  useChannels,
  useOutbox,
  useRetry,
} from '../api/notifications';

const STATUSES = ['pending', 'sending', 'sent', 'failed', 'undeliverable'] as const;
const RETRYABLE: readonly string[] = ['failed', 'undeliverable'];
const COLOURS: Record<string, string> = {
  sent: 'green',
  failed: 'red',
  undeliverable: 'orange',
  pending: 'blue',
};

/**
 * The notifications outbox (admins): which channels are configured, every message with its status, filtered
 * by status, channel and case; a failed or undeliverable one can be sent again.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: OutboxFilters = {
    status: STATUSES.find((s) => s === params.get('status')),
    // The API names its channels (and refuses an unknown one with a 422): no list of our own to fall behind.
    channel: (params.get('channel') ?? undefined) as OutboxFilters['channel'],
    case: params.get('case') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: 20,
  };
  const outbox = useOutbox(filters);
  const channels = useChannels();
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <ChannelsCard />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('notifications.outbox')}</h2>}>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            aria-label={t('notifications.status')}
            placeholder={t('notifications.status')}
            style={{ width: 160 }}
            value={filters.status}
            onChange={(v) => set('status', v)}
            options={STATUSES.map((s) => ({ value: s, label: t(`notifications.statuses.${s}`) }))}
          />
          <Select
            allowClear
            aria-label={t('notifications.channelFilter')}
            placeholder={t('notifications.channelFilter')}
            style={{ width: 160 }}
            value={filters.channel}
            onChange={(v) => set('channel', v)}
            options={(channels.data ?? []).map((c) => ({
              value: c.name,
              label: t(`notifications.channel.${c.name}`),
            }))}
          />
          <Input.Search
            allowClear
            aria-label={t('notifications.case')}
            placeholder={t('notifications.case')}
            defaultValue={filters.case}
            onSearch={(v) => set('case', v.trim())}
            style={{ width: 220 }}
          />
        </Space>
        <Table<Notification>
          rowKey="id"
          size="small"
          loading={outbox.isPending}
          dataSource={outbox.data?.items ?? []}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: outbox.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (page) => set('page', String(page)),
            showTotal: (count) => t('notifications.total', { count }),
          }}
          columns={[
            {
              key: 'createdAt',
              title: t('notifications.createdAt'),
              render: (_, row) => formatTime(row.createdAt, browserTimeZone(), browserTimeZone()),
            },
            {
              key: 'channel',
              title: t('notifications.channelFilter'),
              render: (_, row) => t(`notifications.channel.${row.channel}`),
            },
            {
              key: 'template',
              title: t('notifications.template'),
              render: (_, row) => <code>{row.template}</code>,
            },
            {
              key: 'to',
              title: t('notifications.recipient'),
              render: (_, row) => row.recipientAddress ?? row.recipientStaffId ?? t('common.none'),
            },
            {
              key: 'case',
              title: t('notifications.case'),
              render: (_, row) =>
                row.caseNumber ? (
                  <Link to={`/cases/${encodeURIComponent(row.caseNumber)}`}>{row.caseNumber}</Link>
                ) : (
                  t('common.none')
                ),
            },
            {
              key: 'status',
              title: t('notifications.status'),
              render: (_, row) => (
                <Space direction="vertical" size={0}>
                  <Tag color={COLOURS[row.status]}>{t(`notifications.statuses.${row.status}`)}</Tag>
                  {row.lastError && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {row.lastError}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { key: 'attempts', title: t('notifications.attempts'), dataIndex: 'attempts' },
            {
              key: 'retry',
              title: t('notifications.actions'),
              render: (_, row) => (RETRYABLE.includes(row.status) ? <RetryButton row={row} /> : null),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** Which channels are configured, and what a missing one lacks. */
function ChannelsCard() {
  const { t } = useTranslation();
  const channels = useChannels();
  return (
    <Card
      title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('notifications.title')}</h1>}
      extra={
        <Space>
          <Link to="/notifications/templates">{t('notifications.templates')}</Link>
          <Link to="/notifications/webhooks">{t('notifications.webhooks')}</Link>
        </Space>
      }
    >
      <h2 style={{ fontSize: 16 }}>{t('notifications.channels')}</h2>
      <Space wrap>
        {(channels.data ?? []).map((c) => (
          <Tooltip
            key={c.name}
            title={c.missing ? t('notifications.missing', { names: c.missing }) : undefined}
          >
            <Tag color={c.configured ? 'green' : 'default'}>
              {t(`notifications.channel.${c.name}`)}:{' '}
              {c.configured ? t('notifications.configured') : t('notifications.notConfigured')}
            </Tag>
          </Tooltip>
        ))}
      </Space>
    </Card>
  );
}

/** Sends a failed or undeliverable message again; the outcome shows as a message. */
function RetryButton({ row }: { row: Notification }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const retry = useRetry();
  return (
    <Button
      size="small"
      aria-label={`${t('notifications.retry')} ${row.template} ${row.recipientAddress ?? ''}`.trim()}
      loading={retry.isPending && retry.variables === row.id}
      onClick={() =>
        retry.mutate(row.id, {
          onSuccess: () => void message.success(t('notifications.retried')),
          onError: (error) => void message.error(error.message),
        })
      }
    >
      {t('notifications.retry')}
    </Button>
  );
}
