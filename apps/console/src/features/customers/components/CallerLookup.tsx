import { Alert, Button, Col, Form, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Customer, useCustomerLookup } from '../api/customers';
import { useDebounced } from './use-debounced';

/** The intake fields this component fills (a subset of the intake form's values). */
export interface CallerFields {
  customerId?: string;
  contactId?: string;
  siteId?: string;
  equipmentId?: string;
  customer?: { name?: string; phone?: string; tier?: 'standard' | 'gold'; address?: string };
  product?: string;
}

/**
 * The caller looked up by phone as it is typed (debounced): the customers that phone belongs to, each with a
 * button that fills the form from the record; once chosen, the caller's contact, site and device to choose.
 */
export function CallerLookup({ phone, form }: { phone: string; form: FormInstance<CallerFields> }) {
  const { t } = useTranslation();
  const settled = useDebounced(phone, 300);
  const lookup = useCustomerLookup(settled);
  const chosenId = Form.useWatch('customerId', form) as string | undefined;
  const found = lookup.data ?? [];
  const chosen = found.find((c) => c.id === chosenId);

  const choose = (customer: Customer) => {
    const contact =
      customer.contacts.find((c) => c.phones.includes(phoneOf(settled))) ?? customer.contacts[0];
    const site = customer.sites.length === 1 ? customer.sites[0] : undefined;
    form.setFieldsValue({
      customerId: customer.id,
      contactId: contact?.id,
      siteId: site?.id,
      equipmentId: undefined,
      customer: {
        ...(form.getFieldValue('customer') as CallerFields['customer']),
        name: customer.name,
        tier: customer.tier,
        ...(site ? { address: site.address } : {}),
      },
    });
  };
  // Another phone typed: a customer chosen for the old one is not this caller.
  const settledFor = lookup.isSuccess ? lookup.data : undefined;
  useEffect(() => {
    if (chosenId && settledFor && !settledFor.some((c) => c.id === chosenId)) forget();
  }, [chosenId, settledFor]);
  function forget() {
    form.setFieldsValue({
      customerId: undefined,
      contactId: undefined,
      siteId: undefined,
      equipmentId: undefined,
    });
  }

  return (
    <>
      <Form.Item name="customerId" hidden>
        <input />
      </Form.Item>
      {found.length > 0 && !chosen && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={t('customers.lookup.found', { count: found.length })}
          description={
            <Space direction="vertical" style={{ width: '100%' }}>
              {found.map((c) => (
                <Space key={c.id} wrap>
                  <Typography.Text strong>{c.name}</Typography.Text>
                  {c.tier === 'gold' && <Tag color="gold">{t('tier.gold')}</Tag>}
                  <Typography.Text type="secondary">
                    {t('customers.lookup.summary', {
                      open: c.openCases,
                      total: c.totalCases,
                      devices: c.equipment.length,
                    })}
                  </Typography.Text>
                  <Button size="small" type="primary" onClick={() => choose(c)}>
                    {t('customers.lookup.choose', { name: c.name })}
                  </Button>
                </Space>
              ))}
            </Space>
          }
        />
      )}
      {chosen && (
        <Alert
          type="success"
          style={{ marginBottom: 16 }}
          title={
            <Space wrap>
              <span>{t('customers.lookup.chosen', { name: chosen.name })}</span>
              {chosen.tier === 'gold' && <Tag color="gold">{t('tier.gold')}</Tag>}
              <Link to={`/customers/${chosen.id}`} target="_blank">
                {t('customers.lookup.openPage')}
              </Link>
              <Button size="small" onClick={forget}>
                {t('customers.lookup.notThem')}
              </Button>
            </Space>
          }
          description={
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item label={t('customers.contact')} name="contactId">
                  <Select
                    options={chosen.contacts.map((c) => ({
                      value: c.id,
                      label: `${c.name} ${c.phones.join(', ')}`,
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('customers.site')} name="siteId">
                  <Select
                    allowClear
                    options={chosen.sites.map((s) => ({ value: s.id, label: s.label ?? s.address }))}
                    onChange={(id?: string) => {
                      const site = chosen.sites.find((s) => s.id === id);
                      if (site) form.setFieldValue(['customer', 'address'], site.address);
                    }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label={t('customers.device')} name="equipmentId">
                  <Select
                    allowClear
                    options={chosen.equipment.map((e) => ({
                      value: e.id,
                      label: [e.model, e.serialNumber].filter(Boolean).join(' · '),
                    }))}
                    onChange={(id?: string) => {
                      const device = chosen.equipment.find((e) => e.id === id);
                      if (device) form.setFieldValue('product', device.model);
                    }}
                  />
                </Form.Item>
              </Col>
            </Row>
          }
        />
      )}
    </>
  );
}

function phoneOf(typed: string): string {
  return typed.trim().replace(/[\s-]/g, '');
}
