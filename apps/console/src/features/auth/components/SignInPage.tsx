import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { LanguageSwitch } from '../../../shared/LanguageSwitch';
import { useMe, useSignIn } from '../api/session';

/** Only paths inside the console: `next` must not send anyone to another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/board';
}

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const me = useMe();
  const signIn = useSignIn();
  const next = safeNext(params.get('next'));

  if (me.data) return <Navigate to={me.data.mustChangePassword ? '/change-password' : next} replace />;

  return (
    <main style={{ maxWidth: 380, margin: '10vh auto', padding: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography.Title level={2}>{t('app.name')}</Typography.Title>
        <LanguageSwitch />
      </div>
      <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('auth.title')}</h1>}>
        {params.get('expired') && (
          <Alert type="warning" showIcon title={t('auth.expired')} style={{ marginBottom: 16 }} />
        )}
        {signIn.error && (
          <Alert
            role="alert"
            type="error"
            showIcon
            title={signIn.error instanceof ApiError ? signIn.error.message : t('common.offline')}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form
          layout="vertical"
          onFinish={(values: { username: string; password: string }) => signIn.mutate(values)}
        >
          <Form.Item
            label={t('auth.username')}
            name="username"
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('auth.password')}
            name="password"
            rules={[{ required: true, message: t('auth.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            {t('auth.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
