import { Descriptions, Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReportBodies, useReport } from '../api/reports';
import { Chart, type ChartOption } from './Chart';
import { percent, ReportFrame, usePeriod } from './ReportFrame';

type Level = ReportBodies['callbacks']['levels'][number];
const COLOURS = ['#cf1322', '#fa8c16', '#fadb14', '#95de64', '#389e0d'];

/** Callbacks: satisfaction as a distribution (1 … 5), coverage per level and the month-end sample beneath. */
export function CallbacksReportPage() {
  const { t } = useTranslation();
  const [period] = usePeriod();
  const report = useReport('callbacks', period);
  const data = report.data;
  const option = useMemo<ChartOption | undefined>(
    () =>
      data && {
        tooltip: { trigger: 'axis' },
        grid: { top: 40, left: 48, right: 16, bottom: 32 },
        xAxis: { type: 'category', data: data.satisfaction.map((s) => t('reports.callbacks.score', { score: s.score })) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'bar',
            name: t('reports.callbacks.callbacks'),
            data: data.satisfaction.map((s, i) => ({ value: s.callbacks, itemStyle: { color: COLOURS[i] } })),
          },
        ],
      },
    [data, t],
  );
  return (
    <ReportFrame name="callbacks" error={report.error}>
      {option && <Chart option={option} label={t('reports.callbacks.chart')} />}
      {data && (
        <Descriptions
          size="small"
          column={4}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'calls', label: t('reports.callbacks.calls'), children: data.calls },
            { key: 'reached', label: t('reports.callbacks.reachedRate'), children: percent(data.reachedRate) },
            { key: 'reopened', label: t('reports.callbacks.reopened'), children: data.reopenedByCallback },
            { key: 'complaints', label: t('reports.callbacks.complaints'), children: data.raisedAsComplaints },
            { key: 'sample', label: t('reports.callbacks.sampleSize'), children: `${data.sample.size} / ${data.sample.population}` },
            { key: 'completion', label: t('reports.callbacks.sampleCompletion'), children: percent(data.sample.completion) },
          ]}
        />
      )}
      <Table<Level>
        rowKey="level"
        size="small"
        loading={report.isPending}
        pagination={false}
        dataSource={data?.levels ?? []}
        columns={[
          { key: 'level', title: t('reports.callbacks.level'), render: (_, r) => t('quality.queue.levelN', { level: r.level }) },
          { key: 'served', title: t('reports.callbacks.served'), dataIndex: 'servedCustomers' },
          { key: 'called', title: t('reports.callbacks.called'), dataIndex: 'calledCustomers' },
          { key: 'coverage', title: t('reports.callbacks.coverage'), render: (_, r) => percent(r.coverage) },
        ]}
      />
    </ReportFrame>
  );
}
