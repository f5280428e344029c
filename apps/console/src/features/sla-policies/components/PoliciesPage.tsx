import { Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePolicies, type PolicySummary } from '../api/policies';

/** Every commitment policy with the version in force and its open drafts. */
export function PoliciesPage() {
  const { t } = useTranslation();
  const policies = usePolicies();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('policies.title')}
      </Typography.Title>
      <Card>
        <Table<PolicySummary>
          rowKey="id"
          loading={policies.isLoading}
          dataSource={policies.data}
          pagination={false}
          columns={[
            {
              key: 'name',
              title: t('policies.name'),
              render: (_, p) => <Link to={`/admin/policies/${encodeURIComponent(p.id)}`}>{p.name}</Link>,
            },
            { key: 'id', title: t('policies.id'), dataIndex: 'id' },
            { key: 'current', title: t('policies.currentVersion'), dataIndex: 'currentVersion' },
            {
              key: 'drafts',
              title: t('policies.drafts'),
              render: (_, p) => p.drafts.map((v) => <Tag key={v}>{v}</Tag>),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
