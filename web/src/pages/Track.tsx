import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { api, ApiError, type Tracked } from '../api.js';
import { TrackForm } from '../components/TrackForm.js';
import { tokens } from '../draft.js';
import { formatDate, useLang } from '../hooks.js';

const LeafletMap = lazy(() => import('../components/LeafletMap.js'));

export default function Track() {
  const { t } = useTranslation();
  const { publicId } = useParams();
  const lang = useLang();
  const query = useQuery({ queryKey: ['track', publicId, lang], queryFn: () => api.track(publicId!, lang), enabled: Boolean(publicId), retry: 0 });
  if (!publicId) {
    return (
      <section>
        <h1>{t('track.heading')}</h1>
        <TrackForm />
      </section>
    );
  }
  if (query.isLoading) return <p>{t('app.loading')}</p>;
  if (query.isError || !query.data) {
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    return (
      <section>
        <h1>{t('track.heading')}</h1>
        <p className="error" role="alert">
          {missing ? t('track.notFound') : t('app.error')}
        </p>
        <TrackForm initial={publicId} />
      </section>
    );
  }
  return <TrackedRequest r={query.data} />;
}

function TrackedRequest({ r }: { r: Tracked }) {
  const { t } = useTranslation();
  const lang = useLang();
  const statusText = t(`status.${r.status}`);
  const [reopened, setReopened] = useState(false);
  return (
    <article className="tracked">
      <h1>{t('track.title', { id: r.publicId })}</h1>
      <p className="service-name">{r.service.name}</p>
      <dl className="facts">
        <div>
          <dt>{t('track.status')}</dt>
          <dd>
            <span className={`badge ${r.open311Status}`}>{statusText}</span>
            {r.closeReason && <> · {t(`reason.${r.closeReason}`)}</>}
          </dd>
        </div>
        <div>
          <dt>{t('track.reported')}</dt>
          <dd>{formatDate(r.createdAt, lang)}</dd>
        </div>
        {r.expectedBy && (
          <div>
            <dt>{t('track.expected')}</dt>
            <dd>{formatDate(r.expectedBy, lang)}</dd>
          </div>
        )}
        {r.closedAt && (
          <div>
            <dt>{t('track.closed')}</dt>
            <dd>{formatDate(r.closedAt, lang)}</dd>
          </div>
        )}
        {r.address && (
          <div>
            <dt>{t('track.place')}</dt>
            <dd>{r.address}</dd>
          </div>
        )}
        {r.meTooCount > 0 && (
          <div>
            <dt>{t('track.meToo')}</dt>
            <dd>{t('track.meTooCount', { count: r.meTooCount })}</dd>
          </div>
        )}
      </dl>
      {r.location && (
        <Suspense fallback={null}>
          <LeafletMap centre={r.location} zoom={17} pin={r.location} label={t('track.place')} />
        </Suspense>
      )}
      <section>
        <h2>{t('track.comments')}</h2>
        {r.comments.length ? (
          <ul className="comments">
            {r.comments.map((c) => (
              <li key={c.id} className="comment">
                <p>{c.body}</p>
                <p className="muted">{formatDate(c.at, lang, true)}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('track.noComments')}</p>
        )}
      </section>
      {r.photos.length > 0 && (
        <section>
          <h2>{t('track.photos')}</h2>
          <ul className="thumbs">
            {r.photos.map((p, i) => (
              <li key={p.id}>
                <a href={p.url}>
                  <img src={p.url} alt={t('track.photoAlt', { n: i + 1 })} loading="lazy" />
                </a>
                {p.byStaff && <span className="muted">{t('track.cityPhoto')}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>{t('track.timeline')}</h2>
        <ol className="timeline">
          {r.timeline.map((e, i) => (
            <li key={i}>
              <span>{eventText(t, e)}</span> <span className="muted">{formatDate(e.at, lang, true)}</span>
            </li>
          ))}
        </ol>
      </section>
      <Follow publicId={r.publicId} />
      {r.reopenableUntil && r.status === 'closed' && <Reopen publicId={r.publicId} until={r.reopenableUntil} onReopened={() => setReopened(true)} />}
      {reopened && (
        <p className="chosen" role="status">
          {t('track.reopened')}
        </p>
      )}
    </article>
  );
}

function eventText(t: (k: string, o?: Record<string, unknown>) => string, e: Tracked['timeline'][number]) {
  switch (e.type) {
    case 'status_changed':
      return t('event.status_changed', { status: e.status ? t(`status.${e.status}`) : '' });
    case 'closed':
      return t('event.closed', { reason: e.reason ? t(`reason.${e.reason}`) : '' });
    case 'media_added':
      return t('event.photo_added');
    case 'marked_duplicate':
    case 'duplicate_marked':
      return t('reason.duplicate');
    case 'created':
    case 'acknowledged':
    case 'reopened':
    case 'me_too':
    case 'photo_added':
    case 'service_changed':
      return t(`event.${e.type}`);
    default:
      return t('event.other');
  }
}

function Follow({ publicId }: { publicId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const [email, setEmail] = useState('');
  const [token, setToken] = useState<string | undefined>(() => tokens.follow(publicId));
  const [message, setMessage] = useState<string | null>(null);
  const follow = useMutation({
    mutationFn: () => api.follow(publicId, email.trim(), lang),
    onSuccess: (r) => {
      tokens.saveFollow(publicId, r.unfollowToken);
      setToken(r.unfollowToken);
      setMessage(t('track.following'));
    },
  });
  const unfollow = useMutation({
    mutationFn: () => api.unfollow(token!),
    onSuccess: () => {
      tokens.saveFollow(publicId, undefined);
      setToken(undefined);
      setMessage(t('track.unfollowed'));
    },
  });
  return (
    <section className="card">
      <h2>{t('track.follow')}</h2>
      <p role="status">{message ?? (token ? t('track.following') : '')}</p>
      {token ? (
        <button type="button" className="button secondary" onClick={() => unfollow.mutate()} disabled={unfollow.isPending}>
          {t('track.unfollow')}
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            follow.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={id}>{t('track.followEmail')}</label>
            <input id={id} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={follow.isPending}>
            {t('track.followButton')}
          </button>
        </form>
      )}
      {(follow.isError || unfollow.isError) && (
        <p className="error" role="alert">
          {follow.error instanceof ApiError && follow.error.code === 'validation' ? t('contact.badEmail') : t('app.error')}
        </p>
      )}
    </section>
  );
}

function Reopen({ publicId, until, onReopened }: { publicId: string; until: string; onReopened: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const id = useId();
  const client = useQueryClient();
  const [params] = useSearchParams();
  // The e-mails link here with ?token=...&action=reopen (src/jobs/links.ts); the reporter's own
  // device also remembers the token from the report it sent.
  const token = params.get('token') ?? params.get('k') ?? tokens.report(publicId);
  const fromLink = params.get('action') === 'reopen';
  const [note, setNote] = useState('');
  const reopen = useMutation({ mutationFn: () => api.reopen(publicId, token!, note.trim()), onSuccess: () => {
      onReopened();
      void client.invalidateQueries({ queryKey: ['track', publicId] });
    },
  });
  if (!token) return null;
  return (
    <section className="card">
      <h2>{t('track.reopen')}</h2>
      <p>{t('track.reopenLead', { date: formatDate(until, lang) })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          reopen.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={id}>{t('track.reopenNote')}</label>
          <textarea id={id} rows={3} value={note} onChange={(e) => setNote(e.target.value)} autoFocus={fromLink} />
        </div>
        <button type="submit" className="button" disabled={reopen.isPending}>
          {t('track.reopenButton')}
        </button>
      </form>
      {reopen.isError && (
        <p className="error" role="alert">
          {t('app.error')}
        </p>
      )}
    </section>
  );
}
