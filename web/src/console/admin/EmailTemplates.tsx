import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { config } from './adminApi.js';

/**
 * Every e-mail CivicDesk sends, previewed per kind and language. Read-only: the wording is code
 * (src/jobs/mail/strings.ts), rendered here by the same functions as the real messages.
 */
export function EmailTemplates() {
  const { t } = useTranslation();
  const [locale, setLocale] = useState<'en' | 'es'>('en');
  const [kind, setKind] = useState('receipt');
  const list = useQuery({ queryKey: ['mail-previews', locale], queryFn: () => config.mail(locale), staleTime: 300_000 });
  const mail = list.data?.find((m) => m.kind === kind);
  return (
    <section aria-labelledby="email-title">
      <h1 id="email-title">{t('console.cfg.nav.email')}</h1>
      <p className="muted">{t('console.cfg.mail.intro')}</p>
      <div className="grid2 card">
        <div className="field">
          <label htmlFor="mail-locale">{t('console.cfg.mail.language')}</label>
          <select id="mail-locale" value={locale} onChange={(e) => setLocale(e.target.value as 'en' | 'es')}>
            <option value="en" lang="en">
              English
            </option>
            <option value="es" lang="es">
              Español
            </option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="mail-kind">{t('console.cfg.mail.kind')}</label>
          <select id="mail-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {(list.data ?? []).map((m) => (
              <option key={m.kind} value={m.kind}>
                {`${t(`console.cfg.mail.kinds.${m.kind}`)} (${t(`console.cfg.mail.audience.${m.audience}`)})`}
              </option>
            ))}
          </select>
        </div>
      </div>
      {mail && (
        <article className="card mail-preview" aria-labelledby="mail-subject" data-testid="mail-preview">
          <p className="small-h">{t('console.cfg.mail.subject')}</p>
          <p id="mail-subject" className="mail-subject" lang={locale}>
            {mail.subject}
          </p>
          <p className="small-h">{t('console.cfg.mail.text')}</p>
          <pre className="mail-text" lang={locale}>{mail.text}</pre>
          <iframe className="mail-html" title={t('console.cfg.mail.html', { subject: mail.subject })} sandbox="" srcDoc={mail.html} />
        </article>
      )}
    </section>
  );
}
