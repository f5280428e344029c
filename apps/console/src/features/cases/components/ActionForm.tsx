import { DatePicker, Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CaseAction, useAssigneeSuggestions } from '../api/cases';

const DEPARTMENTS = [
  'tech_support',
  'product_division',
  'customer_service',
  'quality_desk',
  'gm_office',
] as const;
const GRADES = ['A', 'B', 'C', 'D'] as const;

/** The fields each action asks for (its body in the API). */
export function ActionFields({ action, number }: { action: CaseAction; number: string }) {
  const { t } = useTranslation();
  const suggestions = useAssigneeSuggestions(number, action === 'assign');
  const required = [{ required: true, message: t('auth.required') }];
  const note = (
    <Form.Item key="note" name="note" label={t('field.note')} rules={action === 'add-note' ? required : []}>
      <Input.TextArea rows={2} />
    </Form.Item>
  );
  switch (action) {
    case 'assign':
      return (
        <>
          <Form.Item name="assigneeId" label={t('case.assignee')} rules={required}>
            <Select
              loading={suggestions.isPending}
              options={(suggestions.data ?? []).map((s) => ({
                value: s.id,
                label: `${s.name} (${s.openCases})`,
              }))}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('field.reason')}>
            <Input />
          </Form.Item>
        </>
      );
    case 'schedule':
      return (
        <>
          <Form.Item name="visitAt" label={t('field.visitAt')} rules={required}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="customerWish" label={t('field.customerWish')}>
            <Input />
          </Form.Item>
          {note}
        </>
      );
    case 'forward':
      return (
        <>
          <Form.Item name="department" label={t('field.department')} rules={required}>
            <Select options={DEPARTMENTS.map((d) => ({ value: d, label: t(`department.${d}`) }))} />
          </Form.Item>
          {note}
        </>
      );
    case 'return-result':
      return (
        <Form.Item name="result" label={t('field.result')} rules={required}>
          <Input.TextArea rows={3} />
        </Form.Item>
      );
    case 'request-customer-test':
      return (
        <Form.Item name="instructions" label={t('field.instructions')} rules={required}>
          <Input.TextArea rows={3} />
        </Form.Item>
      );
    case 'record-test-result':
      return (
        <>
          <Form.Item name="works" label={t('field.works')} valuePropName="checked" initialValue={true}>
            <Switch />
          </Form.Item>
          {note}
        </>
      );
    case 'resolve':
      return (
        <>
          <Form.Item name="summary" label={t('field.summary')} rules={required}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="faultGrade" label={t('field.faultGrade')}>
            <Select allowClear options={GRADES.map((g) => ({ value: g, label: g }))} />
          </Form.Item>
        </>
      );
    case 'reopen':
    case 'cancel':
      return (
        <Form.Item name="reason" label={t('field.reason')} rules={required}>
          <Input.TextArea rows={2} />
        </Form.Item>
      );
    case 'contact':
    case 'start':
    case 'add-note':
      return note;
  }
}
