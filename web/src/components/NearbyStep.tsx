import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { formatDate, formatDistance, useLang } from '../hooks.js';
import type { StepProps } from '../pages/Report.js';
import { StepHeading } from './StepHeading.js';

/** Open requests of the chosen kind near the place: "me too" instead of a duplicate. Skipped when none. */
export function NearbyStep({ draft, next, back, direction }: StepProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const emailId = useId();
  const [email, setEmail] = useState(draft.anonymous ? '' : draft.email);
  const { lat, lng } = draft.place;
  const nearby = useQuery({
    queryKey: ['nearby', draft.serviceCode, lat, lng, lang],
    queryFn: () => api.duplicates({ lat: lat!, lng: lng!, serviceCode: draft.serviceCode!, limit: 5 }),
    enabled: lat !== undefined && Boolean(draft.serviceCode),
    retry: 0,
  });
  const meToo = useMutation({ mutationFn: (publicId: string) => api.meToo(publicId, email.trim() || undefined, lang) });
  const none = lat === undefined || nearby.isError || (nearby.isSuccess && nearby.data.length === 0);
  useEffect(() => {
    if (!none) return;
    if (direction === 'back') back();
    else next();
  }, [none]);
  if (none || !nearby.data) return <p>{t('app.loading')}</p>;
  if (meToo.isSuccess) {
    return (
      <div>
        <StepHeading>{t('nearby.meTooDone', { id: meToo.variables })}</StepHeading>
        <p>
          <Link className="button primary" to={`/track/${meToo.variables}`}>
            {t('nearby.track', { id: meToo.variables })}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div>
      <StepHeading>{t('nearby.heading')}</StepHeading>
      <p>{t('nearby.lead')}</p>
      <div className="field">
        <label htmlFor={emailId}>{t('nearby.meTooEmail')}</label>
        <input id={emailId} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <ul className="cards">
        {nearby.data.map((r) => (
          <li key={r.publicId} className="card">
            <p className="card-title">
              <Link to={`/track/${r.publicId}`}>{r.publicId}</Link> · {draft.serviceDef?.name}
            </p>
            <p>{r.address ?? formatDistance(t, r.distanceM, lang)}</p>
            {r.description && <p className="quote">{r.description.length > 140 ? `${r.description.slice(0, 140)}…` : r.description}</p>}
            <p className="muted">
              {t('nearby.reportedOn', { date: formatDate(r.createdAt, lang) })} · {formatDistance(t, Math.round(r.distanceM), lang)}
              {r.meTooCount > 0 && <> · {t('nearby.count', { count: r.meTooCount })}</>}
            </p>
            <button type="button" className="button secondary" disabled={meToo.isPending} onClick={() => meToo.mutate(r.publicId)}>
              {t('nearby.meToo')}
              <span className="sr-only"> ({r.publicId})</span>
            </button>
          </li>
        ))}
      </ul>
      {meToo.isError && (
        <p className="error" role="alert">
          {t('app.error')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button secondary" onClick={back}>
          {t('app.back')}
        </button>
        <button type="button" className="button primary" onClick={next}>
          {t('nearby.notMine')}
        </button>
      </div>
    </div>
  );
}
