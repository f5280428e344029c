import { Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { useMe } from '../../auth/api/session';
import { useBranches } from '../../branches/api/get-branches';
import { Countdown } from '../../cases/components/Countdown';
import { type Callback, type CallbackFilters, useCallbacks } from '../api/callbacks';
import { AttemptDialog } from './AttemptDialog';
import { CallbackLinks } from './CallbackLinks';

const STATES = ['pending', 'open', 'retry_scheduled', 'done', 'unreachable', 'cancelled'] as const;
type State = (typeof STATES)[number];
const OPEN: readonly string[] = ['pending', 'open', 'retry_scheduled'];

/**
 * The quality desk: the callback queue (levels 1, 2, 3), soonest due first, each counting down; a call is
 * recorded from its row. Quality staff see their own queue; supervisors and admins everyone's.
 */
export function CallbacksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [calling, setCalling] = useState<Callback>();
  const branches = useBranches();
  const zoneOf = (branchId: string | null | undefined) =>
    branches.data?.find((b) => b.id === branchId)?.timeZone ?? browserTimeZone();

  const seesAll = (me.data?.roles ?? []).some((r) => r === 'supervisor' || r === 'admin');
  const state = STATES.find((s) => s === params.get('state'));
  const filters: CallbackFilters = {
    mine: !seesAll || params.get('mine') === 'true' ? true : undefined,
    state,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: 20,
  };
  const callbacks = useCallbacks(filters);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };

  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('quality.queue.title')}</h1>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<State>
          allowClear
          aria-label={t('quality.queue.state')}
          placeholder={t('quality.queue.state')}
          style={{ minWidth: 180 }}
          value={state}
          onChange={(value) => set('state', value)}
          options={STATES.map((s) => ({ value: s, label: t(`quality.callbackState.${s}`) }))}
        />
        {seesAll && (
          <Space>
            <Switch
              id="callbacks-mine"
              checked={filters.mine === true}
              onChange={(on) => set('mine', on ? 'true' : undefined)}
            />
            <label htmlFor="callbacks-mine">{t('quality.queue.mine')}</label>
          </Space>
        )}
      </Space>
      <Table<Callback>
        rowKey="id"
        loading={callbacks.isPending}
        dataSource={callbacks.data?.items ?? []}
        locale={{ emptyText: t('quality.queue.empty') }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: callbacks.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (page) => set('page', String(page)),
          showTotal: (count) => t('quality.queue.total', { count }),
        }}
        columns={[
          {
            key: 'level',
            title: t('quality.queue.level'),
            render: (_, row) => (
              <Tag color={row.level === 3 ? 'purple' : 'blue'}>
                {t('quality.queue.levelN', { level: row.level })}
              </Tag>
            ),
          },
          {
            key: 'case',
            title: t('quality.queue.case'),
            render: (_, row) => (
              <Link to={`/cases/${encodeURIComponent(row.caseNumber)}`}>{row.caseNumber}</Link>
            ),
          },
          {
            key: 'customer',
            title: t('quality.queue.customer'),
            render: (_, row) => (
              <Space direction="vertical" size={0}>
                <span>{row.customerName}</span>
                <Typography.Text copyable style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {row.customerPhone}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'state',
            title: t('quality.queue.state'),
            render: (_, row) => <Tag>{t(`quality.callbackState.${row.state}`)}</Tag>,
          },
          {
            key: 'assignee',
            title: t('quality.queue.assignee'),
            render: (_, row) => row.assignee?.name ?? t('quality.queue.unassigned'),
          },
          {
            key: 'attempts',
            title: t('quality.queue.attempts'),
            render: (_, row) => `${row.attempts} / ${row.maxAttempts}`,
          },
          {
            key: 'due',
            title: t('quality.queue.due'),
            render: (_, row) => <DueCell row={row} zone={zoneOf(row.branchId)} />,
          },
          {
            key: 'outcome',
            title: t('quality.queue.outcome'),
            render: (_, row) => <OutcomeCell row={row} onCall={() => setCalling(row)} />,
          },
        ]}
      />
      {calling && <AttemptDialog callback={calling} onClose={() => setCalling(undefined)} />}
    </Card>
  );
}

/** When the call is due (counting down, in the branch's zone), or when it opens. */
function DueCell({ row, zone }: { row: Callback; zone: string }) {
  const { t } = useTranslation();
  return OPEN.includes(row.state) && row.dueAt ? (
    <Space direction="vertical" size={0}>
      <Countdown deadline={{ dueAt: row.dueAt, breached: row.breached }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatTime(row.dueAt, zone, browserTimeZone())}
      </Typography.Text>
      {row.nextAttemptAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('quality.queue.nextAttempt', {
            when: formatTime(row.nextAttemptAt, zone, browserTimeZone()),
          })}
        </Typography.Text>
      )}
    </Space>
  ) : row.state === 'pending' ? (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('quality.queue.startsAt', {
        when: formatTime(row.startsAt, zone, browserTimeZone()),
      })}
    </Typography.Text>
  ) : (
    t('common.none')
  );
}

/** The outcome of a finished call, or the button that records one. */
function OutcomeCell({ row, onCall }: { row: Callback; onCall: () => void }) {
  const { t } = useTranslation();
  return row.outcome ? (
    <Space direction="vertical" size={0}>
      <Tag color={row.outcome === 'satisfied' ? 'green' : 'red'}>{t(`quality.outcome.${row.outcome}`)}</Tag>
      <CallbackLinks callback={row} />
    </Space>
  ) : OPEN.includes(row.state) ? (
    <Button
      type="primary"
      aria-label={`${t('quality.queue.record')} ${row.caseNumber} ${t('quality.queue.levelN', { level: row.level })}`}
      onClick={onCall}
    >
      {t('quality.queue.record')}
    </Button>
  ) : (
    t('common.none')
  );
}
