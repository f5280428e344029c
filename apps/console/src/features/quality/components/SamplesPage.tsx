import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Space,
  Table,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useMe } from '../../auth/api/session';
import { type Sample, useDrawSample, usePreviewSample, useSamples } from '../api/samples';
import { BranchTable, percent } from './SampleParts';

interface Values {
  month?: Dayjs;
  ratio?: number | null;
  force?: boolean;
  reason?: string;
}

/**
 * The month-end sample: preview a month (population per branch, ratio, how many would be chosen), draw it
 * by hand (admins), and the samples drawn so far, each opening its audit record.
 */
export function SamplesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [page, setPage] = useState(1);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const samples = useSamples(page);
  const preview = usePreviewSample();
  const draw = useDrawSample();
  const force = Form.useWatch('force', form);
  const isAdmin = me.data?.roles.includes('admin') ?? false;

  const failed = (error: Error) => {
    const rest = applyFieldErrors(form, error);
    const placed = error instanceof ApiError && Object.keys(error.fieldErrors).length > 0;
    setUnplaced(placed ? rest : [error.message]);
  };
  const read = async () => {
    setUnplaced([]);
    const values = await form.validateFields();
    return {
      month: values.month!.format('YYYY-MM'),
      ratio: values.ratio ?? undefined,
      force: values.force || undefined,
      reason: values.reason || undefined,
    };
  };
  const runPreview = async () => {
    const { month, ratio } = await read();
    preview.mutate({ month, ratio }, { onError: failed });
  };
  const runDraw = async () => {
    const { month, ...body } = await read();
    draw.mutate({ month, body }, { onSuccess: () => void navigate(`/samples/${month}`), onError: failed });
  };
  const shown = preview.data;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('quality.sample.title')}</h1>}>
        <Form form={form} layout="inline" style={{ rowGap: 16 }}>
          <Form.Item
            name="month"
            label={t('quality.sample.month')}
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <DatePicker picker="month" format="YYYY-MM" />
          </Form.Item>
          <Form.Item name="ratio" label={t('quality.sample.ratio')} extra={t('quality.sample.ratioHelp')}>
            <InputNumber step={0.01} placeholder="0.15" style={{ width: 120 }} />
          </Form.Item>
          {isAdmin && (
            <>
              <Form.Item name="force" valuePropName="checked">
                <Checkbox>{t('quality.sample.force')}</Checkbox>
              </Form.Item>
              {force && (
                <Form.Item name="reason" label={t('quality.sample.reason')}>
                  <Input style={{ width: 280 }} maxLength={500} />
                </Form.Item>
              )}
            </>
          )}
          <Form.Item>
            <Space>
              <Button loading={preview.isPending} onClick={() => void runPreview().catch(() => undefined)}>
                {t('quality.sample.preview')}
              </Button>
              {isAdmin && (
                <Popconfirm
                  title={t('quality.sample.drawConfirm', {
                    month: form.getFieldValue('month')?.format?.('YYYY-MM') ?? '',
                  })}
                  onConfirm={() => void runDraw().catch(() => undefined)}
                  okText={t('quality.sample.draw')}
                  cancelText={t('common.cancel')}
                >
                  <Button type="primary" danger loading={draw.isPending}>
                    {t('quality.sample.draw')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          </Form.Item>
        </Form>
        {unplaced.length > 0 && <Alert style={{ marginTop: 16 }} type="error" title={unplaced.join(' ')} />}
      </Card>

      {shown && (
        <Card
          title={
            <h2 style={{ fontSize: 16, margin: 0 }}>
              {t('quality.sample.previewTitle', { month: shown.month })}
            </h2>
          }
        >
          <Descriptions
            size="small"
            column={4}
            items={[
              { key: 'ratio', label: t('quality.sample.ratio'), children: percent(shown.ratio) },
              { key: 'population', label: t('quality.sample.population'), children: shown.population },
              { key: 'skipped', label: t('quality.sample.skipped'), children: shown.skipped },
              { key: 'chosen', label: t('quality.sample.chosen'), children: shown.chosen },
            ]}
          />
          <BranchTable sample={shown} />
        </Card>
      )}

      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('quality.sample.drawn')}</h2>}>
        <Table<Sample>
          rowKey="month"
          loading={samples.isPending}
          dataSource={samples.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: 12,
            total: samples.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            {
              key: 'month',
              title: t('quality.sample.month'),
              render: (_, row) => <Link to={`/samples/${row.month}`}>{row.month}</Link>,
            },
            { key: 'ratio', title: t('quality.sample.ratio'), render: (_, row) => percent(row.ratio) },
            { key: 'population', title: t('quality.sample.population'), dataIndex: 'population' },
            { key: 'chosen', title: t('quality.sample.chosen'), dataIndex: 'chosen' },
            {
              key: 'trigger',
              title: t('quality.sample.trigger'),
              render: (_, row) =>
                row.trigger === 'admin'
                  ? t('quality.sample.triggerAdmin')
                  : t('quality.sample.triggerSchedule'),
            },
            {
              key: 'drawnAt',
              title: t('quality.sample.when'),
              render: (_, row) =>
                row.drawnAt
                  ? formatTime(row.drawnAt, browserTimeZone(), browserTimeZone())
                  : t('common.none'),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
