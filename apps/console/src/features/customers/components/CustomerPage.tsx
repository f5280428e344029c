import { Alert, Card, Descriptions, Space, Spin, Table, type TableProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, type Schemas } from '../../../api/client';
import { readBackPhone } from '../../../lib/phone';
import { useCustomer } from '../api/customers';

const when = (iso: string, language: string) =>
  new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

/** One customer: who they are, their contacts, sites and equipment, and everything they asked of us. */
export function CustomerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);

  if (customer.isPending) return <Spin />;
  if (customer.isError) {
    const missing = customer.error instanceof ApiError && customer.error.status === 404;
    return <Alert type="error" showIcon title={missing ? t('customers.notFound') : customer.error.message} />;
  }
  const c = customer.data;
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
      <CustomerRecords c={c} />
    </Space>
  );
}

type Customer = Schemas['CustomerDetailDto'];

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>}>
    {children}
  </Card>
);

/** A small table of one kind of record, unpaged, that says so when there are none. */
function RecordTable<T extends object>(props: TableProps<T>) {
  const { t } = useTranslation();
  return <Table<T> size="small" pagination={false} locale={{ emptyText: t('customers.none') }} {...props} />;
}

/** What the customer has with us, one table per kind of record. */
function CustomerRecords({ c }: { c: Customer }) {
  const { t } = useTranslation();
  return (
    <>
      <Section title={t('customers.contacts')}>
        <ContactsTable c={c} />
      </Section>
      <Section title={t('customers.sites')}>
        <SitesTable c={c} />
      </Section>
      <Section title={t('customers.equipment')}>
        <EquipmentTable c={c} />
      </Section>
      <Section title={t('customers.cases')}>
        <CasesTable c={c} />
      </Section>
      <Section title={t('customers.callbacks')}>
        <CallbacksTable c={c} />
      </Section>
      <Section title={t('customers.evaluations')}>
        <EvaluationsTable c={c} />
      </Section>
    </>
  );
}

function ContactsTable({ c }: { c: Customer }) {
  const { t } = useTranslation();
  return (
    <RecordTable
      rowKey="id"
      dataSource={c.contacts}
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
    />
  );
}

function SitesTable({ c }: { c: Customer }) {
  const { t } = useTranslation();
  return (
    <RecordTable
      rowKey="id"
      dataSource={c.sites}
      columns={[
        { title: t('customers.siteLabel'), dataIndex: 'label' },
        { title: t('customers.address'), dataIndex: 'address' },
        { title: t('intake.branch'), dataIndex: 'branchId' },
      ]}
    />
  );
}

function EquipmentTable({ c }: { c: Customer }) {
  const { t } = useTranslation();
  return (
    <RecordTable
      rowKey="id"
      dataSource={c.equipment}
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
    />
  );
}

function CasesTable({ c }: { c: Customer }) {
  const { t, i18n } = useTranslation();
  return (
    <RecordTable
      rowKey="number"
      dataSource={c.cases}
      columns={[
        {
          title: t('customers.number'),
          dataIndex: 'number',
          render: (number: string, k) => (
            <Link to={`/${k.kind === 'complaint' ? 'complaints' : 'cases'}/${encodeURIComponent(number)}`}>
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
    />
  );
}

function CallbacksTable({ c }: { c: Customer }) {
  const { t, i18n } = useTranslation();
  return (
    <RecordTable
      rowKey="id"
      dataSource={c.callbacks}
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
    />
  );
}

function EvaluationsTable({ c }: { c: Customer }) {
  const { t } = useTranslation();
  return (
    <RecordTable
      rowKey="id"
      dataSource={c.evaluations}
      columns={[
        { title: t('customers.month'), dataIndex: 'month' },
        { title: t('customers.remarks'), dataIndex: 'comments' },
        {
          title: t('customers.extreme'),
          dataIndex: 'extremelyDissatisfied',
          render: (yes: boolean) => (yes ? t('customers.yes') : t('customers.no')),
        },
      ]}
    />
  );
}
