import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useConfig } from '../hooks.js';
import { staff, type BulkResult, type Me } from './api.js';
import { CHANNELS, CLOSE_REASONS, PRIORITIES, STATUSES, useDirectory, useServiceNames, useSpan, useStaffServices } from './shared.js';

const LeafletMap = lazy(() => import('../components/LeafletMap.js'));
const PAGE = 50;
const POLL_MS = 15_000;

/** The department's queue: filters in the URL, counts polled, bulk actions, list or map. */
export function Queue({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const qc = useQueryClient();
  const dir = useDirectory();
  const services = useStaffServices();
  const span = useSpan();
  const f = {
    department: params.get('department') ?? 'mine',
    status: params.get('status') ?? 'open',
    service: params.get('service') ?? '',
    priority: params.get('priority') ?? '',
    district: params.get('district') ?? '',
    channel: params.get('channel') ?? '',
    overdue: params.get('overdue') ?? '',
    assignee: params.get('assignee') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    sort: params.get('sort') ?? 'newest',
    view: params.get('view') ?? 'list',
    page: Number(params.get('page') ?? '1'),
  };
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const scoped = me.role === 'department_staff' || me.role === 'field';
  const query = {
    department: f.department === 'all' ? undefined : f.department,
    status: f.status === 'any' ? undefined : f.status,
    service: f.service || undefined,
    priority: f.priority || undefined,
    district: f.district || undefined,
    channel: f.channel || undefined,
    overdue: f.overdue || undefined,
    assignee: f.assignee || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    sort: f.sort,
    limit: f.view === 'map' ? 500 : PAGE,
    offset: f.view === 'map' ? 0 : (f.page - 1) * PAGE,
  };
  const list = useQuery({ queryKey: ['queue', query], queryFn: () => staff.queue(query), refetchInterval: POLL_MS * 2, placeholderData: (prev) => prev });
  const counts = useQuery({ queryKey: ['counts', query.department], queryFn: () => staff.counts(query.department), refetchInterval: POLL_MS });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState<string>('resolved');
  const [bulkResults, setBulkResults] = useState<BulkResult[] | null>(null);
  useEffect(() => {
    document.title = `${t('console.queue.title')} · ${t('console.title')}`;
  }, [t]);
  useEffect(() => setSelected(new Set()), [params]);

  const bulk = useMutation({
    mutationFn: (body: Record<string, unknown>) => staff.bulk({ ...body, ids: [...selected] }),
    onSuccess: (r) => {
      setBulkResults(r.results);
      setSelected(new Set(r.results.filter((x) => !x.ok).map((x) => x.id)));
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['counts'] });
    },
  });

  const items = list.data?.items ?? [];
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const svcById = useServiceNames();
  const userName = (id: number | null) => (id === null ? t('console.queue.unassigned') : (dir.data?.users.find((u) => u.id === id)?.name ?? `#${id}`));
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE));
  const allOnPage = items.length > 0 && items.every((i) => selected.has(i.id));
  const assignable = (dir.data?.users ?? []).filter((u) => u.active && u.role !== 'read_only' && (me.role !== 'department_staff' || u.departmentIds.some((d) => me.departmentIds.includes(d))));
  const config = useConfig();

  return (
    <section aria-labelledby="queue-title">
      <div className="title-row">
        <h1 id="queue-title">{t('console.queue.title')}</h1>
        <dl className="counts" aria-label={t('console.queue.counts')} aria-live="polite">
          {(['open', 'new', 'overdue', 'mine'] as const).map((k) => (
            <div key={k} className={`count ${k}`}>
              <dt>{t(`console.queue.${k}`)}</dt>
              <dd data-testid={`count-${k}`}>{counts.data?.[k] ?? '…'}</dd>
            </div>
          ))}
        </dl>
      </div>

      <details className="filters-box" open={wideScreen()}>
        <summary>{t('console.queue.filters')}</summary>
        <div className="queue-filters">
          <Select label={t('console.queue.department')} value={f.department} onChange={(v) => set('department', v)}>
            <option value="mine">{t('console.queue.myDepartments')}</option>
            {!scoped && <option value="all">{t('console.queue.allDepartments')}</option>}
            {(dir.data?.departments ?? [])
              .filter((d) => !scoped || me.departmentIds.includes(d.id))
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
          </Select>
          <Select label={t('console.queue.status')} value={f.status} onChange={(v) => set('status', v)}>
            <option value="open">{t('console.queue.openStatuses')}</option>
            <option value="any">{t('console.queue.anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`console.status.${s}`)}
              </option>
            ))}
          </Select>
          <Select label={t('console.queue.service')} value={f.service} onChange={(v) => set('service', v)}>
            <option value="">{t('console.queue.anyService')}</option>
            {(services.data ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </Select>
          <Select label={t('console.queue.priority')} value={f.priority} onChange={(v) => set('priority', v)}>
            <option value="">{t('console.queue.anyPriority')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`console.priority.${p}`)}
              </option>
            ))}
          </Select>
          <Select label={t('console.queue.district')} value={f.district} onChange={(v) => set('district', v)}>
            <option value="">{t('console.queue.anyDistrict')}</option>
            {(dir.data?.districts ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {`${d.layer}: ${d.name}`}
              </option>
            ))}
          </Select>
          <Select label={t('console.queue.channel')} value={f.channel} onChange={(v) => set('channel', v)}>
            <option value="">{t('console.queue.anyChannel')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`console.channel.${c}`)}
              </option>
            ))}
          </Select>
          <div className="field">
            <label htmlFor="q-from">{t('console.queue.from')}</label>
            <input id="q-from" type="date" value={f.from} onChange={(e) => set('from', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="q-to">{t('console.queue.to')}</label>
            <input id="q-to" type="date" value={f.to} onChange={(e) => set('to', e.target.value)} />
          </div>
          <Select label={t('console.queue.sort')} value={f.sort} onChange={(v) => set('sort', v)}>
            <option value="newest">{t('console.queue.sortNewest')}</option>
            <option value="oldest">{t('console.queue.sortOldest')}</option>
            <option value="due">{t('console.queue.sortDue')}</option>
          </Select>
          <div className="field checks">
            <label className="check">
              <input type="checkbox" checked={f.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')} />
              {t('console.queue.overdueOnly')}
            </label>
            <label className="check">
              <input type="checkbox" checked={f.assignee === 'me'} onChange={(e) => set('assignee', e.target.checked ? 'me' : '')} />
              {t('console.queue.mineOnly')}
            </label>
          </div>
        </div>
      </details>

      <div className="toolbar">
        <p className="results" aria-live="polite">
          {list.data ? t('console.queue.results', { count: list.data.total }) : t('console.loading')}
        </p>
        <div className="segmented" role="group" aria-label={t('console.queue.view')}>
          <button type="button" aria-pressed={f.view === 'list'} onClick={() => set('view', '')}>
            {t('console.queue.list')}
          </button>
          <button type="button" aria-pressed={f.view === 'map'} onClick={() => set('view', 'map')}>
            {t('console.queue.map')}
          </button>
        </div>
      </div>

      {selected.size > 0 && (
        <div className="bulk" role="group" aria-label={t('console.queue.bulk', { count: selected.size })}>
          <strong>{t('console.queue.bulk', { count: selected.size })}</strong>
          <button type="button" className="button small" onClick={() => bulk.mutate({ action: 'acknowledge' })}>
            {t('console.queue.acknowledge')}
          </button>
          <span className="inline">
            <label htmlFor="bulk-assignee">{t('console.queue.assignTo')}</label>
            <select id="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">{t('console.queue.unassigned')}</option>
              {assignable.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <button type="button" className="button small" onClick={() => bulk.mutate({ action: 'assign', assigneeId: assignee ? Number(assignee) : null })}>
              {t('console.queue.assign')}
            </button>
          </span>
          <span className="inline">
            <label htmlFor="bulk-reason">{t('console.queue.closeAs')}</label>
            <select id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
              {CLOSE_REASONS.filter((r) => r !== 'referred').map((r) => (
                <option key={r} value={r}>
                  {t(`console.reason.${r}`)}
                </option>
              ))}
            </select>
            <button type="button" className="button small" onClick={() => bulk.mutate({ action: 'close', reason })}>
              {t('console.queue.close')}
            </button>
          </span>
        </div>
      )}
      <div role="status" className="bulk-results">
        {bulkResults && (
          <>
            <p>{t('console.queue.bulkDone', { ok: bulkResults.filter((r) => r.ok).length, failed: bulkResults.filter((r) => !r.ok).length })}</p>
            <ul>
              {bulkResults
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.id}>{t('console.queue.bulkFailure', { id: byId.get(r.id)?.publicId ?? r.id, message: r.error?.message ?? '' })}</li>
                ))}
            </ul>
          </>
        )}
      </div>

      {f.view === 'map' ? (
        <Suspense fallback={<p>{t('console.loading')}</p>}>
          <LeafletMap
            centre={items.find((i) => i.location)?.location ?? config.data?.city.centre ?? { lat: 0, lng: 0 }}
            zoom={13}
            label={t('console.queue.mapLabel')}
            markers={items.filter((i) => i.location).map((i) => ({ id: String(i.id), lat: i.location!.lat, lng: i.location!.lng, label: `${i.publicId} ${svcById.get(i.serviceId) ?? ''}`, href: `/console/requests/${i.publicId}` }))}
          />
          <ul className="map-list">
            {items.map((i) => (
              <li key={i.id}>
                <Link to={`/console/requests/${i.publicId}`}>{i.publicId}</Link> {svcById.get(i.serviceId)} — {i.address ?? ''}
              </li>
            ))}
          </ul>
        </Suspense>
      ) : items.length === 0 && list.data ? (
        <p className="card">{t('console.queue.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('console.queue.selectAll')}
                    checked={allOnPage}
                    onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
                  />
                </th>
                <th scope="col">{t('console.queue.colId')}</th>
                <th scope="col">{t('console.queue.colService')}</th>
                <th scope="col" className="wide">
                  {t('console.queue.colAddress')}
                </th>
                <th scope="col">{t('console.queue.colStatus')}</th>
                <th scope="col" className="narrow-hide">
                  {t('console.queue.colPriority')}
                </th>
                <th scope="col" className="narrow-hide">
                  {t('console.queue.colAge')}
                </th>
                <th scope="col">{t('console.queue.colDue')}</th>
                <th scope="col" className="wide">
                  {t('console.queue.colAssignee')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const overdue = i.status !== 'closed' && ((i.resolveDueAt && new Date(i.resolveDueAt) < new Date()) || i.resolveOverdue || (!i.acknowledgedAt && (i.ackOverdue || (i.ackDueAt && new Date(i.ackDueAt) < new Date()))));
                return (
                  <tr key={i.id} className={selected.has(i.id) ? 'selected' : undefined} data-request={i.publicId}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('console.queue.select', { id: i.publicId })}
                        checked={selected.has(i.id)}
                        onChange={(e) => {
                          const next = new Set(selected);
                          if (e.target.checked) next.add(i.id);
                          else next.delete(i.id);
                          setSelected(next);
                        }}
                      />
                    </td>
                    <td>
                      <Link to={`/console/requests/${i.publicId}`}>{i.publicId}</Link>
                    </td>
                    <td>{svcById.get(i.serviceId) ?? `#${i.serviceId}`}</td>
                    <td className="wide">{i.address ?? '—'}</td>
                    <td>
                      <span className={`badge s-${i.status}`}>{t(`console.status.${i.status}`)}</span>
                    </td>
                    <td className="narrow-hide">
                      <span className={`prio p-${i.priority}`}>{t(`console.priority.${i.priority}`)}</span>
                    </td>
                    <td className="narrow-hide">{span(i.createdAt)}</td>
                    <td>
                      {span(i.resolveDueAt)}
                      {overdue && <span className="tag overdue">{t('console.queue.overdueTag')}</span>}
                    </td>
                    <td className="wide">{userName(i.assigneeId)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {f.view !== 'map' && pages > 1 && (
        <nav className="pager" aria-label={t('console.queue.page', { page: f.page, pages })}>
          <button type="button" className="button small" disabled={f.page <= 1} onClick={() => set('page', String(f.page - 1))}>
            {t('console.queue.previous')}
          </button>
          <span>{t('console.queue.page', { page: f.page, pages })}</span>
          <button type="button" className="button small" disabled={f.page >= pages} onClick={() => set('page', String(f.page + 1))}>
            {t('console.queue.next')}
          </button>
        </nav>
      )}
    </section>
  );
}

/** On a phone the filters start folded away, so the queue itself is on the first screen. */
const wideScreen = () => typeof window === 'undefined' || window.matchMedia('(min-width: 48rem)').matches;

function Select({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: React.ReactNode }) {
  const id = `q-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}
