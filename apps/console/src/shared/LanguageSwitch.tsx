import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe, useSaveLanguage } from '../features/auth/api/session';

/** One click to the other language; saved on the signed-in user (PATCH /api/users/me). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const save = useSaveLanguage();
  const other = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      aria-label={t('nav.languageLabel')}
      lang={other}
      onClick={() => {
        void i18n.changeLanguage(other);
        if (me.data) save.mutate(other);
      }}
    >
      {t('nav.language')}
    </Button>
  );
}
