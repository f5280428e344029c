import { DatePicker, Form, Input, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintAction } from '../api/complaints';

/** The fields each complaint action asks for (its body in the API). */
export function ComplaintActionFields({ action }: { action: ComplaintAction }) {
  const { t } = useTranslation();
  const required = [{ required: true, whitespace: true, message: t('auth.required') }];
  switch (action) {
    case 'acknowledge':
    case 'contact':
      return (
        <Form.Item name="note" label={t('field.note')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      );
    case 'promise-answer':
      return (
        <>
          <Form.Item name="answer" label={t('complaints.answer')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="answerBy" label={t('complaints.answerBy')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </>
      );
    case 'deliver-result':
      return (
        <>
          <Form.Item name="result" label={t('complaints.result')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item
            name="inPerson"
            label={t('complaints.inPerson')}
            valuePropName="checked"
            initialValue={true}
          >
            <Switch />
          </Form.Item>
        </>
      );
    case 'report':
      return (
        <>
          <Form.Item name="cause" label={t('complaints.cause')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="actionTaken" label={t('complaints.actionTaken')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </>
      );
    case 'record-callback':
      return (
        <>
          <Form.Item
            name="satisfied"
            label={t('complaints.satisfied')}
            valuePropName="checked"
            initialValue={true}
          >
            <Switch />
          </Form.Item>
          <Form.Item name="remarks" label={t('complaints.remarks')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      );
    case 'close':
      return (
        <Form.Item name="reason" label={t('field.reason')} rules={required}>
          <Input.TextArea rows={2} />
        </Form.Item>
      );
  }
}
