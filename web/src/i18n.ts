import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.js';
import es from './locales/es.js';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

const KEY = 'civicdesk.lang';

/** The resident's remembered choice, else the browser's language, else English. */
function initialLanguage(): Lang {
  const params = new URLSearchParams(location.search).get('lang');
  const saved = params ?? safeGet(KEY);
  if (saved === 'en' || saved === 'es') return saved;
  return navigator.language?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function currentLang(): Lang {
  return i18next.language === 'es' ? 'es' : 'en';
}

export function setLanguage(lang: Lang) {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  void i18next.changeLanguage(lang);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});
document.documentElement.lang = i18next.language;
i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export default i18next;
