import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useLang } from '../../hooks.js';
import type { Me } from '../api.js';
import { CHANNELS, useDirectory, useServiceNames } from '../shared.js';
import { csvHref, fetchReport, FILTER_KEYS, type Applied, type Filters, type ReportName } from './reportsApi.js';

/** The page's filters, read from and written to its URL (so a view can be bookmarked and shared). */
export function useReportFilters(extra: Array<'grain' | 'cell'> = []) {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const k of [...FILTER_KEYS, ...extra]) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const set = (k: keyof Filters, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return { filters, set };
}

/** Numbers as the page's language writes them. */
export function useFormat() {
  const lang = useLang();
  const locale = lang === 'es' ? 'es-US' : 'en-US';
  return useMemo(() => {
    const int = new Intl.NumberFormat(locale);
    const dec = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const avg = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const pct = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return {
      count: (n: number) => int.format(n),
      hours: (h: number | null) => (h === null ? '—' : dec.format(h)),
      average: (n: number | null) => (n === null ? '—' : avg.format(n)),
      share: (s: number | null) => (s === null ? '—' : pct.format(s)),
      money: (n: number, currency: string) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n),
      /** A local date YYYY-MM-DD, written out. */
      day: (d: string) => day.format(new Date(`${d.slice(0, 10)}T00:00:00Z`)),
      when: (iso: string | null) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—'),
    };
  }, [locale]);
}

/** A department's or service's name in the page's language (services have Spanish names). */
export function useNames() {
  const dir = useDirectory();
  const services = useServiceNames();
  const depts = useMemo(() => new Map((dir.data?.departments ?? []).map((d) => [d.id, d.name])), [dir.data]);
  return {
    service: (id: number | null, fallback: string | null) => (id === null ? (fallback ?? '') : (services.get(id) ?? fallback ?? `#${id}`)),
    department: (id: number | null, fallback: string | null) => (id === null ? (fallback ?? '') : (depts.get(id) ?? fallback ?? `#${id}`)),
  };
}

interface Props<T> {
  name: ReportName;
  me: Me['user'];
  /** Options of this report beyond the shared filters (trends' grain, the heat map's cell). */
  extra?: Array<'grain' | 'cell'>;
  extraControls?: (f: Filters, set: (k: keyof Filters, v: string) => void) => ReactNode;
  /** Filters this report uses when the URL has none (not written to the URL). */
  defaults?: () => Filters;
  /** More CSV downloads than the report's own (the overdue list beside performance). */
  moreCsv?: Array<{ name: ReportName; label: string }>;
  children: (data: T, filters: Filters) => ReactNode;
}

/** One report's screen: title, filters, a line that says what is counted, downloads, print, the figures. */
export function ReportPage<T extends { filter: Applied }>({ name, me, extra = [], extraControls, defaults, moreCsv = [], children }: Props<T>) {
  const { t } = useTranslation();
  const { filters: chosen, set } = useReportFilters(extra);
  const filters = { ...(defaults && !chosen.from && !chosen.to ? defaults() : {}), ...chosen };
  const data = useQuery({ queryKey: ['report', name, filters], queryFn: () => fetchReport<T>(name, filters), placeholderData: (prev) => prev, staleTime: 30_000 });
  const titleId = `report-${name}-title`;
  return (
    <section aria-labelledby={titleId} className="report" data-report={name}>
      <div className="title-row">
        <h1 id={titleId}>{t(`console.reports.${name}.title`)}</h1>
        <div className="report-actions no-print">
          {[{ name, label: t('console.reports.csv') }, ...moreCsv].map((c) => (
            <a key={c.name} className="button small" href={csvHref(c.name, filters)} download data-testid={`csv-${c.name}`}>
              {c.label}
            </a>
          ))}
          <button type="button" className="button small" onClick={() => print()}>
            {t('console.reports.print')}
          </button>
        </div>
      </div>
      <p className="report-about">{t(`console.reports.${name}.about`)}</p>
      <FilterBar me={me} filters={filters} set={set} applied={data.data?.filter}>
        {extraControls?.(filters, set)}
      </FilterBar>
      {data.data && <Summary applied={data.data.filter} extra={extraControls ? filters : {}} />}
      {data.error ? (
        <p className="error" role="alert">
          {t('console.reports.failed', { message: (data.error as Error).message })}
        </p>
      ) : !data.data ? (
        <p>{t('console.loading')}</p>
      ) : (
        <div className="report-body" aria-busy={data.isFetching}>
          {children(data.data, filters)}
        </div>
      )}
    </section>
  );
}

function FilterBar({ me, filters, set, applied, children }: { me: Me['user']; filters: Filters; set: (k: keyof Filters, v: string) => void; applied: Applied | undefined; children?: ReactNode }) {
  const { t } = useTranslation();
  const dir = useDirectory();
  const names = useServiceNames();
  const scoped = me.role === 'department_staff';
  const departments = (dir.data?.departments ?? []).filter((d) => !scoped || me.departmentIds.includes(d.id));
  const services = (dir.data?.services ?? [])
    .filter((s) => (filters.department ? String(s.departmentId) === filters.department : !scoped || me.departmentIds.includes(s.departmentId)))
    .map((s) => ({ id: s.id, name: names.get(s.id) ?? s.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <form className="filters-box report-filters no-print" aria-label={t('console.reports.filters')} onSubmit={(e) => e.preventDefault()}>
      <div className="queue-filters">
        <div className="field">
          <label htmlFor="rf-from">{t('console.reports.from')}</label>
          <input id="rf-from" type="date" value={filters.from ?? applied?.from ?? ''} onChange={(e) => set('from', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="rf-to">{t('console.reports.to')}</label>
          <input id="rf-to" type="date" value={filters.to ?? applied?.to ?? ''} onChange={(e) => set('to', e.target.value)} />
        </div>
        <Pick id="rf-department" label={t('console.reports.department')} value={filters.department ?? ''} onChange={(v) => set('department', v)}>
          <option value="">{scoped ? t('console.reports.myDepartments') : t('console.reports.allDepartments')}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </Pick>
        <Pick id="rf-service" label={t('console.reports.service')} value={filters.service ?? ''} onChange={(v) => set('service', v)}>
          <option value="">{t('console.reports.allServices')}</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Pick>
        <Pick id="rf-district" label={t('console.reports.district')} value={filters.district ?? ''} onChange={(v) => set('district', v)}>
          <option value="">{t('console.reports.allDistricts')}</option>
          {(dir.data?.districts ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {`${d.layer}: ${d.name}`}
            </option>
          ))}
        </Pick>
        <Pick id="rf-channel" label={t('console.reports.channel')} value={filters.channel ?? ''} onChange={(v) => set('channel', v)}>
          <option value="">{t('console.reports.allChannels')}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`console.channel.${c}`)}
            </option>
          ))}
        </Pick>
        {children}
      </div>
    </form>
  );
}

export function Pick({ id, label, value, onChange, children }: { id: string; label: string; value: string; onChange: (v: string) => void; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** What the figures count, in one line: on screen under the filters, and the print's header. */
function Summary({ applied, extra }: { applied: Applied; extra: Filters }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useNames();
  const dir = useDirectory();
  const parts = [t('console.reports.range', { from: fmt.day(applied.from), to: fmt.day(applied.to) })];
  const depts = applied.departmentIds ?? [];
  parts.push(depts.length ? `${t('console.reports.department')}: ${depts.map((d) => names.department(d, null)).join(', ')}` : t('console.reports.allDepartments'));
  parts.push(applied.serviceId ? `${t('console.reports.service')}: ${names.service(applied.serviceId, null)}` : t('console.reports.allServices'));
  const district = dir.data?.districts.find((d) => d.id === applied.districtId);
  parts.push(applied.districtId ? `${t('console.reports.district')}: ${district ? `${district.layer}: ${district.name}` : `#${applied.districtId}`}` : t('console.reports.allDistricts'));
  parts.push(applied.channel ? `${t('console.reports.channel')}: ${t(`console.channel.${applied.channel}`)}` : t('console.reports.allChannels'));
  if (extra.grain) parts.push(t(`console.reports.trends.${extra.grain}`));
  return (
    <p className="report-summary" data-testid="report-summary">
      <span className="print-only">{`${t('console.title')} · `}</span>
      {parts.join(' · ')}
    </p>
  );
}

/** A table that may scroll sideways on a narrow screen: focusable, so the keyboard can scroll it too. */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
