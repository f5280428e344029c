import { Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useBranches } from '../../branches/api/get-branches';
import { type ReportBodies, useReport } from '../api/reports';
import { Chart, type ChartOption } from './Chart';
import { percent, ReportFrame, usePeriod } from './ReportFrame';

type Row = ReportBodies['compliance']['rows'][number];

/**
 * Commitment compliance: per branch, the commitments due in the period as one stacked bar — met on time,
 * breached, and the rest (still running) — and the table of every dimension beneath.
 */
export function CompliancePage() {
  const { t } = useTranslation();
  const [period] = usePeriod();
  const report = useReport('compliance', period);
  const branches = useBranches();
  const data = report.data;
  const names = branches.data;
  const label = (row: Row) => {
    if (row.dimension === 'total') return t('reports.compliance.total');
    if (row.dimension === 'kind' && row.key)
      return t(`commitmentKind.${row.key}`, { defaultValue: row.key });
    if (row.dimension === 'branch')
      return names?.find((b) => b.id === row.key)?.name ?? row.name ?? row.key ?? t('reports.compliance.noBranch');
    return row.name ?? row.key ?? '—';
  };
  const option = useMemo<ChartOption>(() => {
    const perBranch = (data?.rows ?? []).filter((r) => r.dimension === 'branch');
    const branchName = (row: Row) =>
      names?.find((b) => b.id === row.key)?.name ?? row.name ?? row.key ?? t('reports.compliance.noBranch');
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { top: 40, left: 48, right: 16, bottom: 32 },
      xAxis: { type: 'category', data: perBranch.map(branchName) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', stack: 'due', name: t('reports.compliance.metOnTime'), data: perBranch.map((r) => r.metOnTime), itemStyle: { color: '#52c41a' } },
        { type: 'bar', stack: 'due', name: t('reports.compliance.breached'), data: perBranch.map((r) => r.breached), itemStyle: { color: '#ff4d4f' } },
        {
          type: 'bar',
          stack: 'due',
          name: t('reports.compliance.running'),
          data: perBranch.map((r) => Math.max(0, r.due - r.metOnTime - r.breached)),
          itemStyle: { color: '#d9d9d9' },
        },
      ],
    };
  }, [data, names, t]);
  return (
    <ReportFrame name="compliance" error={report.error}>
      {data && <Chart option={option} label={t('reports.compliance.chart')} />}
      <Table<Row>
        rowKey={(r) => `${r.dimension}:${r.key ?? ''}`}
        size="small"
        loading={report.isPending}
        pagination={false}
        dataSource={data?.rows ?? []}
        columns={[
          { key: 'dimension', title: t('reports.compliance.dimension'), render: (_, r) => t(`reports.compliance.dimensions.${r.dimension}`) },
          { key: 'name', title: t('reports.compliance.name'), render: (_, r) => label(r) },
          { key: 'due', title: t('reports.compliance.due'), dataIndex: 'due' },
          { key: 'metOnTime', title: t('reports.compliance.metOnTime'), dataIndex: 'metOnTime' },
          { key: 'breached', title: t('reports.compliance.breached'), dataIndex: 'breached' },
          { key: 'onTimeRate', title: t('reports.compliance.onTimeRate'), render: (_, r) => percent(r.onTimeRate) },
          { key: 'escalated', title: t('reports.compliance.escalated'), render: (_, r) => `${r.escalatedToSupervisor} / ${r.escalatedToManager}` },
        ]}
      />
    </ReportFrame>
  );
}
