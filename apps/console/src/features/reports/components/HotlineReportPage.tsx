import { Descriptions, Table } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReportBodies, useReport } from '../api/reports';
import { Chart, type ChartOption } from './Chart';
import { ReportFrame, usePeriod } from './ReportFrame';

type Operator = ReportBodies['hotline']['byOperator'][number];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

/** Hotline statistics: calls per weekday and hour as a heat map, the counts and the operators beneath. */
export function HotlineReportPage() {
  const { t } = useTranslation();
  const [period] = usePeriod();
  const report = useReport('hotline', period);
  const data = report.data;
  const option = useMemo<ChartOption | undefined>(() => {
    if (!data) return undefined;
    const most = Math.max(1, ...data.byWeekdayHour.map((c) => c.cases));
    return {
      tooltip: { position: 'top' },
      grid: { top: 16, left: 64, right: 16, bottom: 72 },
      xAxis: { type: 'category', data: HOURS, splitArea: { show: true } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: WEEKDAYS.map((d) => t(`reports.hotline.weekdays.${d}`)),
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: most,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        inRange: { color: ['#f0f5ff', '#1677ff', '#002c8c'] },
      },
      series: [
        {
          type: 'heatmap',
          name: t('reports.hotline.cases'),
          data: data.byWeekdayHour.map((c) => [c.hour, c.weekday - 1, c.cases]),
          label: { show: false },
        },
      ],
    };
  }, [data, t]);
  return (
    <ReportFrame name="hotline" error={report.error}>
      {option && <Chart option={option} label={t('reports.hotline.chart')} height={360} />}
      {data && (
        <Descriptions
          size="small"
          column={3}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'cases', label: t('reports.hotline.cases'), children: data.cases },
            { key: 'solved', label: t('reports.hotline.solvedOnCall'), children: data.solvedOnCall },
            { key: 'forwarded', label: t('reports.hotline.forwarded'), children: data.forwarded },
          ]}
        />
      )}
      <Table<Operator>
        rowKey="operatorNo"
        size="small"
        loading={report.isPending}
        pagination={false}
        dataSource={data?.byOperator ?? []}
        columns={[
          { key: 'no', title: t('reports.hotline.operatorNo'), dataIndex: 'operatorNo' },
          { key: 'operator', title: t('reports.hotline.operator'), dataIndex: 'operator' },
          { key: 'cases', title: t('reports.hotline.cases'), dataIndex: 'cases' },
          { key: 'solved', title: t('reports.hotline.solvedOnCall'), dataIndex: 'solvedOnCall' },
          { key: 'forwarded', title: t('reports.hotline.forwarded'), dataIndex: 'forwarded' },
        ]}
      />
    </ReportFrame>
  );
}
