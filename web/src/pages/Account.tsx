import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, type MyAccount } from '../api.js';
import { EmailLinkForm } from '../components/EmailLinkForm.js';
import { useAccount, useLang } from '../hooks.js';
import { LANGUAGES, setLanguage, type Lang } from '../i18n.js';

// "My requests": an optional account. Sign in by a one-time link e-mailed to the resident (the
// token in the URL's fragment, never in a request line); then their requests and their language.

const tokenFromHash = () => new URLSearchParams(window.location.hash.slice(1)).get('token');

export default function Account() {
  const { t } = useTranslation();
  const account = useAccount();
  const [token] = useState(tokenFromHash);
  const data = account.data;
  const heading = data?.signedIn ? t('account.heading') : t('account.signInHeading');
  return (
    <section className="account">
      <h1>{heading}</h1>
      {token && !data?.signedIn ? <SignIn token={token} /> : data?.signedIn ? <Signed account={data} /> : account.isPending ? <p>{t('app.loading')}</p> : <AskForLink />}
    </section>
  );
}

function SignIn({ token }: { token: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const started = useRef(false);
  const sign = useMutation({
    mutationFn: () => api.accountSignIn(token),
    onSuccess: async () => {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      // The portal follows the language the resident saved.
      const a = await api.account();
      if (a.signedIn) setLanguage(a.locale);
      qc.setQueryData(['account'], a);
    },
  });
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    sign.mutate();
  }, [sign]);
  if (sign.isError) {
    return (
      <p className="error" role="alert">
        {sign.error instanceof ApiError && sign.error.status === 403 ? t('account.expired') : t('app.error')}{' '}
        <a href="/account">{t('account.askAgain')}</a>
      </p>
    );
  }
  return <p role="status">{t('account.signingIn')}</p>;
}

function AskForLink() {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('account.lead')}</p>
      <EmailLinkForm send={api.accountLink} text={{ email: t('account.email'), send: t('account.send'), sent: t('account.sent') }} />
    </>
  );
}

function Signed({ account }: { account: MyAccount }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const qc = useQueryClient();
  const [locale, setLocale] = useState<Lang>(account.locale);
  const save = useMutation({
    mutationFn: () => api.accountLocale(locale),
    onSuccess: async () => {
      setLanguage(locale);
      await qc.invalidateQueries({ queryKey: ['account'] });
    },
  });
  const out = useMutation({
    mutationFn: api.accountSignOut,
    onSuccess: () => qc.setQueryData(['account'], { signedIn: false }),
  });
  const date = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  return (
    <>
      <p className="muted">{t('account.signedInAs', { email: account.email })}</p>
      {account.requests.length === 0 ? (
        <p>{t('account.none')}</p>
      ) : (
        <ul className="my-requests">
          {account.requests.map((r) => (
            <li key={r.publicId} className="card">
              <Link to={`/track/${encodeURIComponent(r.publicId)}`}>
                <strong>{r.service}</strong> <span className="muted id">{r.publicId}</span>
              </Link>
              <span className={`badge status-${r.status}`}>{t(`status.${r.status}`)}</span>
              <span className="muted">
                {t('account.received', { date: date.format(new Date(r.createdAt)) })} · {t(`account.${r.role}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-lang`}>{t('account.language')}</label>
          <select id={`${id}-lang`} value={locale} onChange={(e) => setLocale(e.target.value as Lang)}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <button className="button" type="submit" disabled={save.isPending}>
          {t('account.save')}
        </button>
        {save.isSuccess && <p role="status">{t('account.saved')}</p>}
        {save.isError && (
          <p className="error" role="alert">
            {t('app.error')}
          </p>
        )}
      </form>
      <button className="button" type="button" onClick={() => out.mutate()} disabled={out.isPending}>
        {t('account.signOut')}
      </button>
    </>
  );
}
