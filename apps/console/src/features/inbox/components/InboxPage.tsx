import { Badge, Button, Card, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { useMe } from '../../auth/api/session';
import {
  type Escalation,
  type EscalationFilters,
  type InboxMessage,
  useAcknowledge,
  useEscalations,
  useInbox,
  useMarkRead,
} from '../api/inbox';

/** A message's case or complaint page (a complaint's number starts with C). */
function linkOf(number: string): string {
  return /^C/.test(number)
    ? `/complaints/${encodeURIComponent(number)}`
    : `/cases/${encodeURIComponent(number)}`;
}

const zone = browserTimeZone();

/** The supervisor's inbox (/escalations, where messages link): escalations to acknowledge, messages to read. */
export function InboxPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'escalations' | 'messages'>('escalations');
  const messages = useInbox({ pageSize: 50 });
  const unread = messages.data?.unread ?? 0;
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('inbox.title')}</h1>}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as typeof tab)}
        items={[
          { key: 'escalations', label: t('inbox.escalations'), children: <EscalationList /> },
          {
            key: 'messages',
            label: (
              <Space size={4}>
                {t('inbox.messages')}
                <Badge count={unread} aria-label={t('inbox.unreadCount', { count: unread })} />
              </Space>
            ),
            children: <MessageList />,
          },
        ]}
      />
    </Card>
  );
}

function EscalationList() {
  const { t } = useTranslation();
  const me = useMe();
  const seesAll = (me.data?.roles ?? []).some((r) => r === 'supervisor' || r === 'admin');
  const [scope, setScope] = useState<'mine' | 'open'>('mine');
  const [page, setPage] = useState(1);
  const filters: EscalationFilters =
    scope === 'mine'
      ? { mine: true, status: 'all', page, pageSize: 20 }
      : { status: 'open', page, pageSize: 20 };
  const escalations = useEscalations(filters);
  const acknowledge = useAcknowledge();
  return (
    <>
      {seesAll && (
        <Segmented
          style={{ marginBottom: 16 }}
          value={scope}
          onChange={(value) => {
            setScope(value as typeof scope);
            setPage(1);
          }}
          options={[
            { value: 'mine', label: t('inbox.mine') },
            { value: 'open', label: t('inbox.allOpen') },
          ]}
        />
      )}
      <Table<Escalation>
        rowKey="id"
        loading={escalations.isPending}
        dataSource={escalations.data?.items ?? []}
        locale={{ emptyText: t('inbox.noEscalations') }}
        pagination={{ current: page, pageSize: 20, total: escalations.data?.total ?? 0, onChange: setPage }}
        rowClassName={(row) => (row.acknowledgedAt ? '' : 'inbox-unread')}
        columns={[
          {
            key: 'status',
            title: t('inbox.status'),
            render: (_, row) =>
              row.acknowledgedAt ? (
                <Tag>{t('inbox.acknowledged')}</Tag>
              ) : (
                <Badge status="error" text={<strong>{t('inbox.unread')}</strong>} />
              ),
          },
          {
            key: 'subject',
            title: t('inbox.subject'),
            render: (_, row) => <Link to={row.link}>{row.caseNumber ?? row.complaintNumber}</Link>,
          },
          { key: 'customer', title: t('inbox.customer'), render: (_, row) => row.customerName },
          {
            key: 'step',
            title: t('inbox.step'),
            render: (_, row) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong={!row.acknowledgedAt}>
                  {t(`inbox.action.${row.action}`)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {t(`commitmentKind.${row.commitmentKind}`, { defaultValue: row.commitmentKind })}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'firedAt',
            title: t('inbox.firedAt'),
            render: (_, row) => formatTime(row.firedAt, zone, zone),
          },
          {
            key: 'act',
            title: t('inbox.actions'),
            render: (_, row) =>
              row.acknowledgedAt ? null : (
                <Button
                  size="small"
                  type="primary"
                  loading={acknowledge.isPending && acknowledge.variables === row.id}
                  onClick={() => acknowledge.mutate(row.id)}
                  aria-label={t('inbox.acknowledgeOne', { subject: row.caseNumber ?? row.complaintNumber })}
                >
                  {t('inbox.acknowledge')}
                </Button>
              ),
          },
        ]}
      />
    </>
  );
}

function MessageList() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const messages = useInbox({ page, pageSize: 20 });
  const markRead = useMarkRead();
  return (
    <Table<InboxMessage>
      rowKey="id"
      loading={messages.isPending}
      dataSource={messages.data?.items ?? []}
      locale={{ emptyText: t('inbox.noMessages') }}
      pagination={{ current: page, pageSize: 20, total: messages.data?.total ?? 0, onChange: setPage }}
      columns={[
        {
          key: 'status',
          title: t('inbox.status'),
          render: (_, row) =>
            row.readAt ? (
              <Tag>{t('inbox.read')}</Tag>
            ) : (
              <Badge status="processing" text={<strong>{t('inbox.unread')}</strong>} />
            ),
        },
        {
          key: 'title',
          title: t('inbox.subject'),
          render: (_, row) => (
            <Space direction="vertical" size={0}>
              <Typography.Text strong={!row.readAt}>{row.title}</Typography.Text>
              <Typography.Text type="secondary">{row.body}</Typography.Text>
            </Space>
          ),
        },
        {
          key: 'case',
          title: t('inbox.case'),
          render: (_, row) =>
            row.caseNumber ? (
              <Link to={linkOf(row.caseNumber)} onClick={() => !row.readAt && markRead.mutate(row.id)}>
                {row.caseNumber}
              </Link>
            ) : null,
        },
        { key: 'at', title: t('inbox.at'), render: (_, row) => formatTime(row.at, zone, zone) },
        {
          key: 'act',
          title: t('inbox.actions'),
          render: (_, row) =>
            row.readAt ? null : (
              <Button
                size="small"
                onClick={() => markRead.mutate(row.id)}
                aria-label={t('inbox.markReadOne', { title: row.title })}
              >
                {t('inbox.markRead')}
              </Button>
            ),
        },
      ]}
    />
  );
}
