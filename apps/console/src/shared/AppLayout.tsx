import { Alert, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { type Role, useMe, useSignOut } from '../features/auth/api/session';
import { InboxNavLabel } from '../features/inbox/components/InboxNavLabel';
import { useLiveEvents } from '../features/live/use-live-events';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * The navigation, by role: each entry only for the roles whose routes it uses (docs/permissions.md).
 * Entries with a group sit in a sub-menu of that name (the admin pages under "Admin").
 */
const NAV: { path: string; label: string; roles: Role[]; badge?: 'inbox'; group?: string }[] = [
  { path: '/board', label: 'nav.board', roles: ['operator', 'engineer', 'supervisor', 'quality', 'admin'] },
  { path: '/intake', label: 'nav.newCase', roles: ['operator', 'engineer', 'admin'] },
  // The ladders' reminders reach engineers, their notices and escalations supervisors (anyone may open it).
  { path: '/escalations', label: 'inbox.nav', roles: ['engineer', 'supervisor'], badge: 'inbox' },
  // The hotline and supervisors work from the directory; quality staff and admins open a customer from its
  // link (the quality desk's pages link to it), and admins see phones and addresses masked.
  { path: '/customers', label: 'customers.nav', roles: ['operator', 'supervisor'] },
  { path: '/my-work', label: 'myWork.nav', roles: ['engineer'] },
  { path: '/complaints', label: 'complaints.nav', roles: ['supervisor'] },
  { path: '/admin/policies', label: 'policies.nav', roles: ['admin'], group: 'nav.admin' },
  { path: '/admin/calendars', label: 'calendars.nav', roles: ['admin'], group: 'nav.admin' },
  { path: '/admin/staff', label: 'staff.nav', roles: ['admin'], group: 'nav.admin' },
  { path: '/admin/accounts', label: 'accounts.nav', roles: ['admin'], group: 'nav.admin' },
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
  // The app's one server push (features/live): keeps the board, the case page and the badge current.
  const live = useLiveEvents(Boolean(me.data));
  const failing = client
    .getQueryCache()
    .getAll()
    .some((q) => q.state.fetchFailureCount > 0 && q.state.status !== 'success' && fetching > 0);
  const entries = navFor(me.data?.roles ?? []);
  const link = (item: (typeof entries)[number]) => ({
    key: item.path,
    label: <Link to={item.path}>{item.badge === 'inbox' ? <InboxNavLabel /> : t(item.label)}</Link>,
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
      {(failing || live === 'lost') && <Alert banner type="error" title={t('common.offline')} />}
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Spin />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
