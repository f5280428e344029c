import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useBranches } from '../../branches/api/get-branches';
import {
  useCertificates,
  useCreateStaff,
  useDecidePenalty,
  useEscalationPath,
  usePenalties,
  useStaff,
  useUnits,
  type CreateStaff,
  type Penalty,
  type StaffMember,
} from '../api/staff';
import { expiryTone, unitTree, type ExpiryTone, type UnitNode } from '../lib/expiry';

const TONE_COLOUR: Record<ExpiryTone, string> = {
  expired: 'red',
  soon: 'orange',
  ok: 'green',
  none: 'default',
};
const ROLES = ['operator', 'engineer', 'supervisor', 'manager', 'quality', 'gm_office'] as const;
const DEPARTMENTS = [
  'tech_support',
  'product_division',
  'customer_service',
  'quality_desk',
  'gm_office',
] as const;

const when = (iso?: string | null) => (iso ? formatTime(iso, browserTimeZone(), browserTimeZone()) : '');

export function StaffPage() {
  const { t } = useTranslation();
  const staff = useStaff();
  const names = new Map((staff.data ?? []).map((s) => [s.id, s.name]));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('staff.title')}
      </Typography.Title>
      <UnitsCard names={names} />
      <StaffCard staff={staff.data ?? []} loading={staff.isLoading} />
      <PenaltiesCard names={names} />
      <CreateStaffCard />
    </Space>
  );
}

function UnitsCard({ names }: { names: Map<string, string> }) {
  const { t } = useTranslation();
  const units = useUnits();
  type Unit = NonNullable<typeof units.data>[number];
  const toTree = (nodes: UnitNode<Unit>[]): TreeDataNode[] =>
    nodes.map(({ unit, children }) => ({
      key: unit.id,
      title: [
        unit.name,
        t(`staff.unitKind.${unit.kind}`),
        t(`department.${unit.department}`),
        unit.headId ? t('staff.head', { name: names.get(unit.headId) ?? unit.headId }) : t('staff.noHead'),
      ].join(' · '),
      children: toTree(children),
    }));
  const tree = toTree(unitTree(units.data ?? []));
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('staff.units')}</h2>} loading={units.isLoading}>
      {tree.length ? (
        <Tree treeData={tree} defaultExpandAll selectable={false} />
      ) : (
        <Typography.Text type="secondary">{t('staff.nobody')}</Typography.Text>
      )}
    </Card>
  );
}

function StaffCard({ staff, loading }: { staff: StaffMember[]; loading: boolean }) {
  const { t } = useTranslation();
  const branches = useBranches();
  const branchName = (id: string | null) => branches.data?.find((b) => b.id === id)?.name ?? id ?? '';
  const now = Date.now();
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('staff.members')}</h2>}>
      <Table<StaffMember>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={staff}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (s) => <StaffDetails member={s} /> }}
        columns={[
          { key: 'name', title: t('staff.name'), dataIndex: 'name' },
          { key: 'role', title: t('staff.role'), render: (_, s) => t(`staff.roleName.${s.role}`) },
          {
            key: 'department',
            title: t('staff.department'),
            render: (_, s) => t(`department.${s.department}`),
          },
          { key: 'branch', title: t('staff.branch'), render: (_, s) => branchName(s.branchId) },
          { key: 'languages', title: t('staff.languages'), render: (_, s) => s.languages.join(', ') },
          {
            key: 'certificate',
            title: t('staff.certificate'),
            render: (_, s) => {
              const tone = expiryTone(s.certificationExpiresAt, now);
              if (tone === 'none') return s.role === 'engineer' ? t('staff.uncertified') : '';
              return (
                <Tag color={TONE_COLOUR[tone]}>
                  {when(s.certificationExpiresAt)} · {t(`staff.expiry.${tone}`)}
                </Tag>
              );
            },
          },
          {
            key: 'status',
            title: t('staff.status'),
            render: (_, s) =>
              s.suspendedAt ? (
                <Tag color="red">{t('staff.suspended')}</Tag>
              ) : s.active ? (
                t('staff.active')
              ) : (
                <Tag>{t('staff.inactive')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}

function StaffDetails({ member }: { member: StaffMember }) {
  const { t } = useTranslation();
  const certificates = useCertificates(member.id);
  const path = useEscalationPath(member.id);
  const now = Date.now();
  return (
    <section aria-label={t('staff.details', { name: member.name })}>
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('staff.phone')}>{member.phone ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('staff.email')}>{member.email ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('staff.path')} span={2}>
          {(path.data ?? [])
            .map((step) => `${t(`staff.pathTarget.${step.target}`)}: ${step.name ?? t('staff.nobody')}`)
            .join(' → ')}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('staff.certificates')}
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={certificates.isLoading}
        dataSource={certificates.data ?? []}
        columns={[
          { key: 'lines', title: t('staff.productLines'), render: (_, c) => c.productLines.join(', ') },
          { key: 'issued', title: t('staff.issued'), render: (_, c) => when(c.issuedAt) },
          {
            key: 'expires',
            title: t('staff.expires'),
            render: (_, c) => {
              const tone = c.state === 'active' ? expiryTone(c.expiresAt, now) : 'expired';
              return <Tag color={TONE_COLOUR[tone]}>{when(c.expiresAt)}</Tag>;
            },
          },
          { key: 'state', title: t('staff.status'), render: (_, c) => t(`staff.certState.${c.state}`) },
        ]}
      />
    </section>
  );
}

function PenaltiesCard({ names }: { names: Map<string, string> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const penalties = usePenalties();
  const decide = useDecidePenalty();
  const [open, setOpen] = useState<Penalty>();
  const [form] = Form.useForm<{ reason: string }>();

  const submit = (decision: 'confirm' | 'reject') => {
    if (!open) return;
    decide.mutate(
      { id: open.id, decision, reason: form.getFieldValue('reason') ?? '' },
      {
        onSuccess: () => {
          setOpen(undefined);
          form.resetFields();
          void message.success(t('staff.decided'));
        },
        onError: (error) => {
          if (!applyFieldErrors(form, error).length && !(error instanceof ApiError && error.status === 422))
            void message.error(error.message);
        },
      },
    );
  };

  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('staff.penalties')}</h2>}>
      <Table<Penalty>
        rowKey="id"
        size="small"
        loading={penalties.isLoading}
        dataSource={penalties.data?.items ?? []}
        pagination={false}
        columns={[
          { key: 'who', title: t('staff.name'), render: (_, p) => names.get(p.staffId) ?? p.staffId },
          {
            key: 'kind',
            title: t('staff.penalty'),
            render: (_, p) => `${t(`staff.penaltyKind.${p.kind}`)}${p.amount ? ` · ${p.amount}` : ''}`,
          },
          { key: 'reason', title: t('staff.reason'), dataIndex: 'reason' },
          {
            key: 'proposed',
            title: t('staff.proposed'),
            render: (_, p) => `${when(p.proposedAt)} · ${p.proposedBy}`,
          },
          {
            key: 'state',
            title: t('staff.decision'),
            render: (_, p) =>
              p.state === 'proposed' ? (
                <Button
                  size="small"
                  onClick={() => {
                    form.resetFields();
                    setOpen(p);
                  }}
                >
                  {t('staff.decide')}
                </Button>
              ) : (
                <>
                  <Tag color={p.state === 'confirmed' ? 'red' : 'default'}>
                    {t(`staff.penaltyState.${p.state}`)}
                  </Tag>
                  {p.decisionReason}
                </>
              ),
          },
        ]}
      />
      <Modal
        open={open !== undefined}
        title={
          open &&
          `${t('staff.decide')} · ${names.get(open.staffId) ?? ''} · ${t(`staff.penaltyKind.${open.kind}`)}`
        }
        onCancel={() => setOpen(undefined)}
        footer={[
          <Button key="reject" loading={decide.isPending} onClick={() => submit('reject')}>
            {t('staff.reject')}
          </Button>,
          <Button
            key="confirm"
            type="primary"
            danger
            loading={decide.isPending}
            onClick={() => submit('confirm')}
          >
            {t('staff.confirm')}
          </Button>,
        ]}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('staff.decisionReason')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function CreateStaffCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateStaff>();
  const create = useCreateStaff();
  const branches = useBranches();
  const [failed, setFailed] = useState(false);
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('staff.create')}</h2>}>
      {failed && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('staff.fixFields')} />}
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ span: 4 }}
        wrapperCol={{ span: 12 }}
        onFinish={(values) => {
          setFailed(false);
          const body = Object.fromEntries(
            Object.entries(values).filter(([, v]) => v !== undefined && v !== ''),
          ) as CreateStaff;
          create.mutate(body, {
            onSuccess: (created) => {
              void message.success(t('staff.created', { name: created.staff.name }));
              form.resetFields();
            },
            onError: (error) => {
              setFailed(true);
              applyFieldErrors(form, error);
            },
          });
        }}
      >
        <Form.Item name="name" label={t('staff.name')}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('staff.role')}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={ROLES.map((r) => ({ value: r, label: t(`staff.roleName.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="department" label={t('staff.department')}>
          <Select allowClear options={DEPARTMENTS.map((d) => ({ value: d, label: t(`department.${d}`) }))} />
        </Form.Item>
        <Form.Item name="branchId" label={t('staff.branch')}>
          <Select allowClear options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
        </Form.Item>
        <Form.Item name="phone" label={t('staff.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('staff.email')}>
          <Input />
        </Form.Item>
        <Form.Item name="languages" label={t('staff.languages')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 4 }}>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('staff.createSubmit')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
