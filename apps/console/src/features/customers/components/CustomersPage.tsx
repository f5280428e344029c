import { Card, Input, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { readBackPhone } from '../../../lib/phone';
import { useCustomers } from '../api/customers';

/** The customers, searched by name or part of a phone number (`?q=`, so a search can be linked). */
export function CustomersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const customers = useCustomers({ q, page });

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('customers.title')}</h1>}>
      <Input.Search
        role="searchbox"
        aria-label={t('customers.search')}
        placeholder={t('customers.search')}
        defaultValue={q}
        allowClear
        style={{ maxWidth: 360, marginBottom: 16 }}
        onSearch={(value) => setParams(value ? { q: value } : {})}
      />
      <Table
        rowKey="id"
        loading={customers.isPending}
        dataSource={customers.data?.items ?? []}
        locale={{ emptyText: t('customers.none') }}
        pagination={{
          current: page,
          pageSize: customers.data?.pageSize ?? 20,
          total: customers.data?.total ?? 0,
          onChange: (next) => setParams({ ...(q ? { q } : {}), page: String(next) }),
        }}
        columns={[
          {
            title: t('customers.name'),
            dataIndex: 'name',
            render: (name: string, c) => <Link to={`/customers/${c.id}`}>{name}</Link>,
          },
          {
            title: t('customers.kind'),
            dataIndex: 'kind',
            render: (kind: string) => t(`customers.kinds.${kind}`),
          },
          {
            title: t('intake.tier'),
            dataIndex: 'tier',
            render: (tier: string) => (
              <Tag color={tier === 'gold' ? 'gold' : undefined}>{t(`tier.${tier}`)}</Tag>
            ),
          },
          {
            title: t('customers.phones'),
            dataIndex: 'phones',
            render: (phones: string[]) => phones.map(readBackPhone).join(', '),
          },
          { title: t('customers.openCases'), dataIndex: 'openCases' },
          { title: t('customers.totalCases'), dataIndex: 'totalCases' },
        ]}
      />
    </Card>
  );
}
