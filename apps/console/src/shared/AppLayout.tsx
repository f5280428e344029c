import { Alert, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { type Role, useMe, useSignOut } from '../features/auth/api/session';
import { LanguageSwitch } from './LanguageSwitch';

/** The navigation, by role: each entry only for the roles whose routes it uses (docs/permissions.md). */
const NAV: { path: string; label: string; roles: Role[] }[] = [
  { path: '/board', label: 'nav.board', roles: ['operator', 'engineer', 'supervisor', 'quality', 'admin'] },
  { path: '/intake', label: 'nav.newCase', roles: ['operator', 'engineer', 'admin'] },
  { path: '/callbacks', label: 'quality.nav.callbacks', roles: ['quality', 'supervisor', 'admin'] },
  { path: '/samples', label: 'quality.nav.samples', roles: ['quality', 'supervisor', 'admin'] },
  { path: '/reports', label: 'reports.nav', roles: ['supervisor', 'quality', 'admin'] },
  { path: '/notifications', label: 'notifications.nav', roles: ['admin'] },
  { path: '/audit', label: 'audit.nav', roles: ['admin'] },
];

export function navFor(roles: readonly Role[]) {
  return NAV.filter((item) => item.roles.some((role) => roles.includes(role)));
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const fetching = useIsFetching();
  const failing = client
    .getQueryCache()
    .getAll()
    .some((q) => q.state.fetchFailureCount > 0 && q.state.status !== 'success' && fetching > 0);
  const items = navFor(me.data?.roles ?? []).map((item) => ({
    key: item.path,
    label: <Link to={item.path}>{t(item.label)}</Link>,
  }));
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#fff' }}>
        <Typography.Text strong style={{ fontSize: 18 }}>
          {t('app.name')}
        </Typography.Text>
        <nav aria-label={t('app.name')} style={{ flex: 1 }}>
          <Menu
            mode="horizontal"
            selectedKeys={selected ? [selected] : []}
            items={items}
            style={{ borderBottom: 'none' }}
          />
        </nav>
        <Space>
          <Typography.Text>{me.data?.displayName}</Typography.Text>
          <LanguageSwitch />
          <Button
            onClick={() =>
              signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) })
            }
          >
            {t('nav.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      {failing && <Alert banner type="error" title={t('common.offline')} />}
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Spin />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
