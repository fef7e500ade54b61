import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type MyData } from '../api.js';
import { EmailLinkForm } from '../components/EmailLinkForm.js';

// "Your data": ask for a one-time link by e-mail; the link (token in the URL's fragment, never
// sent to the server in a request line) lets the resident download their data or erase it.

const tokenFromHash = () => new URLSearchParams(window.location.hash.slice(1)).get('token');

export default function Privacy() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromHash);
  return (
    <section className="privacy">
      <h1>{t('privacy.heading')}</h1>
      <p>{t('privacy.lead')}</p>
      {token ? <WithLink token={token} /> : <AskForLink />}
    </section>
  );
}

function AskForLink() {
  const { t } = useTranslation();
  return <EmailLinkForm send={api.privacyLink} text={{ email: t('privacy.email'), send: t('privacy.send'), sent: t('privacy.sent') }} />;
}

function download(data: MyData) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = 'my-311-data.json';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function WithLink({ token }: { token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [sure, setSure] = useState(false);
  const exp = useMutation({ mutationFn: () => api.privacyExport(token), onSuccess: download });
  const erase = useMutation({ mutationFn: () => api.privacyErase(token) });
  const expired = [exp.error, erase.error].some((e) => e instanceof ApiError && e.status === 403);
  if (erase.isSuccess) {
    return (
      <p className="chosen" role="status">
        {t('privacy.erased', { count: erase.data.requests })}
      </p>
    );
  }
  return (
    <>
      {expired && (
        <p className="error" role="alert">
          {t('privacy.expired')} <a href="/privacy">{t('privacy.askAgain')}</a>
        </p>
      )}
      <div className="card">
        <h2>{t('privacy.downloadHeading')}</h2>
        <p>{t('privacy.downloadLead')}</p>
        <button className="button" type="button" onClick={() => exp.mutate()} disabled={exp.isPending}>
          {t('privacy.download')}
        </button>
        {exp.isSuccess && (
          <p role="status">{t('privacy.downloaded', { requests: exp.data.requests.length, subscriptions: exp.data.subscriptions.length })}</p>
        )}
      </div>
      <div className="card">
        <h2>{t('privacy.eraseHeading')}</h2>
        <p>{t('privacy.eraseLead')}</p>
        <div className="field">
          <label className="check" htmlFor={`${id}-sure`}>
            <input id={`${id}-sure`} type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} /> {t('privacy.sure')}
          </label>
        </div>
        <button className="button primary" type="button" onClick={() => erase.mutate()} disabled={!sure || erase.isPending}>
          {t('privacy.erase')}
        </button>
      </div>
    </>
  );
}
