import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { browserTimeZone, formatTime } from '../../../lib/time';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useBranchZone } from '../../branches/api/get-branches';
import { type AttemptBody, type Callback, useRecordAttempt } from '../api/callbacks';
import { CallbackLinks } from './CallbackLinks';

const GRADES = ['A', 'B', 'C', 'D'] as const;
const SCORES = [1, 2, 3, 4, 5];
const newKey = () => crypto.randomUUID();

interface Values {
  reached?: boolean;
  satisfaction?: number;
  engineerRating?: number;
  faultGrade?: AttemptBody['faultGrade'];
  remarks?: string;
  extremelyDissatisfied?: boolean;
}

/**
 * One call to the customer: reached or not, satisfaction, the engineer's rating, the fault grade, remarks.
 * The API judges the values (its 422 lands on the field it names); afterwards the dialog shows where the
 * callback went — the retry time, the case reopening, the complaint raised.
 */
export function AttemptDialog({ callback, onClose }: { callback: Callback; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [key, setKey] = useState(newKey);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const [result, setResult] = useState<Callback>();
  const record = useRecordAttempt(callback.id, key);
  const zone = useBranchZone(callback.branchId);
  const reached = Form.useWatch('reached', form);

  const submit = (values: Values) => {
    setUnplaced([]);
    const body = Object.fromEntries(
      Object.entries(values).filter(([, v]) => v !== undefined && v !== ''),
    ) as AttemptBody;
    if (!values.extremelyDissatisfied) delete body.extremelyDissatisfied;
    record.mutate(body, {
      onSuccess: (answer) => setResult(answer),
      onError: (error) => {
        if (error instanceof ApiError && error.status < 500) setKey(newKey());
        const rest = applyFieldErrors(form, error);
        const placed = error instanceof ApiError && Object.keys(error.fieldErrors).length > 0;
        if (error instanceof ApiError && error.status === 409)
          setUnplaced([t('quality.attempt.closedAlready')]);
        else setUnplaced(placed ? rest : [error.message]);
      },
    });
  };

  const title = t('quality.attempt.title', { name: callback.customerName, number: callback.caseNumber });
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      destroyOnHidden
      footer={
        result ? (
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={record.isPending} onClick={() => form.submit()}>
              {t('quality.attempt.submit')}
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <Space direction="vertical" role="status">
          <Typography.Text strong>
            {t('quality.attempt.recorded', {
              outcome: result.outcome
                ? t(`quality.outcome.${result.outcome}`)
                : t(`quality.callbackState.${result.state}`),
            })}
          </Typography.Text>
          {result.state === 'retry_scheduled' && result.nextAttemptAt && (
            <Typography.Text>
              {t('quality.attempt.retry', {
                when: formatTime(result.nextAttemptAt, zone, browserTimeZone()),
              })}
            </Typography.Text>
          )}
          <CallbackLinks callback={result} />
        </Space>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} aria-label={title}>
          <Typography.Paragraph copyable style={{ fontSize: 16, fontVariantNumeric: 'tabular-nums' }}>
            {callback.customerPhone}
          </Typography.Paragraph>
          <Form.Item name="reached" label={t('quality.attempt.reached')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: true, label: t('quality.attempt.reachedYes') },
                { value: false, label: t('quality.attempt.reachedNo') },
              ]}
            />
          </Form.Item>
          {reached !== false && (
            <>
              <Form.Item
                name="satisfaction"
                label={t('quality.attempt.satisfaction')}
                extra={t('quality.attempt.satisfactionHelp')}
              >
                <Radio.Group
                  optionType="button"
                  options={SCORES.map((n) => ({ value: n, label: String(n) }))}
                />
              </Form.Item>
              <Form.Item name="engineerRating" label={t('quality.attempt.engineerRating')}>
                <Radio.Group
                  optionType="button"
                  options={SCORES.map((n) => ({ value: n, label: String(n) }))}
                />
              </Form.Item>
              <Form.Item name="faultGrade" label={t('quality.attempt.faultGrade')}>
                <Radio.Group optionType="button" options={GRADES.map((g) => ({ value: g, label: g }))} />
              </Form.Item>
              <Form.Item name="extremelyDissatisfied" valuePropName="checked">
                <Checkbox>{t('quality.attempt.extremelyDissatisfied')}</Checkbox>
              </Form.Item>
            </>
          )}
          <Form.Item name="remarks" label={t('quality.attempt.remarks')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          {unplaced.length > 0 && <Alert type="error" title={unplaced.join(' ')} />}
        </Form>
      )}
    </Modal>
  );
}
