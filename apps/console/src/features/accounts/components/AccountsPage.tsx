import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import {
  useAllBranches,
  useBranchLife,
  useCreateBranch,
  useUserAction,
  useUsers,
  type Branch,
  type User,
} from '../api/accounts';

const when = (iso?: string | null) => (iso ? formatTime(iso, browserTimeZone(), browserTimeZone()) : '');

export function AccountsPage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('accounts.title')}
      </Typography.Title>
      <BranchesCard />
      <NewBranchCard />
      <UsersCard />
    </Space>
  );
}

function BranchesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const branches = useAllBranches();
  const life = useBranchLife();
  const [retiring, setRetiring] = useState<Branch>();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('accounts.branches')}</h2>}>
      <Table<Branch>
        rowKey="id"
        size="small"
        pagination={false}
        loading={branches.isLoading}
        dataSource={branches.data}
        columns={[
          { key: 'id', title: t('accounts.id'), dataIndex: 'id' },
          { key: 'name', title: t('accounts.name'), dataIndex: 'name' },
          { key: 'calendar', title: t('accounts.calendar'), dataIndex: 'calendarId' },
          { key: 'zone', title: t('accounts.timeZone'), dataIndex: 'timeZone' },
          { key: 'policy', title: t('accounts.casePolicy'), dataIndex: 'casePolicyId' },
          { key: 'open', title: t('accounts.openCases'), dataIndex: 'openCases' },
          { key: 'staff', title: t('accounts.staff'), dataIndex: 'activeStaff' },
          {
            key: 'state',
            title: t('accounts.state'),
            render: (_, b) =>
              b.retired ? <Tag>{t('accounts.retired')}</Tag> : <Tag color="green">{t('accounts.inUse')}</Tag>,
          },
          {
            key: 'action',
            title: '',
            render: (_, b) =>
              b.retired ? (
                <Button
                  size="small"
                  onClick={() =>
                    life.mutate(
                      { id: b.id, retire: false },
                      { onError: (error) => void message.error(error.message) },
                    )
                  }
                >
                  {t('accounts.reinstate')}
                </Button>
              ) : (
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    form.resetFields();
                    setRetiring(b);
                  }}
                >
                  {t('accounts.retire')}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={retiring !== undefined}
        title={retiring && `${t('accounts.retire')} · ${retiring.name}`}
        okText={t('accounts.retire')}
        okButtonProps={{ danger: true, loading: life.isPending }}
        onCancel={() => setRetiring(undefined)}
        onOk={() =>
          retiring &&
          life.mutate(
            { id: retiring.id, retire: true, reason: form.getFieldValue('reason') ?? '' },
            {
              onSuccess: () => setRetiring(undefined),
              onError: (error) => {
                if (!applyFieldErrors(form, error).length) void message.error(error.message);
              },
            },
          )
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('accounts.retireReason')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function NewBranchCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ id: string; name: string; calendarId?: string; timeZone?: string }>();
  const create = useCreateBranch();
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('accounts.newBranch')}</h2>}>
      {create.isError && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('accounts.fixFields')} />
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={(values) =>
          create.mutate(
            Object.fromEntries(
              Object.entries(values).filter(([, v]) => v !== undefined && v !== ''),
            ) as typeof values,
            {
              onSuccess: (b) => {
                void message.success(t('accounts.created', { name: b.name }));
                form.resetFields();
              },
              onError: (error) => applyFieldErrors(form, error),
            },
          )
        }
      >
        <Form.Item name="id" label={t('accounts.id')}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="name" label={t('accounts.name')}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="calendarId" label={t('accounts.calendar')}>
          <Input style={{ width: 120 }} placeholder="default" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('accounts.create')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function UsersCard() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const users = useUsers();
  const act = useUserAction();
  const run = (u: User, action: 'reset-password' | 'unlock' | 'deactivate' | 'reactivate') =>
    act.mutate(
      { id: u.id, action },
      {
        onSuccess: (result) => {
          if (result.temporaryPassword)
            void modal.info({
              title: t('accounts.resetPassword'),
              content: t('accounts.temporaryPassword', {
                user: u.username,
                password: result.temporaryPassword,
              }),
            });
          else void message.success(t('accounts.done'));
        },
        onError: (error) => void message.error(error.message),
      },
    );
  const now = Date.now();
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('accounts.users')}</h2>}>
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.isLoading}
        dataSource={users.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { key: 'username', title: t('accounts.username'), dataIndex: 'username' },
          { key: 'name', title: t('accounts.displayName'), dataIndex: 'displayName' },
          { key: 'roles', title: t('accounts.roles'), render: (_, u) => u.roles.join(', ') },
          { key: 'login', title: t('accounts.lastLogin'), render: (_, u) => when(u.lastLoginAt) },
          {
            key: 'state',
            title: t('accounts.state'),
            render: (_, u) => (
              <Space size={4} wrap>
                {u.active ? (
                  <Tag color="green">{t('accounts.active')}</Tag>
                ) : (
                  <Tag>{t('accounts.deactivated')}</Tag>
                )}
                {u.lockedUntil && Date.parse(u.lockedUntil) > now && (
                  <Tag color="red">{t('accounts.locked', { until: when(u.lockedUntil) })}</Tag>
                )}
                {u.mustChangePassword && <Tag color="orange">{t('accounts.mustChange')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'actions',
            title: '',
            render: (_, u) => (
              <Space size={4} wrap role="group" aria-label={u.username}>
                <Button size="small" onClick={() => run(u, 'reset-password')}>
                  {t('accounts.resetPassword')}
                </Button>
                {u.lockedUntil && Date.parse(u.lockedUntil) > now && (
                  <Button size="small" onClick={() => run(u, 'unlock')}>
                    {t('accounts.unlock')}
                  </Button>
                )}
                {u.active ? (
                  <Button size="small" danger onClick={() => run(u, 'deactivate')}>
                    {t('accounts.deactivate')}
                  </Button>
                ) : (
                  <Button size="small" onClick={() => run(u, 'reactivate')}>
                    {t('accounts.reactivate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
