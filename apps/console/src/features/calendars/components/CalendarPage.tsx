import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Result,
  Radio,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useBranches } from '../../branches/api/get-branches';
import {
  daysOf,
  useCalendar,
  useImportHolidays,
  usePoliciesUsing,
  useUpdateCalendar,
  type Calendar,
} from '../api/calendars';
import { parsePeriods, periodsText, WEEKDAYS, yearsOf } from '../lib/year';
import { YearView } from './YearView';

export function CalendarPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const calendar = useCalendar(id);
  const branches = useBranches();
  const policies = usePoliciesUsing(id);
  const [year, setYear] = useState(new Date().getFullYear());

  if (calendar.isPending) return <Spin />;
  if (calendar.error) {
    const missing = calendar.error instanceof ApiError && calendar.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('common.notFound') : t('common.offline')}
        subTitle={calendar.error.message}
      />
    );
  }
  const c = calendar.data;
  const days = daysOf(c);
  const usingBranches = (branches.data ?? []).filter((b) => b.calendarId === id);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {c.name} <Tag>{c.id}</Tag>
      </Typography.Title>
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('calendars.timeZone')}>{c.timeZone}</Descriptions.Item>
        <Descriptions.Item label={t('calendars.revision')}>{c.revision}</Descriptions.Item>
      </Descriptions>
      <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('calendars.usedBy')}</h2>}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('calendars.policies')}>
            {policies.data?.length
              ? policies.data.map((p) => (
                  <Link
                    key={p.id}
                    to={`/admin/policies/${encodeURIComponent(p.id)}`}
                    style={{ marginRight: 12 }}
                  >
                    {p.name}
                  </Link>
                ))
              : t('calendars.nobody')}
          </Descriptions.Item>
          <Descriptions.Item label={t('calendars.branches')}>
            {usingBranches.length ? usingBranches.map((b) => b.name).join(', ') : t('calendars.nobody')}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('calendars.yearTitle', { year })}</h2>}
        extra={
          <Radio.Group
            aria-label={t('calendars.year')}
            optionType="button"
            value={year}
            onChange={(e) => setYear(e.target.value as number)}
            options={yearsOf(days, new Date().getFullYear()).map((y) => ({ value: y, label: String(y) }))}
          />
        }
      >
        <YearView year={year} calendar={days} />
      </Card>

      <PeriodsForm calendar={c} />
      <ImportCard calendarId={id} />
    </Space>
  );
}

/** The working periods of each weekday, as text; the API's 422 on the day it names. */
function PeriodsForm({ calendar }: { calendar: Calendar }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const update = useUpdateCalendar(calendar.id);
  const days = daysOf(calendar);
  const initial = Object.fromEntries(WEEKDAYS.map((d) => [d, periodsText(days.weeklyPeriods[d] ?? [])]));

  const save = (values: Record<string, string>) => {
    const weeklyPeriods = Object.fromEntries(WEEKDAYS.map((d) => [d, parsePeriods(values[d] ?? '')]));
    update.mutate(
      {
        name: calendar.name,
        timeZone: calendar.timeZone,
        holidays: calendar.holidays,
        makeUpWorkingDays: calendar.makeUpWorkingDays,
        weeklyPeriods: weeklyPeriods as unknown as Record<string, never>,
      },
      {
        onSuccess: (changed) => {
          void message.success(
            [
              t('calendars.saved', { revision: changed.calendar.revision }),
              changed.rollout ? t('calendars.replanned', { total: changed.rollout.total }) : '',
            ]
              .filter(Boolean)
              .join(' · '),
          );
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          // `weeklyPeriods.mon[1].end` belongs to Monday's field; `weeklyPeriods` to the whole week.
          const byDay: Record<string, string[]> = {};
          const rest: Record<string, string[]> = {};
          for (const [path, errors] of Object.entries(error.fieldErrors)) {
            const day = /^weeklyPeriods\.(\w+)/.exec(path)?.[1];
            if (day && (WEEKDAYS as readonly string[]).includes(day)) (byDay[day] ??= []).push(...errors);
            else rest[path] = errors;
          }
          form.setFields(Object.entries(byDay).map(([name, errors]) => ({ name, errors })));
          applyFieldErrors(form, new ApiError(error.status, error.message, rest));
        },
      },
    );
  };

  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('calendars.periods')}</h2>}>
      {update.isError && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('calendars.fixFields')} />
      )}
      <Typography.Paragraph type="secondary">{t('calendars.periodsHelp')}</Typography.Paragraph>
      <Form
        key={calendar.revision}
        form={form}
        layout="horizontal"
        labelCol={{ span: 4 }}
        wrapperCol={{ span: 12 }}
        initialValues={initial}
        onFinish={save}
      >
        {WEEKDAYS.map((d) => (
          <Form.Item key={d} name={d} label={t(`calendars.weekday.${d}`)}>
            <Input />
          </Form.Item>
        ))}
        <Form.Item wrapperCol={{ offset: 4 }}>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('calendars.savePeriods')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** An .ics file in; its errors by line out, or what it added. */
function ImportCard({ calendarId }: { calendarId: string }) {
  const { t } = useTranslation();
  const imports = useImportHolidays(calendarId);
  const problems = imports.error instanceof ApiError ? (imports.error.fieldErrors.file ?? []) : [];
  return (
    <Card title={<h2 style={{ fontSize: 18, margin: 0 }}>{t('calendars.import')}</h2>}>
      <Typography.Paragraph type="secondary">{t('calendars.importHelp')}</Typography.Paragraph>
      <label>
        {t('calendars.chooseFile')}{' '}
        <input
          type="file"
          accept=".ics,text/calendar"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) imports.mutate(file);
            e.target.value = '';
          }}
        />
      </label>
      {imports.isPending && <Spin />}
      {imports.data && (
        <Alert
          role="status"
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          title={t('calendars.imported', {
            holidays: imports.data.imported.holidays,
            makeUp: imports.data.imported.makeUpWorkingDays,
          })}
        />
      )}
      {imports.error && (
        <Alert
          role="alert"
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t('calendars.importFailed')}
          description={
            problems.length ? (
              <ul style={{ margin: 0 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : (
              imports.error.message
            )
          }
        />
      )}
    </Card>
  );
}
