import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Lang } from '../i18n.js';

/** A choice of language on every page; remembered on this device. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang" role="group" aria-label={t('app.language')}>
      {LANGUAGES.map((l) => (
        <button key={l.code} type="button" lang={l.code} aria-pressed={i18n.language === l.code} onClick={() => setLanguage(l.code as Lang)}>
          {l.name}
        </button>
      ))}
    </div>
  );
}
