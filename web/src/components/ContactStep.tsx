import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccount } from '../hooks.js';
import { LANGUAGES } from '../i18n.js';
import type { StepProps } from '../pages/Report.js';
import { StepHeading } from './StepHeading.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ContactStep({ draft, update, next, back }: StepProps) {
  const { t } = useTranslation();
  const id = useId();
  const [badEmail, setBadEmail] = useState(false);
  // A signed-in resident finds their e-mail and name already filled in (they can still change or clear them).
  const account = useAccount().data;
  const [prefilled, setPrefilled] = useState(false);
  useEffect(() => {
    if (prefilled || !account?.signedIn) return;
    setPrefilled(true);
    if (!draft.anonymous && !draft.email.trim() && !draft.name.trim()) update({ email: account.email, name: account.name ?? '' });
  }, [account, prefilled, draft, update]);
  const optional = <span className="muted"> ({t('contact.optional')})</span>;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const bad = !draft.anonymous && draft.email.trim() !== '' && !EMAIL.test(draft.email.trim());
        setBadEmail(bad);
        if (bad) return document.getElementById(`${id}-email`)?.focus();
        next();
      }}
    >
      <StepHeading>{t('contact.heading')}</StepHeading>
      <p>{t('contact.lead')}</p>
      <label className="check">
        <input type="checkbox" checked={draft.anonymous} onChange={(e) => update({ anonymous: e.target.checked })} />
        {t('contact.anonymous')}
      </label>
      {!draft.anonymous && (
        <>
          <div className="field">
            <label htmlFor={`${id}-name`}>
              {t('contact.name')}
              {optional}
            </label>
            <input id={`${id}-name`} autoComplete="name" value={draft.name} onChange={(e) => update({ name: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-email`}>
              {t('contact.email')}
              {optional}
            </label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="email"
              aria-invalid={badEmail || undefined}
              aria-describedby={badEmail ? `${id}-email-error` : undefined}
              value={draft.email}
              onChange={(e) => update({ email: e.target.value })}
            />
            {badEmail && (
              <p className="error" id={`${id}-email-error`} role="alert">
                {t('contact.badEmail')}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-phone`}>
              {t('contact.phone')}
              {optional}
            </label>
            <input id={`${id}-phone`} type="tel" autoComplete="tel" value={draft.phone} onChange={(e) => update({ phone: e.target.value })} />
          </div>
          <fieldset className="field">
            <legend>{t('contact.updatesLanguage')}</legend>
            {LANGUAGES.map((l) => (
              <label key={l.code} className="check" lang={l.code}>
                <input type="radio" name={`${id}-locale`} value={l.code} checked={draft.updatesLocale === l.code} onChange={() => update({ updatesLocale: l.code })} />
                {l.name}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <div className="actions">
        <button type="button" className="button secondary" onClick={back}>
          {t('app.back')}
        </button>
        <button type="submit" className="button primary">
          {t('app.continue')}
        </button>
      </div>
    </form>
  );
}
