import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { useLang } from '../hooks.js';

/** Where a one-time link is asked for by e-mail ("Your data", "My requests"): the form, then "sent". */
export function EmailLinkForm({ send, text }: { send: (email: string, lang: string) => Promise<unknown>; text: { email: string; send: string; sent: string } }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const [email, setEmail] = useState('');
  const ask = useMutation({ mutationFn: () => send(email.trim(), lang) });
  if (ask.isSuccess) {
    return (
      <p className="chosen" role="status">
        {text.sent}
      </p>
    );
  }
  const status = ask.error instanceof ApiError ? ask.error.status : 0;
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        ask.mutate();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-email`}>{text.email}</label>
        <input id={`${id}-email`} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      {ask.isError && (
        <p className="error" role="alert">
          {status === 400 ? t('privacy.badEmail') : status === 429 ? t('privacy.tooMany') : t('app.error')}
        </p>
      )}
      <button className="button primary" type="submit" disabled={ask.isPending}>
        {text.send}
      </button>
    </form>
  );
}
