import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api.js';
import { useLang } from '../hooks.js';

// The satisfaction survey behind the invitation e-mail's link (/survey/<token>): answered once,
// anonymously; nothing about the resident is shown or stored with the answer.

interface SurveyInfo {
  publicId: string;
  service: { code: string; name: string; translations?: { es?: { name?: string } } } | null;
  locale: string;
  open: boolean;
  answered: boolean;
}

async function call<T>(method: 'GET' | 'POST', token: string, body?: unknown): Promise<T> {
  const res = await fetch(`/api/surveys/${encodeURIComponent(token)}`, {
    method,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? 'http', json?.error?.message ?? `HTTP ${res.status}`);
  return json as T;
}

const SCALE = [1, 2, 3, 4, 5];

/** The language the resident chose on this device (src/i18n.ts keeps it), which wins over the invitation's. */
function savedLanguage(): string | null {
  try {
    return localStorage.getItem('civicdesk.lang');
  } catch {
    return null;
  }
}

export default function Survey() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const { token = '' } = useParams();
  const [params] = useSearchParams();
  const info = useQuery({ queryKey: ['survey', token], queryFn: () => call<SurveyInfo>('GET', token), retry: false });
  const [resolved, setResolved] = useState<'' | 'yes' | 'no'>('');
  const [satisfaction, setSatisfaction] = useState(0);
  const [courtesy, setCourtesy] = useState(0);
  const [comment, setComment] = useState('');
  // The invitation was written in the resident's language: open the page in it unless they chose otherwise.
  const locale = info.data?.locale;
  useEffect(() => {
    if (locale && !params.get('lang') && !savedLanguage() && (locale === 'en' || locale === 'es') && i18n.language !== locale) void i18n.changeLanguage(locale);
  }, [locale]); // only when the survey first loads
  const send = useMutation({
    mutationFn: () =>
      call('POST', token, {
        resolved: resolved === '' ? null : resolved === 'yes',
        satisfaction: satisfaction || null,
        courtesy: courtesy || null,
        comment: comment.trim() || null,
      }),
  });
  if (info.isPending) return <p>{t('app.loading')}</p>;
  if (info.error) return <p className="error" role="alert">{t('survey.notFound')}</p>;
  const s = info.data;
  const service = (lang === 'es' ? s.service?.translations?.es?.name : undefined) ?? s.service?.name ?? '';
  const heading = <h1>{t('survey.heading')}</h1>;
  if (send.isSuccess) {
    return (
      <section>
        {heading}
        <p className="chosen" role="status">
          {t('survey.thanks')}
        </p>
      </section>
    );
  }
  if (s.answered || (send.error as ApiError | null)?.status === 409) {
    return (
      <section>
        {heading}
        <p className="card" role="status">
          {t('survey.already')}
        </p>
      </section>
    );
  }
  if (!s.open) {
    return (
      <section>
        {heading}
        <p className="card">{t('survey.notClosed', { id: s.publicId })}</p>
      </section>
    );
  }
  return (
    <section>
      {heading}
      <p>{t('survey.lead', { id: s.publicId, service })}</p>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          send.mutate();
        }}
      >
        <fieldset className="field">
          <legend>{t('survey.resolved')}</legend>
          {(['yes', 'no'] as const).map((v) => (
            <label key={v} className="check">
              <input type="radio" name="resolved" value={v} checked={resolved === v} onChange={() => setResolved(v)} />
              {t(`survey.${v}`)}
            </label>
          ))}
        </fieldset>
        <Scale name="satisfaction" legend={t('survey.satisfaction')} value={satisfaction} onChange={setSatisfaction} />
        <Scale name="courtesy" legend={t('survey.courtesy')} value={courtesy} onChange={setCourtesy} />
        <div className="field">
          <label htmlFor="survey-comment">{t('survey.comment')}</label>
          <span className="hint" id="survey-comment-hint">
            {t('survey.commentHint')}
          </span>
          <textarea id="survey-comment" aria-describedby="survey-comment-hint" rows={4} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        {send.error && (send.error as ApiError).status !== 409 && (
          <p className="error" role="alert">
            {t('app.error')}
          </p>
        )}
        <button type="submit" className="button primary" disabled={send.isPending}>
          {t('survey.send')}
        </button>
      </form>
    </section>
  );
}

function Scale({ name, legend, value, onChange }: { name: string; legend: string; value: number; onChange: (n: number) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field survey-scale">
      <legend>{legend}</legend>
      <div className="scale-choices">
        {SCALE.map((n) => (
          <label key={n} className="check">
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
            {t(`survey.scale.${n}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
