import { useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { whenSessionExpires } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { useMe } from '../api/session';

/** Where to come back to after signing in: the page the person was on. */
export function signInPath(location: { pathname: string; search: string }, expired = false): string {
  const next = encodeURIComponent(location.pathname + location.search);
  return `/sign-in?next=${next}${expired ? '&expired=1' : ''}`;
}

/** The pages behind sign-in: a lost session returns to the sign-in page, and back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const client = useQueryClient();
  const { i18n } = useTranslation();
  // Set when a call answered 401 while signed in: the sign-in page then says the session expired.
  const expired = useRef(false);

  useEffect(() => {
    whenSessionExpires(() => {
      if (client.getQueryData(queryKeys.me)) expired.current = true;
      client.setQueryData(queryKeys.me, null);
    });
  }, [client]);

  const language = me.data?.language;
  useEffect(() => {
    if (language && i18n.language !== language) void i18n.changeLanguage(language);
  }, [language, i18n]);

  if (me.isPending) return <Spin fullscreen />;
  if (!me.data) return <Navigate to={signInPath(location, expired.current)} replace />;
  if (me.data.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}
