import { Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReportBodies, useReport } from '../api/reports';
import { Chart, type ChartOption } from './Chart';
import { percent, ReportFrame, usePeriod } from './ReportFrame';

type Row = ReportBodies['complaint-rate']['rows'][number];
const inPercent = (rate: number | null | undefined) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);

/** Complaint rate per department (complaints ÷ repairs) as bars beside the previous period's, the table beneath. */
export function ComplaintRatePage() {
  const { t } = useTranslation();
  const [period] = usePeriod();
  const report = useReport('complaint-rate', period);
  const data = report.data;
  const option = useMemo<ChartOption | undefined>(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { top: 40, left: 48, right: 16, bottom: 32 },
        xAxis: { type: 'category', data: data.rows.map((r) => t(`department.${r.department}`)) },
        yAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
        series: [
          {
            type: 'bar',
            name: t('reports.complaint-rate.previous', { period: data.previousPeriod }),
            data: data.rows.map((r) => inPercent(r.previousRate)),
            itemStyle: { color: '#bfbfbf' },
          },
          {
            type: 'bar',
            name: t('reports.complaint-rate.current', { period: data.period.label }),
            data: data.rows.map((r) => inPercent(r.rate)),
            itemStyle: { color: '#1677ff' },
          },
        ],
      },
    [data, t],
  );
  return (
    <ReportFrame name="complaint-rate" error={report.error}>
      {option && <Chart option={option} label={t('reports.complaint-rate.chart')} />}
      <Table<Row>
        rowKey="department"
        size="small"
        loading={report.isPending}
        pagination={false}
        dataSource={data?.rows ?? []}
        columns={[
          { key: 'department', title: t('reports.department'), render: (_, r) => t(`department.${r.department}`) },
          { key: 'complaints', title: t('reports.complaint-rate.complaints'), dataIndex: 'complaints' },
          { key: 'repairs', title: t('reports.complaint-rate.repairs'), dataIndex: 'repairs' },
          { key: 'rate', title: t('reports.complaint-rate.rate'), render: (_, r) => percent(r.rate) },
          { key: 'previousRate', title: t('reports.complaint-rate.previousRate'), render: (_, r) => percent(r.previousRate) },
          {
            key: 'change',
            title: t('reports.complaint-rate.change'),
            render: (_, r) => (r.change === null || r.change === undefined ? '—' : `${r.change > 0 ? '+' : ''}${percent(r.change)}`),
          },
        ]}
      />
    </ReportFrame>
  );
}
