import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.js';
import { formatDate, formatDistance, useConfig, useLang, useServices } from '../hooks.js';

const LeafletMap = lazy(() => import('../components/LeafletMap.js'));
const DAYS = [7, 30, 90];

/** A map and a list of requests around a place, with filters (problem, status, date). */
export default function Nearby() {
  const { t } = useTranslation();
  const lang = useLang();
  const config = useConfig();
  const services = useServices();
  const id = useId();
  const [service, setService] = useState('');
  const [status, setStatus] = useState('open');
  const [days, setDays] = useState('30');
  const [centre, setCentre] = useState<{ lat: number; lng: number } | null>(null);
  const at = centre ?? config.data?.city.centre;
  const list = useQuery({
    queryKey: ['nearby-map', at?.lat, at?.lng, service, status, days, lang],
    queryFn: () => api.nearby({ lat: at!.lat, lng: at!.lng, service: service || undefined, status, days: days ? Number(days) : undefined, radius: 1500, limit: 50, locale: lang }),
    enabled: Boolean(at),
  });
  const markers = useMemo(() => (list.data ?? []).map((r) => ({ id: r.publicId, lat: r.lat, lng: r.lng, label: `${r.publicId} · ${r.serviceName}`, href: `/track/${r.publicId}` })), [list.data]);
  return (
    <section>
      <h1>{t('map.heading')}</h1>
      <p>{t('map.lead')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-service`}>{t('map.service')}</label>
          <select id={`${id}-service`} value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">{t('map.allServices')}</option>
            {(services.data ?? []).filter((s) => !s.informationOnly).map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('map.status')}</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="open">{t('map.open')}</option>
            <option value="closed">{t('map.closedOnly')}</option>
            <option value="all">{t('map.all')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>{t('map.since')}</label>
          <select id={`${id}-days`} value={days} onChange={(e) => setDays(e.target.value)}>
            {DAYS.map((d) => (
              <option key={d} value={String(d)}>
                {t('map.days', { count: d })}
              </option>
            ))}
            <option value="">{t('map.anyTime')}</option>
          </select>
        </div>
      </form>
      {at && (
        <Suspense fallback={null}>
          <p className="hint">
            {t('map.around')} {centre ? t('map.here') : t('map.cityCentre')}. {t('map.pickHint')}
          </p>
          <LeafletMap centre={at} zoom={15} markers={markers} label={t('map.heading')} onPick={setCentre} pin={centre ?? undefined} fitMarkers />
        </Suspense>
      )}
      <p role="status">{list.data ? t('map.results', { count: list.data.length }) : t('app.loading')}</p>
      {list.data && list.data.length === 0 && <p>{t('map.empty')}</p>}
      <ul className="cards" aria-label={t('map.listLabel')}>
        {(list.data ?? []).map((r) => (
          <li key={r.publicId} className="card">
            <p className="card-title">
              <Link to={`/track/${r.publicId}`}>{r.publicId}</Link> · {r.serviceName}
            </p>
            <p>
              <span className={`badge ${r.status === 'closed' ? 'closed' : 'open'}`}>{t(`status.${r.status}`)}</span> {r.address}
            </p>
            <p className="muted">
              {t('nearby.reportedOn', { date: formatDate(r.createdAt, lang) })} · {formatDistance(t, r.distanceM, lang)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
