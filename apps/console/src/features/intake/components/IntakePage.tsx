import { Alert, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, type Schemas } from '../../../api/client';
import { readBackPhone } from '../../../lib/phone';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useMe } from '../../auth/api/session';
import { useBranches } from '../../branches/api/get-branches';
import { type CallerFields, CallerLookup } from '../../customers/components/CallerLookup';
import { ScriptsPanel } from '../../scripts/components/ScriptsPanel';
import { type CreateCase, useCreateCase, useCreateComplaint, useRouting } from '../api/intake';

const KINDS = ['service_request', 'inquiry'] as const;
const CATEGORIES = ['technical', 'service', 'sales', 'other'] as const;
const CHANNELS = ['phone', 'web', 'email', 'walk_in', 'engineer_direct'] as const;
const TIERS = ['standard', 'gold'] as const;

type Values = CreateCase & { phoneConfirmed?: boolean };

const newKey = () => crypto.randomUUID();

/** The operator's intake form: every intake field, the routing shown, the phone read back. */
export function IntakePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  // One key per intake: kept across a failed submit and a double click, so a retry never makes two cases.
  const [key, setKey] = useState(newKey);
  const [complaintKey] = useState(newKey);
  const [suggested, setSuggested] = useState<Schemas['CreateComplaintDto']>();
  const [refusal, setRefusal] = useState<string>();
  const create = useCreateCase();
  const category = Form.useWatch('category', form);
  const branchId = Form.useWatch('branchId', form);
  const routing = useRouting(category, branchId);

  const submit = (values: Values) => {
    const { phoneConfirmed: _confirmed, ...body } = values;
    setRefusal(undefined);
    setSuggested(undefined);
    create.mutate(
      { body, key },
      {
        onSuccess: (created) => {
          setKey(newKey());
          void navigate(`/cases/${encodeURIComponent(created.number)}`, { state: { justLogged: true } });
        },
        onError: (error) => {
          const unplaced = applyFieldErrors(form, error);
          // A 4xx made no case: the corrected form is a new request with a key of its own. A lost answer or
          // a 5xx may have made one, so a retry keeps the key and gets that case back.
          if (error instanceof ApiError && error.status < 500) setKey(newKey());
          if (error instanceof ApiError) {
            const s = error.details.suggested as Schemas['CreateComplaintDto'] | undefined;
            if (s) setSuggested(s);
            setRefusal(
              unplaced.length
                ? unplaced.join(' ')
                : error.status === 422
                  ? t('intake.fixFields')
                  : error.message,
            );
          } else setRefusal(t('common.offline'));
        },
      },
    );
  };

  return (
    <>
      <Card
        title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('intake.title')}</h1>}
        style={{ maxWidth: 960 }}
      >
        {refusal && <Alert role="alert" type="error" showIcon title={refusal} style={{ marginBottom: 16 }} />}
        {suggested && <SuggestedComplaint suggested={suggested} idempotencyKey={complaintKey} />}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            kind: 'service_request',
            channel: 'phone',
            dispatched: false,
            customer: { tier: 'standard' },
          }}
        >
          <CallFields />
          <Form.Item
            label={t('intake.category')}
            name="category"
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Radio.Group options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
          </Form.Item>
          {routing.data && (
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              title={t('intake.routing')}
              description={t('intake.routingTo', {
                department: t(`department.${routing.data.department}`),
                unit: routing.data.unitName ?? t('common.none'),
                head: routing.data.headName ?? t('intake.routingNobody'),
              })}
            />
          )}
          <CustomerFields form={form} />
          <Form.Item label={t('intake.address')} name={['customer', 'address']}>
            <Input />
          </Form.Item>
          <Form.Item label={t('intake.product')} name="product">
            <Input />
          </Form.Item>
          <Form.Item
            label={t('intake.description')}
            name="description"
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="dispatched" valuePropName="checked">
            <Checkbox>{t('intake.dispatched')}</Checkbox>
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            loading={create.isPending}
            disabled={!me.data}
          >
            {t('intake.submit')}
          </Button>
        </Form>
      </Card>
      <ScriptsPanel />
    </>
  );
}

/** What the call is: its kind, the channel it came in by, and the branch it belongs to. */
function CallFields() {
  const { t } = useTranslation();
  const branches = useBranches();
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item
          label={t('intake.kind')}
          name="kind"
          rules={[{ required: true, message: t('auth.required') }]}
        >
          <Radio.Group
            optionType="button"
            options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item
          label={t('intake.channel')}
          name="channel"
          rules={[{ required: true, message: t('auth.required') }]}
        >
          <Select options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item label={t('intake.branch')} name="branchId">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={branches.isPending}
            options={(branches.data ?? [])
              .filter((b) => !b.retiredAt)
              .map((b) => ({ value: b.id, label: b.name }))}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Who is calling: name, phone read back and confirmed, tier; a known caller's details offered. */
function CustomerFields({ form }: { form: FormInstance<Values> }) {
  const { t } = useTranslation();
  const phone = Form.useWatch(['customer', 'phone'], form) ?? '';
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            label={t('intake.customerName')}
            name={['customer', 'name']}
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            label={t('intake.phone')}
            name={['customer', 'phone']}
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input inputMode="tel" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            label={t('intake.tier')}
            name={['customer', 'tier']}
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Radio.Group options={TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <CallerLookup phone={phone} form={form as unknown as FormInstance<CallerFields>} />
      {readBackPhone(phone) && (
        <Space direction="vertical" style={{ marginBottom: 8 }}>
          <Typography.Text>
            {t('intake.phoneReadBack', { phone: '' })}
            <Typography.Text strong style={{ fontSize: 20, letterSpacing: 1 }} data-testid="phone-read-back">
              {readBackPhone(phone)}
            </Typography.Text>
          </Typography.Text>
        </Space>
      )}
      <Form.Item
        name="phoneConfirmed"
        valuePropName="checked"
        rules={[
          {
            validator: (_r, v) =>
              v ? Promise.resolve() : Promise.reject(new Error(t('intake.confirmPhoneFirst'))),
          },
        ]}
      >
        <Checkbox>{t('intake.phoneConfirmed')}</Checkbox>
      </Form.Item>
    </>
  );
}

/** A "service request" that is really a complaint: offered as one, with its own idempotency key. */
function SuggestedComplaint(props: { suggested: Schemas['CreateComplaintDto']; idempotencyKey: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const createComplaint = useCreateComplaint();
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('intake.serviceIsComplaint')}
      action={
        <Button
          loading={createComplaint.isPending}
          onClick={() =>
            createComplaint.mutate(
              { body: props.suggested, key: props.idempotencyKey },
              { onSuccess: (c) => void navigate(`/complaints/${encodeURIComponent(c.number)}`) },
            )
          }
        >
          {t('intake.logAsComplaint')}
        </Button>
      }
    />
  );
}
