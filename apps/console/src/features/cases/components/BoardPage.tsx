import { Card, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Schemas } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { useBranches } from '../../branches/api/get-branches';
import { type CaseFilters, useCases } from '../api/cases';
import { Countdown } from './Countdown';

type Row = Schemas['CaseListItemDto'];
const OPEN_STATES = [
  'new',
  'assigned',
  'contacted',
  'scheduled',
  'in_progress',
  'awaiting_customer',
  'forwarded',
  'reopened',
] as const;
const KINDS = ['service_request', 'inquiry'] as const;
const CATEGORIES = ['technical', 'service', 'sales', 'other'] as const;
const SORTS = ['receivedAt', 'nextDueAt', 'updatedAt'] as const;

/** The filters live in the address, so a view can be bookmarked and shared. */
function filtersFrom(params: URLSearchParams): CaseFilters {
  const state = params.get('state')?.split(',').filter(Boolean) as CaseFilters['state'];
  const sort = params.get('sort') as CaseFilters['sort'];
  return {
    state: state?.length ? state : [...OPEN_STATES],
    kind: (params.get('kind') as CaseFilters['kind']) ?? undefined,
    category: (params.get('category') as CaseFilters['category']) ?? undefined,
    branch: params.get('branch') ?? undefined,
    assignee: params.get('assignee') ?? undefined,
    breached: params.get('breached') === 'true' ? true : undefined,
    q: params.get('q') ?? undefined,
    sort: sort && SORTS.includes(sort) ? sort : 'nextDueAt',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
}

export function BoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const cases = useCases(filters);
  const branches = useBranches();
  const zoneOf = (branchId: string | null) =>
    branches.data?.find((b) => b.id === branchId)?.timeZone ?? browserTimeZone();

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('board.title')}</h1>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          aria-label={t('board.search')}
          placeholder={t('board.search')}
          defaultValue={filters.q}
          onSearch={(q) => set({ q })}
          style={{ width: 240 }}
        />
        <Select
          mode="multiple"
          aria-label={t('board.state')}
          placeholder={t('board.state')}
          style={{ minWidth: 220 }}
          value={params.get('state') ? filters.state : []}
          onChange={(v: string[]) => set({ state: v.join(',') })}
          options={OPEN_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
        />
        <Select
          allowClear
          aria-label={t('board.kind')}
          placeholder={t('board.kind')}
          style={{ width: 140 }}
          value={filters.kind}
          onChange={(v?: string) => set({ kind: v })}
          options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        <Select
          allowClear
          aria-label={t('board.category')}
          placeholder={t('board.category')}
          style={{ width: 140 }}
          value={filters.category}
          onChange={(v?: string) => set({ category: v })}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <Select
          allowClear
          aria-label={t('board.branch')}
          placeholder={t('board.branch')}
          style={{ width: 160 }}
          value={filters.branch}
          onChange={(v?: string) => set({ branch: v })}
          options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
        />
        <Select
          allowClear
          aria-label={t('board.assignee')}
          placeholder={t('board.assignee')}
          style={{ width: 140 }}
          value={filters.assignee}
          onChange={(v?: string) => set({ assignee: v })}
          options={[
            { value: 'me', label: t('board.assigneeMe') },
            { value: 'none', label: t('board.assigneeNone') },
          ]}
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
        loading={cases.isPending}
        dataSource={cases.data?.items ?? []}
        locale={{ emptyText: t('board.empty') }}
        onChange={(pagination, _f, sorter) => {
          const s = sorter as SorterResult<Row>;
          set({
            page: String(pagination.current ?? 1),
            pageSize: String(pagination.pageSize ?? 20),
            sort: s.order ? String(s.columnKey) : undefined,
            order: s.order === 'descend' ? 'desc' : undefined,
          });
        }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: cases.data?.total ?? 0,
          showTotal: (count) => t('board.total', { count }),
        }}
        columns={[
          {
            key: 'number',
            title: t('board.number'),
            render: (_, row) => <Link to={`/cases/${encodeURIComponent(row.number)}`}>{row.number}</Link>,
          },
          { key: 'kind', title: t('board.kind'), render: (_, row) => t(`kind.${row.kind}`) },
          { key: 'category', title: t('board.category'), render: (_, row) => t(`category.${row.category}`) },
          {
            key: 'customer',
            title: t('board.customer'),
            render: (_, row) => (
              <>
                {row.customer.name} {row.customer.tier === 'gold' && <Tag color="gold">{t('tier.gold')}</Tag>}
              </>
            ),
          },
          { key: 'state', title: t('board.state'), render: (_, row) => <Tag>{t(`state.${row.state}`)}</Tag> },
          {
            key: 'assignee',
            title: t('board.assignee'),
            render: (_, row) => row.assignee?.name ?? t('case.unassigned'),
          },
          {
            key: 'nextDueAt',
            title: t('board.nextDue'),
            sorter: true,
            sortOrder:
              filters.sort === 'nextDueAt' ? (filters.order === 'desc' ? 'descend' : 'ascend') : null,
            render: (_, row) =>
              row.nextDueAt ? (
                <Space direction="vertical" size={0}>
                  <Countdown
                    deadline={{ dueAt: row.nextDueAt, warnAt: row.nextWarnAt, breached: row.breached }}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('case.dueLabel', {
                      when: formatTime(row.nextDueAt, zoneOf(row.branchId), browserTimeZone()),
                    })}
                  </Typography.Text>
                </Space>
              ) : row.breached ? (
                <Tag color="red">{t('commitmentStatus.breached')}</Tag>
              ) : (
                t('common.none')
              ),
          },
          {
            key: 'receivedAt',
            title: t('board.received'),
            sorter: true,
            sortOrder:
              filters.sort === 'receivedAt' ? (filters.order === 'desc' ? 'descend' : 'ascend') : null,
            render: (_, row) => formatTime(row.receivedAt, zoneOf(row.branchId), browserTimeZone()),
          },
        ]}
      />
    </Card>
  );
}
