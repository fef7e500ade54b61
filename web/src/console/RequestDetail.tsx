import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { staff, StaffApiError, type Me, type RequestDetail as Detail } from './api.js';
import { MarkDuplicate } from './MarkDuplicate.js';
import { SurveyCall } from './SurveyCall.js';
import { CLOSE_REASONS, PRIORITIES, useDirectory, useWhen } from './shared.js';

/** Everything about one request, every action on it, and its full timeline. */
export default function RequestDetail({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['request', id], queryFn: () => staff.request(id), retry: false });
  useEffect(() => {
    document.title = `${id} · ${t('console.title')}`;
  }, [id, t]);
  if (q.error) {
    return (
      <section>
        <h1>{id}</h1>
        <p role="alert" className="error">
          {(q.error as StaffApiError).status === 403 ? t('console.detail.notAllowed') : (q.error as Error).message}
        </p>
        <Link to="/console">{t('console.detail.back')}</Link>
      </section>
    );
  }
  if (!q.data) return <p>{t('console.loading')}</p>;
  return <DetailView key={q.data.id} data={q.data} me={me} reload={() => q.refetch()} />;
}

type Feedback = { kind: 'saved' | 'conflict' | 'reloaded' | 'failed'; message?: string } | null;

function DetailView({ data, me, reload }: { data: Detail; me: Me['user']; reload: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const dir = useDirectory();
  const when = useWhen();
  const questions = useQuery({ queryKey: ['service', data.service.code, i18n.language], queryFn: () => api.service(data.service.code, i18n.language === 'es' ? 'es' : 'en'), staleTime: 300_000 });
  const templates = useQuery({ queryKey: ['templates'], queryFn: () => staff.templates(), staleTime: 300_000 });
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [assignee, setAssignee] = useState(data.assigneeId === null ? '' : String(data.assigneeId));
  const [priority, setPriority] = useState(data.priority);
  const [workStatus, setWorkStatus] = useState(data.status === 'on_hold' ? 'on_hold' : 'in_progress');
  const [serviceCode, setServiceCode] = useState(data.service.code);
  const [visibility, setVisibility] = useState<'internal' | 'public'>('internal');
  const [comment, setComment] = useState('');
  const [closeReason, setCloseReason] = useState('resolved');
  const [closeNote, setCloseNote] = useState('');
  const [referredTo, setReferredTo] = useState('');
  const [reopenNote, setReopenNote] = useState('');

  const act = useMutation({
    mutationFn: async (v: { action: string; body: Record<string, unknown>; clear?: () => void; photo?: File | null }) => {
      let version = data.version;
      // A photo first (the fix, when closing), then the change at the version the upload left.
      if (v.photo) version = (await staff.addPhoto(data.id, v.photo, version)).version;
      return v.action ? staff.act(data.id, v.action, { ...v.body, expectedVersion: version }) : null;
    },
    onSuccess: async (_r, v) => {
      v.clear?.();
      setFeedback({ kind: 'saved' });
      await qc.invalidateQueries({ queryKey: ['request'] });
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['counts'] });
      void qc.invalidateQueries({ queryKey: ['photos'] });
    },
    onError: (err) => setFeedback((err as StaffApiError).status === 409 ? { kind: 'conflict' } : { kind: 'failed', message: (err as Error).message }),
  });
  const run = (action: string, body: Record<string, unknown> = {}, clear?: () => void, photo?: File | null) => act.mutate({ action, body, ...(clear ? { clear } : {}), ...(photo ? { photo } : {}) });
  const photos = useQuery({ queryKey: ['photos', data.id], queryFn: () => staff.photos(data.id) });
  const [closePhoto, setClosePhoto] = useState<File | null>(null);

  const dept = dir.data?.departments.find((d) => d.id === data.departmentId);
  const users = (dir.data?.users ?? []).filter((u) => u.active && u.role !== 'read_only' && (u.role !== 'department_staff' && u.role !== 'field' ? true : u.departmentIds.includes(data.departmentId)));
  const services = (dir.data?.services ?? []).filter((s) => s.active);
  const closed = data.status === 'closed';
  const lang = i18n.language === 'es' ? 'es' : 'en';
  const ro = me.role === 'read_only';

  return (
    <article className="detail" aria-labelledby="detail-title">
      <p>
        <Link to="/console">{t('console.detail.back')}</Link>
      </p>
      <h1 id="detail-title">
        {data.publicId} · {data.service.name}
      </h1>
      <p className="badges">
        <span className={`badge s-${data.status}`}>{t(`console.status.${data.status}`)}</span>
        {data.closeReason && <span className="badge">{t(`console.reason.${data.closeReason}`)}</span>}
        <span className={`prio p-${data.priority}`}>{`${t('console.detail.priority')}: ${t(`console.priority.${data.priority}`)}`}</span>
      </p>

      <div role="alert" className={feedback?.kind === 'conflict' || feedback?.kind === 'failed' ? 'feedback bad' : 'feedback'}>
        {feedback?.kind === 'conflict' && (
          <>
            <p>{t('console.detail.conflict')}</p>
            <button
              type="button"
              className="button small"
              onClick={async () => {
                await reload();
                setFeedback({ kind: 'reloaded' });
              }}
            >
              {t('console.detail.reloadKeep')}
            </button>
          </>
        )}
        {feedback?.kind === 'failed' && <p>{t('console.detail.failed', { message: feedback.message })}</p>}
      </div>
      <p role="status" className="sr-status">
        {feedback?.kind === 'saved' ? t('console.detail.saved') : feedback?.kind === 'reloaded' ? t('console.detail.reloaded') : ''}
      </p>

      <div className="detail-grid">
        <div className="detail-main">
          <section aria-labelledby="facts-title" className="card">
            <h2 id="facts-title">{t('console.detail.facts')}</h2>
            <dl className="facts">
              <Fact label={t('console.detail.department')}>{dept?.name ?? `#${data.departmentId}`}</Fact>
              <Fact label={t('console.detail.assignee')}>{data.assigneeId === null ? t('console.queue.unassigned') : (dir.data?.users.find((u) => u.id === data.assigneeId)?.name ?? `#${data.assigneeId}`)}</Fact>
              <Fact label={t('console.detail.channel')}>{t(`console.channel.${data.channel}`)}</Fact>
              <Fact label={t('console.detail.created')}>{when(data.createdAt)}</Fact>
              <Fact label={t('console.detail.ackDue')}>{when(data.ackDueAt)}</Fact>
              <Fact label={t('console.detail.resolveDue')}>{when(data.resolveDueAt)}</Fact>
              <Fact label={t('console.detail.address')}>{data.address ?? (data.location ? `${data.location.lat.toFixed(5)}, ${data.location.lng.toFixed(5)}` : '—')}</Fact>
              <Fact label={t('console.detail.reporter')}>{data.reporter ? [data.reporter.name, data.reporter.phone, data.reporter.email].filter(Boolean).join(' · ') : t('console.detail.anonymous')}</Fact>
            </dl>
            <h3>{t('console.detail.description')}</h3>
            <p className="prewrap">{data.description || '—'}</p>
            {(photos.data?.length ?? 0) > 0 && (
              <>
                <h3>{t('console.detail.photos')}</h3>
                <ul className="thumbs" data-testid="photos">
                  {photos.data!.map((p) => (
                    <li key={p.id}>
                      <a href={p.url} target="_blank" rel="noreferrer">
                        <img src={p.thumbnailUrl} alt={t('console.detail.photoAlt', { when: when(p.at) })} />
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {Object.keys(data.answers).length > 0 && (
              <>
                <h3>{t('console.detail.answers')}</h3>
                <dl className="answers-list">
                  {Object.entries(data.answers).map(([k, v]) => {
                    const q = questions.data?.questions.find((x) => x.code === k);
                    const name = (key: string) => q?.values.find((x) => x.key === key)?.name ?? key;
                    return (
                      <div key={k}>
                        <dt>{q?.description ?? k}</dt>
                        <dd>{Array.isArray(v) ? v.map(name).join(', ') : name(String(v))}</dd>
                      </div>
                    );
                  })}
                </dl>
              </>
            )}
          </section>

        {!ro && (
          <section aria-labelledby="comment-title" className="card">
            <h2 id="comment-title">{t('console.detail.comment')}</h2>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (comment.trim()) run('comments', { visibility, body: comment }, () => setComment(''));
              }}
            >
              <fieldset className="field">
                <legend>{t('console.detail.visibility')}</legend>
                <div className="row">
                  {(['internal', 'public'] as const).map((v) => (
                    <label key={v} className="check">
                      <input type="radio" name="visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} />
                      {t(`console.detail.${v}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              {visibility === 'public' && (templates.data?.length ?? 0) > 0 && (
                <div className="field">
                  <label htmlFor="template">{t('console.detail.template')}</label>
                  <select
                    id="template"
                    defaultValue=""
                    onChange={(e) => {
                      const tpl = templates.data?.find((x) => String(x.id) === e.target.value);
                      if (tpl) setComment((data.locale === 'es' ? tpl.translations.es?.body : undefined) ?? tpl.body);
                    }}
                  >
                    <option value="">{t('console.detail.noTemplate')}</option>
                    {templates.data?.map((x) => (
                      <option key={x.id} value={x.id}>
                        {(lang === 'es' ? x.translations.es?.name : undefined) ?? x.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div className="field">
                <label htmlFor="comment">{t('console.detail.commentText')}</label>
                <textarea id="comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
              </div>
              <button type="submit" className="button primary" disabled={act.isPending || !comment.trim()}>
                {t('console.detail.post')}
              </button>
            </form>
          </section>
        )}

        {!ro && !closed && (
          <section aria-labelledby="close-title" className="card">
            <h2 id="close-title">{t('console.detail.close')}</h2>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                run('close', { reason: closeReason, note: closeNote || undefined, ...(closeReason === 'referred' ? { referredTo: { agency: referredTo } } : {}) }, () => {
                    setCloseNote('');
                    setClosePhoto(null);
                  }, closePhoto);
              }}
            >
              <div className="field">
                <label htmlFor="close-reason">{t('console.detail.closeReason')}</label>
                <select id="close-reason" value={closeReason} onChange={(e) => setCloseReason(e.target.value)}>
                  {CLOSE_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`console.reason.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              {closeReason === 'referred' && (
                <div className="field">
                  <label htmlFor="referred-to">{t('console.reason.referred')}</label>
                  <input id="referred-to" type="text" required value={referredTo} onChange={(e) => setReferredTo(e.target.value)} />
                </div>
              )}
              <div className="field">
                <label htmlFor="close-note">{t('console.detail.closeNote')}</label>
                <textarea id="close-note" rows={2} value={closeNote} onChange={(e) => setCloseNote(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="close-photo">{t('console.detail.closePhoto')}</label>
                <input id="close-photo" type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => setClosePhoto(e.target.files?.[0] ?? null)} />
              </div>
              <button type="submit" className="button" disabled={act.isPending}>
                {t('console.detail.closeButton')}
              </button>
            </form>
          </section>
        )}

        {!ro && !closed && <MarkDuplicate data={data} busy={act.isPending} onMark={(duplicateOf, note, clear) => run('duplicate', { duplicateOf, ...(note.trim() ? { note } : {}) }, clear)} />}

        {!ro && closed && (
          <section aria-labelledby="reopen-title" className="card">
            <h2 id="reopen-title">{t('console.detail.reopen')}</h2>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                run('reopen', { note: reopenNote || undefined }, () => setReopenNote(''));
              }}
            >
              <div className="field">
                <label htmlFor="reopen-note">{t('console.detail.reopenNote')}</label>
                <textarea id="reopen-note" rows={2} value={reopenNote} onChange={(e) => setReopenNote(e.target.value)} />
              </div>
              <button type="submit" className="button">
                {t('console.detail.reopen')}
              </button>
            </form>
          </section>
        )}

        {!ro && closed && <SurveyCall data={data} />}
        </div>
        <div className="detail-side">
          {!ro && (
            <section aria-labelledby="actions-title" className="card actions-card">
              <h2 id="actions-title">{t('console.detail.actions')}</h2>
              {data.status === 'new' && (
                <button type="button" className="button primary" onClick={() => run('acknowledge')} disabled={act.isPending}>
                  {t('console.detail.acknowledge')}
                </button>
              )}
              {!closed && (
                <>
                  <Inline id="assignee" label={t('console.detail.assignTo')} button={t('console.detail.assign')} onGo={() => run('assign', { assigneeId: assignee ? Number(assignee) : null })}>
                    <select id="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                      <option value="">{t('console.queue.unassigned')}</option>
                      {users.map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.name}
                          {u.away ? ` (${t('console.admin.away')})` : ''}
                        </option>
                      ))}
                    </select>
                  </Inline>
                  <Inline id="priority" label={t('console.detail.priority')} button={t('console.detail.setPriority')} onGo={() => run('priority', { priority })}>
                    <select id="priority" value={priority} onChange={(e) => setPriority(e.target.value)}>
                      {PRIORITIES.map((p) => (
                        <option key={p} value={p}>
                          {t(`console.priority.${p}`)}
                        </option>
                      ))}
                    </select>
                  </Inline>
                  <Inline id="work-status" label={t('console.detail.status')} button={t('console.detail.setStatus')} onGo={() => run('status', { status: workStatus })}>
                    <select id="work-status" value={workStatus} onChange={(e) => setWorkStatus(e.target.value)}>
                      {(['acknowledged', 'in_progress', 'on_hold'] as const).map((s) => (
                        <option key={s} value={s}>
                          {t(`console.status.${s}`)}
                        </option>
                      ))}
                    </select>
                  </Inline>
                  <Inline id="service" label={t('console.detail.service')} button={t('console.detail.setService')} onGo={() => run('service', { serviceCode })}>
                    <select id="service" value={serviceCode} onChange={(e) => setServiceCode(e.target.value)}>
                      {services.map((s) => (
                        <option key={s.code} value={s.code}>
                          {s.names[lang] ?? s.name}
                        </option>
                      ))}
                    </select>
                  </Inline>
                </>
              )}
            </section>
          )}
          <section aria-labelledby="timeline-title" className="card">
            <h2 id="timeline-title">{t('console.detail.timeline')}</h2>
            <ol className="console-timeline">
              {data.timeline.map((e) => (
                <li key={e.id} data-event={e.type}>
                  <div className="ev-head">
                    <strong>{t(`console.detail.event.${e.type}`, { defaultValue: e.type })}</strong>
                    <span className={`tag ${e.public ? 'public' : 'internal'}`}>{e.public ? t('console.detail.publicTag') : t('console.detail.internalTag')}</span>
                  </div>
                  <div className="ev-who">{t('console.detail.by', { who: e.actorName ?? (e.actorType === 'resident' ? t('console.detail.resident') : t('console.detail.system')), when: when(e.at) })}</div>
                  <EventData type={e.type} data={e.data} />
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </article>
  );
}

function EventData({ type, data }: { type: string; data: Record<string, unknown> }) {
  const { t } = useTranslation();
  if (type === 'comment_added' && typeof data.body === 'string') return <p className="prewrap ev-body">{data.body}</p>;
  if (type === 'closed' && data.reason === 'duplicate' && typeof data.duplicateOfPublicId === 'string') {
    return (
      <p className="ev-body">
        {`${t('console.dup.of')} `}
        <Link to={`/console/requests/${data.duplicateOfPublicId}`}>{data.duplicateOfPublicId}</Link>
        {data.note ? ` — ${String(data.note)}` : ''}
      </p>
    );
  }
  if (type === 'duplicate_added' && typeof data.duplicatePublicId === 'string') {
    return (
      <p className="ev-body">
        <Link to={`/console/requests/${data.duplicatePublicId}`}>{t('console.dup.added', { id: data.duplicatePublicId })}</Link>
      </p>
    );
  }
  if (type === 'closed') return <p className="ev-body">{[t(`console.reason.${String(data.reason)}`), data.note].filter(Boolean).join(' — ')}</p>;
  if (type === 'priority_changed' || type === 'status_changed') return <p className="ev-body">{`${String(data.from ?? '')} → ${String(data.to ?? '')}`}</p>;
  if (type === 'reopened' && data.note) return <p className="ev-body">{String(data.note)}</p>;
  return null;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Inline({ id, label, button, onGo, children }: { id: string; label: string; button: string; onGo: () => void; children: React.ReactNode }) {
  return (
    <div className="inline-action">
      <label htmlFor={id}>{label}</label>
      <div className="inline-row">
        {children}
        <button type="button" className="button small" onClick={onGo}>
          {button}
        </button>
      </div>
    </div>
  );
}
