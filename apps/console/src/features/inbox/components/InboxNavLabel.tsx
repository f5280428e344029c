import { Badge, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnreadCount } from '../api/inbox';

/** The navigation entry of the inbox, with the unread count (kept live by the server push). */
export function InboxNavLabel() {
  const { t } = useTranslation();
  const unread = useUnreadCount(true) ?? 0;
  return (
    <Space size={6}>
      {t('inbox.nav')}
      <span data-testid="inbox-unread" data-count={unread}>
        <Badge
          count={unread}
          overflowCount={99}
          title={t('inbox.unreadCount', { count: unread })}
          aria-label={t('inbox.unreadCount', { count: unread })}
        />
      </span>
    </Space>
  );
}
