import { Alert, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { type Role, useMe, useSignOut } from '../features/auth/api/session';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The navigation, by role: each entry only for the roles whose routes it uses (docs/permissions.md).
 * Entries with a group sit in a sub-menu of that name (the admin pages under "Admin").
 */
const NAV: { path: string; label: string; roles: Role[]; group?: string }[] = [
  { path: '/board', label: 'nav.board', roles: ['operator', 'engineer', 'supervisor', 'quality', 'admin'] },
  { path: '/intake', label: 'nav.newCase', roles: ['operator', 'engineer', 'admin'] },
  { path: '/admin/policies', label: 'policies.nav', roles: ['admin'], group: 'nav.admin' },
  { path: '/admin/calendars', label: 'calendars.nav', roles: ['admin'], group: 'nav.admin' },
  { path: '/admin/staff', label: 'staff.nav', roles: ['admin'], group: 'nav.admin' },
  { path: '/admin/accounts', label: 'accounts.nav', roles: ['admin'], group: 'nav.admin' },
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
  const entries = navFor(me.data?.roles ?? []);
  const link = (item: (typeof entries)[number]) => ({
    key: item.path,
    label: <Link to={item.path}>{t(item.label)}</Link>,
  });
  const groups = [...new Set(entries.flatMap((item) => (item.group ? [item.group] : [])))];
  const items = [
    ...entries.filter((item) => !item.group).map(link),
    ...groups.map((group) => ({
      key: group,
      label: t(group),
      children: entries.filter((item) => item.group === group).map(link),
    })),
  ];
  const selected = entries.find((i) => location.pathname.startsWith(i.path))?.path;

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
