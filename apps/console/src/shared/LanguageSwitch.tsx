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
      // The visible word first, so the spoken name contains what is seen (WCAG 2.5.3, axe label-content-name-mismatch).
      aria-label={`${t('nav.language')} (${t('nav.languageLabel')})`}
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
