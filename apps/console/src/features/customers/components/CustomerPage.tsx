import { Alert, Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { readBackPhone } from '../../../lib/phone';
import { useCustomer } from '../api/customers';

const when = (iso: string, language: string) =>
  new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

/** One customer: who they are, their contacts, sites and equipment, and everything they asked of us. */
export function CustomerPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);

  if (customer.isPending) return <Spin />;
  if (customer.isError) {
    const missing = customer.error instanceof ApiError && customer.error.status === 404;
    return <Alert type="error" showIcon title={missing ? t('customers.notFound') : customer.error.message} />;
  }
  const c = customer.data;
  const section = (title: string, node: React.ReactNode) => (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>}>
      {node}
    </Card>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 1100 }}>
      <Card
        title={
          <Space>
            <h1 style={{ fontSize: 22, margin: 0 }}>{c.name}</h1>
            {c.tier === 'gold' && <Tag color="gold">{t('tier.gold')}</Tag>}
          </Space>
        }
      >
        {c.mergedIntoId && (
          <Alert
            type="warning"
            style={{ marginBottom: 16 }}
            title={<Link to={`/customers/${c.mergedIntoId}`}>{t('customers.merged')}</Link>}
          />
        )}
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('customers.kind')}>{t(`customers.kinds.${c.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('customers.phones')}>
            {c.phones.map(readBackPhone).join(', ')}
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.openCases')}>
            {c.openCases} / {c.totalCases}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {section(
        t('customers.contacts'),
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.contacts}
          locale={{ emptyText: t('customers.none') }}
          columns={[
            { title: t('customers.name'), dataIndex: 'name' },
            {
              title: t('customers.phones'),
              dataIndex: 'phones',
              render: (phones: string[]) => phones.map(readBackPhone).join(', '),
            },
            { title: t('customers.emails'), dataIndex: 'emails', render: (e: string[]) => e.join(', ') },
            { title: t('customers.language'), dataIndex: 'language' },
            {
              title: t('customers.consent'),
              dataIndex: 'consent',
              render: (yes: boolean) => (yes ? t('customers.yes') : t('customers.no')),
            },
          ]}
        />,
      )}
      {section(
        t('customers.sites'),
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.sites}
          locale={{ emptyText: t('customers.none') }}
          columns={[
            { title: t('customers.siteLabel'), dataIndex: 'label' },
            { title: t('customers.address'), dataIndex: 'address' },
            { title: t('intake.branch'), dataIndex: 'branchId' },
          ]}
        />,
      )}
      {section(
        t('customers.equipment'),
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.equipment}
          locale={{ emptyText: t('customers.none') }}
          columns={[
            { title: t('customers.model'), dataIndex: 'model' },
            { title: t('customers.serial'), dataIndex: 'serialNumber' },
            { title: t('customers.installedOn'), dataIndex: 'installedOn' },
            {
              title: t('customers.warrantyEndsOn'),
              dataIndex: 'warrantyEndsOn',
              render: (end: string | null, e) =>
                end ? (
                  <Tag color={e.underWarranty ? 'green' : undefined}>
                    {end} {e.underWarranty ? t('customers.underWarranty') : ''}
                  </Tag>
                ) : null,
            },
          ]}
        />,
      )}
      {section(
        t('customers.cases'),
        <Table
          rowKey="number"
          size="small"
          pagination={false}
          dataSource={c.cases}
          locale={{ emptyText: t('customers.none') }}
          columns={[
            {
              title: t('customers.number'),
              dataIndex: 'number',
              render: (number: string, k) => (
                <Link
                  to={`/${k.kind === 'complaint' ? 'complaints' : 'cases'}/${encodeURIComponent(number)}`}
                >
                  {number}
                </Link>
              ),
            },
            {
              title: t('customers.caseKind'),
              dataIndex: 'kind',
              render: (k: string) => t(`customers.caseKinds.${k}`),
            },
            {
              title: t('customers.state'),
              dataIndex: 'state',
              // Case states have words; a complaint's own states are shown as the API names them.
              render: (state: string) => t(`state.${state}`, { defaultValue: state }),
            },
            { title: t('customers.description'), dataIndex: 'description' },
            {
              title: t('customers.received'),
              dataIndex: 'receivedAt',
              render: (at: string) => when(at, i18n.language),
            },
          ]}
        />,
      )}
      {section(
        t('customers.callbacks'),
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.callbacks}
          locale={{ emptyText: t('customers.none') }}
          columns={[
            { title: t('customers.number'), dataIndex: 'caseNumber' },
            { title: t('customers.level'), dataIndex: 'level' },
            {
              title: t('customers.reached'),
              dataIndex: 'reached',
              render: (yes: boolean) => (yes ? t('customers.yes') : t('customers.no')),
            },
            { title: t('customers.satisfaction'), dataIndex: 'satisfaction' },
            { title: t('customers.remarks'), dataIndex: 'remarks' },
            {
              title: t('customers.recorded'),
              dataIndex: 'recordedAt',
              render: (at: string) => when(at, i18n.language),
            },
          ]}
        />,
      )}
      {section(
        t('customers.evaluations'),
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={c.evaluations}
          locale={{ emptyText: t('customers.none') }}
          columns={[
            { title: t('customers.month'), dataIndex: 'month' },
            { title: t('customers.remarks'), dataIndex: 'comments' },
            {
              title: t('customers.extreme'),
              dataIndex: 'extremelyDissatisfied',
              render: (yes: boolean) => (yes ? t('customers.yes') : t('customers.no')),
            },
          ]}
        />,
      )}
    </Space>
  );
}
