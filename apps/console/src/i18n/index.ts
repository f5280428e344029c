// The console's words: zh-CN by default, English one click away (the choice is saved on the user).
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogue } from './catalogue';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const resources = {
  'zh-CN': { translation: catalogue['zh-CN'] },
  en: { translation: catalogue.en },
} as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: 'zh-CN',
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

// The page says which language it is in (screen readers, fonts, hyphenation).
i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  // Ant Design's date pickers name months and weekdays through dayjs's global locale.
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
});

export default i18n;
