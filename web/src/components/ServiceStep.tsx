import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Service } from '../api.js';
import { useServices } from '../hooks.js';
import type { StepProps } from '../pages/Report.js';
import { StepHeading } from './StepHeading.js';

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function ServiceStep({ draft, update, next, back }: StepProps) {
  const { t } = useTranslation();
  const services = useServices();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const list = useMemo(() => (services.data ?? []).filter((s) => !s.informationOnly), [services.data]);
  const matches = useMemo(() => {
    const q = fold(query.trim());
    if (!q) return [];
    return list.filter((s) => fold([s.name, s.group, s.description, ...s.keywords].join(' ')).includes(q)).slice(0, 8);
  }, [list, query]);
  const groups = useMemo(() => {
    const m = new Map<string, Service[]>();
    for (const s of list) m.set(s.group, [...(m.get(s.group) ?? []), s]);
    return [...m.entries()];
  }, [list]);
  const choose = (s: Service) => {
    if (s.code !== draft.serviceCode) update({ serviceCode: s.code, answers: {} });
    next();
  };
  const option = (s: Service) => (
    <li key={s.code}>
      <button type="button" className={`choice${s.code === draft.serviceCode ? ' selected' : ''}`} aria-pressed={s.code === draft.serviceCode} onClick={() => choose(s)}>
        <span className="choice-name">{s.name}</span>
        {s.description && <span className="choice-desc">{s.description}</span>}
      </button>
    </li>
  );
  return (
    <div>
      <StepHeading>{t('service.heading')}</StepHeading>
      <div className="field">
        <label htmlFor={searchId}>{t('service.search')}</label>
        <span className="hint" id={`${searchId}-hint`}>
          {t('service.searchHint')}
        </span>
        <input id={searchId} type="search" aria-describedby={`${searchId}-hint`} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </div>
      <div aria-live="polite">
        {query.trim() && (matches.length ? <ul className="choices">{matches.map(option)}</ul> : <p>{t('service.none')}</p>)}
      </div>
      {services.isLoading && <p>{t('app.loading')}</p>}
      <h2 className="sub">{t('service.groups')}</h2>
      <div className="groups">
        {groups.map(([group, items]) => (
          <details key={group} open={items.some((s) => s.code === draft.serviceCode)}>
            <summary>{group}</summary>
            <ul className="choices">{items.map(option)}</ul>
          </details>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="button secondary" onClick={back}>
          {t('app.back')}
        </button>
      </div>
    </div>
  );
}
