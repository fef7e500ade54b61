import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, useLang, useServices } from '../hooks.js';

// The chart (and chart.js with it) loads only when this page is opened.
const Chart = lazy(() => import('../components/Chart.js').then((m) => ({ default: m.Chart })));

/** GET /api/public/performance: city-wide figures, public services only, nothing about any person. */
export interface PublicPerformance {
  period: { from: string; to: string };
  received: number;
  resolved: number;
  medianHoursToAcknowledge: number | null;
  medianHoursToResolve: number | null;
  p90HoursToResolve: number | null;
  acknowledgedWithinTarget: number | null;
  resolvedWithinTarget: number | null;
  monthly: Array<{ month: string; opened: number; closed: number; resolved: number }>;
  topServices: Array<{ code: string; name: string; count: number }>;
}

async function fetchPerformance(): Promise<PublicPerformance> {
  const res = await fetch('/api/public/performance', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json() as Promise<PublicPerformance>;
}

/** The public performance page: the city's measures and trends, and the open-data downloads. */
export default function Performance() {
  const { t } = useTranslation();
  const lang = useLang();
  const locale = lang === 'es' ? 'es-US' : 'en-US';
  const data = useQuery({ queryKey: ['public-performance'], queryFn: fetchPerformance, staleTime: 300_000 });
  const services = useServices();
  const serviceName = useMemo(() => new Map((services.data ?? []).map((s) => [s.code, s.name])), [services.data]);
  const int = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const monthName = (m: string) => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));
  // "8.1" large, "business hours" small beneath: the figure reads at a glance.
  const hours = (h: number | null): [string, string?] => (h === null ? [t('performance.none')] : [dec.format(h), t('performance.hours', { count: Math.round(h * 10) / 10 === 1 ? 1 : 2 })]);
  const share = (s: number | null): [string] => [s === null ? t('performance.none') : pct.format(s)];

  if (data.error) return <p className="error" role="alert">{t('performance.failed')}</p>;
  if (!data.data) return <p>{t('app.loading')}</p>;
  const p = data.data;
  const figures: Array<[string, [string, string?]]> = [
    ['received', [int.format(p.received)]],
    ['resolved', [int.format(p.resolved)]],
    ['ackMedian', hours(p.medianHoursToAcknowledge)],
    ['resolveMedian', hours(p.medianHoursToResolve)],
    ['resolveP90', hours(p.p90HoursToResolve)],
    ['ackWithin', share(p.acknowledgedWithinTarget)],
    ['resolveWithin', share(p.resolvedWithinTarget)],
  ];
  const year = `from=${p.period.from}&to=${p.period.to}`;
  return (
    <section className="performance" aria-labelledby="perf-heading">
      <h1 id="perf-heading">{t('performance.heading')}</h1>
      <p>{t('performance.lead', { from: formatDate(`${p.period.from}T12:00:00Z`, lang), to: formatDate(`${p.period.to}T12:00:00Z`, lang) })}</p>
      <dl className="perf-figures" data-testid="public-figures">
        {figures.map(([k, [value, unit]]) => (
          <div key={k} data-figure={k}>
            <dt>{t(`performance.${k}`)}</dt>
            <dd>
              {value}
              {unit && <span className="unit">{` ${unit}`}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted">{t('performance.hoursNote')}</p>

      <h2>{t('performance.trends')}</h2>
      <figure className="perf-chart">
        <Suspense fallback={<div style={{ height: 260 }} />}>
          <Chart
            kind="line"
            height={260}
            labels={p.monthly.map((m) => monthName(m.month))}
            series={[
              { label: t('performance.opened'), data: p.monthly.map((m) => m.opened) },
              { label: t('performance.closed'), data: p.monthly.map((m) => m.closed) },
              { label: t('performance.resolvedCol'), data: p.monthly.map((m) => m.resolved) },
            ]}
            label={t('performance.chart')}
          />
        </Suspense>
        <figcaption className="muted">{t('performance.chart')}</figcaption>
      </figure>
      <details className="perf-table">
        <summary>{t('performance.table')}</summary>
        <table data-testid="public-monthly">
          <thead>
            <tr>
              <th scope="col">{t('performance.month')}</th>
              <th scope="col">{t('performance.opened')}</th>
              <th scope="col">{t('performance.closed')}</th>
              <th scope="col">{t('performance.resolvedCol')}</th>
            </tr>
          </thead>
          <tbody>
            {p.monthly.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthName(m.month)}</th>
                <td>{int.format(m.opened)}</td>
                <td>{int.format(m.closed)}</td>
                <td>{int.format(m.resolved)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <h2>{t('performance.top')}</h2>
      <p className="muted">{t('performance.topLead')}</p>
      <ol className="perf-top" data-testid="public-top">
        {p.topServices.map((s) => (
          <li key={s.code}>
            <span>{serviceName.get(s.code) ?? s.name}</span>
            <span className="perf-count">{t('performance.requests', { count: s.count, n: int.format(s.count) })}</span>
          </li>
        ))}
      </ol>

      <h2>{t('performance.openData')}</h2>
      <p>{t('performance.openDataLead')}</p>
      <ul className="perf-downloads">
        <li>
          <a href="/api/public/requests.csv" download>
            {t('performance.csvAll')}
          </a>
        </li>
        <li>
          <a href="/api/public/requests.geojson" download>
            {t('performance.geojsonAll')}
          </a>
        </li>
        <li>
          <a href={`/api/public/requests.csv?${year}`} download>
            {t('performance.csvYear')}
          </a>
        </li>
        <li>
          <a href={`/api/public/requests.geojson?${year}`} download>
            {t('performance.geojsonYear')}
          </a>
        </li>
      </ul>
    </section>
  );
}
