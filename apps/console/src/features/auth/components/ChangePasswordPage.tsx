import { Alert, Button, Card, Form, Input, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { applyFieldErrors } from '../../../shared/field-errors';
import { useChangePassword, useMe } from '../api/session';

/** A password an admin reset must be replaced before anything else works. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const change = useChangePassword();
  const [form] = Form.useForm();

  if (me.isPending) return <Spin fullscreen />;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  if (!me.data.mustChangePassword) return <Navigate to="/board" replace />;

  return (
    <main style={{ maxWidth: 420, margin: '10vh auto', padding: 16 }}>
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('auth.changePasswordTitle')}</h1>}>
        <Alert type="info" showIcon title={t('auth.changePasswordHint')} style={{ marginBottom: 16 }} />
        {change.error instanceof ApiError && !Object.keys(change.error.fieldErrors).length && (
          <Alert
            role="alert"
            type="error"
            showIcon
            title={change.error.message}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form
          form={form}
          layout="vertical"
          onFinish={(values: { currentPassword: string; newPassword: string }) =>
            change.mutate(values, { onError: (error) => applyFieldErrors(form, error) })
          }
        >
          <Form.Item
            label={t('auth.currentPassword')}
            name="currentPassword"
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('auth.newPassword')}
            name="newPassword"
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending}>
            {t('auth.changePassword')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
