// The complaints, newest first, filtered by state and breach, in the address like the board's filters.
import { Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Schemas } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { useBranches } from '../../branches/api/get-branches';
import { type ComplaintFilters, useComplaints } from '../api/complaints';

type Row = Schemas['ComplaintDto'];
const STATES = [
  'forwarded',
  'acknowledged',
  'in_handling',
  'result_delivered',
  'awaiting_callback',
  'gm_review',
  'archived',
  'closed',
] as const;

export function ComplaintsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = params.get('state')?.split(',').filter(Boolean) as ComplaintFilters['state'];
  const filters: ComplaintFilters = {
    state: state?.length ? state : undefined,
    breached: params.get('breached') === 'true' ? true : undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: 20,
  };
  const complaints = useComplaints(filters);
  const branches = useBranches();
  // Times in the complaint's branch calendar's zone, named when it is not the browser's.
  const zoneOf = (branchId?: string) =>
    branches.data?.find((b) => b.id === branchId)?.timeZone ?? browserTimeZone();
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('complaints.listTitle')}</h1>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          mode="multiple"
          aria-label={t('board.state')}
          placeholder={t('board.state')}
          style={{ minWidth: 240 }}
          value={filters.state ?? []}
          onChange={(v: string[]) => set({ state: v.join(',') })}
          options={STATES.map((s) => ({ value: s, label: t(`complaints.state.${s}`) }))}
        />
        <Space>
          <Switch
            aria-label={t('board.breached')}
            checked={filters.breached === true}
            onChange={(on) => set({ breached: on ? 'true' : undefined })}
          />
          <Typography.Text>{t('board.breached')}</Typography.Text>
        </Space>
      </Space>
      <Table<Row>
        rowKey="number"
        loading={complaints.isPending}
        dataSource={complaints.data?.items ?? []}
        locale={{ emptyText: t('complaints.empty') }}
        onChange={(pagination) => set({ page: String(pagination.current ?? 1) })}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: complaints.data?.total ?? 0,
          showTotal: (count) => t('board.total', { count }),
        }}
        columns={[
          {
            key: 'number',
            title: t('board.number'),
            render: (_, row) => (
              <Link to={`/complaints/${encodeURIComponent(row.number)}`}>{row.number}</Link>
            ),
          },
          { key: 'customer', title: t('board.customer'), render: (_, row) => row.customer.name },
          {
            key: 'state',
            title: t('board.state'),
            render: (_, row) => (
              <Space>
                <Tag>{t(`complaints.state.${row.state}`)}</Tag>
                {row.breached && <Tag color="red">{t('commitmentStatus.breached')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'round',
            title: t('complaints.rounds'),
            render: (_, row) => t('complaints.round', { round: row.round, limit: row.roundLimit }),
          },
          {
            key: 'department',
            title: t('complaints.department'),
            render: (_, row) => t(`department.${row.department}`),
          },
          {
            key: 'received',
            title: t('complaints.received'),
            render: (_, row) => formatTime(row.receivedAt, zoneOf(row.branchId), browserTimeZone()),
          },
        ]}
      />
    </Card>
  );
}
