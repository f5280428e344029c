import { Card, Descriptions, Progress, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { Schemas } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { useSample } from '../api/samples';
import { BranchTable, percent } from './SampleParts';

const FINISHED: readonly string[] = ['done', 'unreachable', 'cancelled'];

/** A drawn sample's audit record: who, when, seed, ratio, population, the chosen cases and their progress. */
export function SampleRecordPage() {
  const { t } = useTranslation();
  const { month = '' } = useParams();
  const sample = useSample(month);
  const s = sample.data;
  const when = (iso?: string | null) =>
    iso ? formatTime(iso, browserTimeZone(), browserTimeZone()) : t('quality.sample.notStarted');
  const cases = s?.cases ?? [];
  const finished = cases.filter((c) => c.callback && FINISHED.includes(c.callback.state)).length;
  const byState = new Map<string, number>();
  for (const c of cases) {
    const key = c.callback?.state ?? 'pending';
    byState.set(key, (byState.get(key) ?? 0) + 1);
  }

  return (
    <Card
      loading={sample.isPending}
      title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('quality.sample.recordTitle', { month })}</h1>}
      extra={<Link to="/samples">{t('quality.sample.back')}</Link>}
    >
      {sample.error && <Tag color="red">{sample.error.message}</Tag>}
      {s && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'who', label: t('quality.sample.who'), children: s.triggeredBy ?? t('common.none') },
              {
                key: 'trigger',
                label: t('quality.sample.trigger'),
                children:
                  s.trigger === 'admin'
                    ? t('quality.sample.triggerAdmin')
                    : t('quality.sample.triggerSchedule'),
              },
              { key: 'when', label: t('quality.sample.when'), children: when(s.drawnAt) },
              { key: 'seed', label: t('quality.sample.seed'), children: <code>{s.seed}</code> },
              { key: 'ratio', label: t('quality.sample.ratio'), children: percent(s.ratio) },
              { key: 'population', label: t('quality.sample.population'), children: s.population },
              { key: 'skipped', label: t('quality.sample.skipped'), children: s.skipped },
              { key: 'chosen', label: t('quality.sample.chosen'), children: s.chosen },
              {
                key: 'started',
                label: t('quality.sample.callbacksStarted'),
                children: when(s.callbacksStartedAt),
              },
              ...(s.forceReason
                ? [{ key: 'reason', label: t('quality.sample.forceReason'), children: s.forceReason }]
                : []),
            ]}
          />
          <div>
            <h2 style={{ fontSize: 16 }}>{t('quality.sample.progress')}</h2>
            <Progress
              percent={cases.length ? Math.round((finished / cases.length) * 100) : 0}
              aria-label={t('quality.sample.progress')}
            />
            <p>{t('quality.sample.progressText', { closed: finished, total: cases.length })}</p>
            <Space wrap>
              {[...byState].map(([state, count]) => (
                <Tag key={state}>
                  {t(`quality.callbackState.${state}`)}: {count}
                </Tag>
              ))}
            </Space>
          </div>
          <BranchTable sample={s} />
          <div>
            <h2 style={{ fontSize: 16 }}>{t('quality.sample.cases')}</h2>
            <Table<Schemas['SampleCaseDto']>
              rowKey="caseNumber"
              size="small"
              dataSource={cases}
              pagination={{ pageSize: 20, showSizeChanger: false }}
              columns={[
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
                  render: (_, row) => `${row.customerName} ${row.customerPhone}`,
                },
                {
                  key: 'callback',
                  title: t('quality.sample.callback'),
                  render: (_, row) =>
                    row.callback ? (
                      <Space size={4}>
                        <Tag>{t(`quality.callbackState.${row.callback.state}`)}</Tag>
                        {row.callback.outcome && (
                          <Tag color={row.callback.outcome === 'satisfied' ? 'green' : 'red'}>
                            {t(`quality.outcome.${row.callback.outcome}`)}
                          </Tag>
                        )}
                      </Space>
                    ) : (
                      t('quality.sample.notStarted')
                    ),
                },
              ]}
            />
          </div>
        </Space>
      )}
    </Card>
  );
}
