import { Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCalendars, type Calendar } from '../api/calendars';

export function CalendarsPage() {
  const { t } = useTranslation();
  const calendars = useCalendars();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('calendars.title')}
      </Typography.Title>
      <Card>
        <Table<Calendar>
          rowKey="id"
          loading={calendars.isLoading}
          dataSource={calendars.data}
          pagination={false}
          columns={[
            {
              key: 'name',
              title: t('calendars.name'),
              render: (_, c) => <Link to={`/admin/calendars/${encodeURIComponent(c.id)}`}>{c.name}</Link>,
            },
            { key: 'id', title: t('calendars.id'), dataIndex: 'id' },
            { key: 'zone', title: t('calendars.timeZone'), dataIndex: 'timeZone' },
            { key: 'revision', title: t('calendars.revision'), dataIndex: 'revision' },
          ]}
        />
      </Card>
    </Space>
  );
}
