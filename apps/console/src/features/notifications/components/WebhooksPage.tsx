import { Alert, Button, Card, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import {
  type Notification,
  type Webhook,
  type WebhookBody,
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useWebhooks,
} from '../api/notifications';

const when = (iso: string | null) => (iso ? formatTime(iso, browserTimeZone(), browserTimeZone()) : '—');

/** Webhook subscriptions (admins): subscribe a URL to event types, see each one's delivery log, end it. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [form] = Form.useForm<WebhookBody>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [log, setLog] = useState<Webhook>();

  const submit = (values: WebhookBody) => {
    setUnplaced([]);
    create.mutate(
      { ...values, eventTypes: values.eventTypes ?? [], description: values.description || undefined },
      {
        onSuccess: () => form.resetFields(),
        onError: (error) => {
          const rest = applyFieldErrors(form, error);
          const placed = error instanceof ApiError && Object.keys(error.fieldErrors).length > 0;
          setUnplaced(placed ? rest : [error.message]);
        },
      },
    );
  };

  return (
    <Card
      title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('notifications.webhooks')}</h1>}
      extra={<Link to="/notifications">{t('notifications.outbox')}</Link>}
    >
      <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item name="url" label={t('notifications.url')}>
          <Input style={{ width: 280 }} placeholder="https://" />
        </Form.Item>
        <Form.Item
          name="eventTypes"
          label={t('notifications.eventTypes')}
          tooltip={t('notifications.eventTypesHelp')}
        >
          <Select
            mode="tags"
            style={{ width: 240 }}
            tokenSeparators={[',', ' ']}
            open={false}
            suffixIcon={null}
          />
        </Form.Item>
        <Form.Item name="description" label={t('notifications.description')}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('notifications.subscribe')}
          </Button>
        </Form.Item>
      </Form>
      {unplaced.length > 0 && <Alert type="error" title={unplaced.join(' ')} style={{ marginBottom: 16 }} />}
      <Table<Webhook>
        rowKey="id"
        size="small"
        loading={webhooks.isPending}
        dataSource={webhooks.data ?? []}
        pagination={false}
        columns={[
          { key: 'url', title: t('notifications.url'), dataIndex: 'url' },
          {
            key: 'events',
            title: t('notifications.eventTypes'),
            render: (_, row) => row.eventTypes.map((e) => <Tag key={e}>{e}</Tag>),
          },
          {
            key: 'description',
            title: t('notifications.description'),
            render: (_, row) => row.description ?? '—',
          },
          { key: 'createdAt', title: t('notifications.createdAt'), render: (_, row) => when(row.createdAt) },
          {
            key: 'actions',
            title: t('notifications.actions'),
            render: (_, row) => (
              <Space>
                <Button
                  size="small"
                  aria-label={`${t('notifications.deliveries')} ${row.url}`}
                  onClick={() => setLog(row)}
                >
                  {t('notifications.deliveries')}
                </Button>
                <Popconfirm
                  title={t('notifications.unsubscribeConfirm', { url: row.url })}
                  okText={t('notifications.unsubscribe')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutate(row.id)}
                >
                  <Button size="small" danger aria-label={`${t('notifications.unsubscribe')} ${row.url}`}>
                    {t('notifications.unsubscribe')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {log && <DeliveryLog webhook={log} onClose={() => setLog(undefined)} />}
    </Card>
  );
}

function DeliveryLog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const deliveries = useDeliveries(webhook.id, page);
  return (
    <Drawer open size="large" title={t('notifications.deliveriesOf', { url: webhook.url })} onClose={onClose}>
      <Table<Notification>
        rowKey="id"
        size="small"
        loading={deliveries.isPending}
        dataSource={deliveries.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 10,
          total: deliveries.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { key: 'createdAt', title: t('notifications.createdAt'), render: (_, row) => when(row.createdAt) },
          {
            key: 'template',
            title: t('notifications.template'),
            render: (_, row) => <code>{row.template}</code>,
          },
          {
            key: 'status',
            title: t('notifications.status'),
            render: (_, row) => <Tag>{t(`notifications.statuses.${row.status}`)}</Tag>,
          },
          { key: 'attempts', title: t('notifications.attempts'), dataIndex: 'attempts' },
          { key: 'error', title: t('notifications.lastError'), render: (_, row) => row.lastError ?? '—' },
        ]}
      />
    </Drawer>
  );
}
