import { Alert, Button, Card, DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { downloadUrl, type Period, type ReportName } from '../api/reports';

dayjs.extend(quarterOfYear);

export const REPORT_PAGES: ReportName[] = ['complaint-rate', 'compliance', 'callbacks', 'hotline'];

/** The period lives in the address (`?month=2026-11` or `?quarter=2026-Q4`); last month by default. */
export function usePeriod(): [Period, (period: Period) => void] {
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter');
  const period: Period = quarter
    ? { quarter }
    : { month: params.get('month') ?? dayjs().subtract(1, 'month').format('YYYY-MM') };
  return [period, (next) => setParams(new URLSearchParams(next), { replace: true })];
}

/** A report page's frame: the other reports, the period picker, the downloads, then the chart and table. */
export function ReportFrame({
  name,
  error,
  children,
}: {
  name: ReportName;
  error: Error | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [period, setPeriod] = usePeriod();
  const byQuarter = 'quarter' in period;
  const value = byQuarter
    ? dayjs(`${period.quarter.slice(0, 4)}-${(Number(period.quarter.slice(-1)) - 1) * 3 + 1}-01`, 'YYYY-M-DD')
    : dayjs(`${period.month}-01`);
  return (
    <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t(`reports.${name}.title`)}</h1>}>
      <nav aria-label={t('reports.title')} style={{ marginBottom: 16 }}>
        <Space wrap>
          {REPORT_PAGES.map((other) =>
            other === name ? (
              <strong key={other}>{t(`reports.${other}.title`)}</strong>
            ) : (
              <Link key={other} to={`/reports/${other}?${new URLSearchParams(period).toString()}`}>
                {t(`reports.${other}.title`)}
              </Link>
            ),
          )}
        </Space>
      </nav>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          aria-label={t('reports.periodKind')}
          value={byQuarter ? 'quarter' : 'month'}
          options={[
            { value: 'month', label: t('reports.month') },
            { value: 'quarter', label: t('reports.quarter') },
          ]}
          onChange={(kind) =>
            setPeriod(
              kind === 'quarter'
                ? { quarter: `${value.year()}-Q${value.quarter()}` }
                : { month: value.format('YYYY-MM') },
            )
          }
        />
        <DatePicker
          aria-label={t('reports.period')}
          allowClear={false}
          picker={byQuarter ? 'quarter' : 'month'}
          value={value}
          format={byQuarter ? 'YYYY-[Q]Q' : 'YYYY-MM'}
          onChange={(day) =>
            day &&
            setPeriod(byQuarter ? { quarter: `${day.year()}-Q${day.quarter()}` } : { month: day.format('YYYY-MM') })
          }
        />
        <Button href={downloadUrl(name, 'csv', period)} download>
          {t('reports.csv')}
        </Button>
        <Button href={downloadUrl(name, 'xlsx', period)} download>
          {t('reports.xlsx')}
        </Button>
      </Space>
      {error && <Alert type="error" title={error.message} style={{ marginBottom: 16 }} />}
      {children}
    </Card>
  );
}

/** A rate as a percentage, or "—" when there was nothing to divide by. */
export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10} %`;
