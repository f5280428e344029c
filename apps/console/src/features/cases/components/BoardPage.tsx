import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Schemas } from '../../../api/client';
import { applyFieldErrors } from '../../../shared/field-errors';
import {
  browserTimeZone,
  formatTime,
  type Language,
  onWorkingTime,
  weekdayTime,
  workingBudget,
} from '../../../lib/time';
import { useBranches } from '../../branches/api/get-branches';
import { useBoardViews, useDeleteBoardView, useSaveBoardView } from '../api/board-views';
import { useCases } from '../api/cases';
import {
  activeView,
  boardPager,
  BUILT_IN_VIEWS,
  CATEGORIES,
  DUE_SOON_MINUTES,
  filtersFrom,
  KINDS,
  OPEN_STATES,
  viewQuery,
} from '../board-filters';
import { Countdown } from './Countdown';

type Row = Schemas['CaseListItemDto'];

export function BoardPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const cases = useCases(filters);
  const branches = useBranches();
  const language: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  const zoneOf = (branchId: string | null) =>
    branches.data?.find((b) => b.id === branchId)?.timeZone ?? browserTimeZone();
  const ownViews = useBoardViews();
  const current = activeView(params, ownViews.data ?? []);
  const pager = boardPager(cases.data, filters.page ?? 1, filters.pageSize ?? 20);

  // Each change of filters is a step in the history: the back button returns to the previous view.
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const open = (query: string) => setParams(new URLSearchParams(query));

  /** "周一 10:00 截止 · 2 个工作小时" for a working-time deadline; the wall-clock time otherwise. */
  const dueText = (row: Row) => {
    const when = formatTime(row.nextDueAt!, zoneOf(row.branchId), browserTimeZone());
    const next = {
      startedAt: row.nextStartedAt ?? row.nextDueAt!,
      dueAt: row.nextDueAt,
      remainingMs: row.nextRemainingMs ?? 0,
    };
    if (row.nextStartedAt === null || row.nextRemainingMs === null || !onWorkingTime(next)) {
      return t('case.dueLabel', { when });
    }
    const budget = workingBudget(row.nextRemainingMs);
    return `${t('boardViews.workingDue', {
      when: weekdayTime(row.nextDueAt!, zoneOf(row.branchId), language),
      budget: t(`case.${budget.unit}`, { count: budget.count }),
    })} (${when})`;
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('board.title')}</h1>}>
      <ViewsBar params={params} current={current} onOpen={open} />
      <BoardFilters filters={filters} params={params} set={set} />
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
          total: pager.pagerTotal,
          showTotal: () => {
            const count = cases.data?.total ?? 0;
            // Past 10,000 the API stops counting: "10,000+".
            return pager.capped
              ? t('boardViews.totalCapped', { shown: count.toLocaleString(language) })
              : t('board.total', { count });
          },
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
            render: (_, row) => <DueCell row={row} text={dueText} />,
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

/** The built-in views, the user's own (each deletable), and saving the filters shown as a new one. */
function ViewsBar(props: { params: URLSearchParams; current?: string; onOpen: (query: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { params, current, onOpen: open } = props;
  const ownViews = useBoardViews();
  const saveView = useSaveBoardView();
  const deleteView = useDeleteBoardView();
  const [saving, setSaving] = useState(false);
  const [saveForm] = Form.useForm<{ name: string }>();
  const [saveProblem, setSaveProblem] = useState<string>();

  const save = async ({ name }: { name: string }) => {
    setSaveProblem(undefined);
    try {
      const view = await saveView.mutateAsync({ name, query: viewQuery(params) });
      setSaving(false);
      saveForm.resetFields();
      void message.success(t('boardViews.saved', { name: view.name }));
    } catch (error) {
      const unplaced = applyFieldErrors(saveForm, error);
      if (unplaced.length) setSaveProblem(unplaced.join(' '));
      else if (!(error as { fieldErrors?: object }).fieldErrors) setSaveProblem((error as Error).message);
    }
  };

  return (
    <>
      <div role="group" aria-label={t('boardViews.label')} style={{ marginBottom: 12 }}>
        <Space wrap>
          {BUILT_IN_VIEWS.map((view) => (
            <Button
              key={view.id}
              aria-pressed={current === view.id}
              type={current === view.id ? 'primary' : 'default'}
              onClick={() => open(view.query)}
            >
              {t(`boardViews.${view.id}`)}
            </Button>
          ))}
          {(ownViews.data ?? []).map((view) => (
            <Space.Compact key={view.id}>
              <Button
                aria-pressed={current === view.id}
                type={current === view.id ? 'primary' : 'default'}
                onClick={() => open(view.query)}
              >
                {view.name}
              </Button>
              <Button
                aria-label={t('boardViews.delete', { name: view.name })}
                onClick={() =>
                  deleteView.mutate(view.id, {
                    onSuccess: () => void message.success(t('boardViews.deleted')),
                  })
                }
              >
                {t('boardViews.deleteShort')}
              </Button>
            </Space.Compact>
          ))}
          <Button onClick={() => setSaving(true)} disabled={current !== undefined}>
            {t('boardViews.save')}
          </Button>
        </Space>
      </div>
      <Modal
        open={saving}
        title={t('boardViews.saveTitle')}
        okText={t('boardViews.save')}
        confirmLoading={saveView.isPending}
        onOk={() => saveForm.submit()}
        onCancel={() => {
          setSaving(false);
          setSaveProblem(undefined);
        }}
        destroyOnHidden
      >
        <Form form={saveForm} layout="vertical" onFinish={(values) => void save(values)}>
          <Form.Item name="name" label={t('boardViews.name')} rules={[{ required: true, whitespace: true }]}>
            <Input autoFocus maxLength={60} />
          </Form.Item>
          <Typography.Text type="secondary">{viewQuery(params)}</Typography.Text>
          {saveProblem && <Alert type="error" showIcon title={saveProblem} style={{ marginTop: 12 }} />}
        </Form>
      </Modal>
    </>
  );
}

/** The board's filters; each change is a step in the history (see `set`). */
function BoardFilters(props: {
  filters: ReturnType<typeof filtersFrom>;
  params: URLSearchParams;
  set: (changes: Record<string, string | undefined>) => void;
}) {
  const { t } = useTranslation();
  const { filters, params, set } = props;
  const branches = useBranches();
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      <Input.Search
        key={filters.q ?? ''}
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
          { value: 'team', label: t('boardViews.assigneeTeam') },
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
      <Space>
        <Switch
          aria-label={t('boardViews.dueWithin')}
          checked={filters.dueWithin !== undefined}
          onChange={(on) => set({ dueWithin: on ? String(DUE_SOON_MINUTES) : undefined })}
        />
        <Typography.Text>{t('boardViews.dueWithin')}</Typography.Text>
      </Space>
    </Space>
  );
}

/** The next deadline counting down, with when it is due; a breach with nothing left running says so. */
function DueCell({ row, text }: { row: Row; text: (row: Row) => string }) {
  const { t } = useTranslation();
  return row.nextDueAt ? (
    <Space direction="vertical" size={0}>
      <Countdown deadline={{ dueAt: row.nextDueAt, warnAt: row.nextWarnAt, breached: row.breached }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text(row)}
      </Typography.Text>
    </Space>
  ) : row.breached ? (
    <Tag color="red">{t('commitmentStatus.breached')}</Tag>
  ) : (
    t('common.none')
  );
}
