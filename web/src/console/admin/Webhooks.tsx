import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Issues, useWhen } from '../shared.js';
import { config, type Webhook } from './adminApi.js';
import { SecretBox } from './SecretBox.js';
import { Check, Text } from './ServiceEdit.js';

// The event types of src/domain/notifications.ts (WEBHOOK_EVENT_TYPES), and * for all of them.
const EVENTS = ['request.created', 'request.updated', 'request.closed', 'request.reopened', 'request.overdue', 'comment.created'] as const;

/** Webhook subscriptions (add, edit, switch off) and their delivery log with retry. */
export function Webhooks() {
  const { t } = useTranslation();
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: config.webhooks });
  const [made, setMade] = useState<{ url: string; secret: string } | null>(null);
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t('console.cfg.nav.webhooks')}</h1>
      <p className="muted">{t('console.cfg.hooks.intro')}</p>
      <h2>{t('console.cfg.hooks.list')}</h2>
      {!hooks.data?.length ? <p>{hooks.isPending ? t('console.loading') : t('console.cfg.hooks.none')}</p> : hooks.data.map((w) => <HookForm key={w.id} hook={w} />)}
      <HookForm key={`new-${hooks.data?.length ?? 0}`} hook={null} onCreated={setMade} />
      {made && <SecretBox id="new-secret" label={t('console.cfg.hooks.secret', { url: made.url })} value={made.secret} />}
      <DeliveryLog hooks={hooks.data ?? []} />
    </section>
  );
}

function HookForm({ hook, onCreated }: { hook: Webhook | null; onCreated?: (m: { url: string; secret: string }) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [url, setUrl] = useState(hook?.url ?? '');
  const [events, setEvents] = useState<string[]>(hook?.events ?? ['*']);
  const [description, setDescription] = useState(hook?.description ?? '');
  const [active, setActive] = useState(hook?.active ?? true);
  const save = useMutation({
    mutationFn: async () => {
      if (!hook) {
        const w = await config.createWebhook({ url, events, ...(description.trim() ? { description } : {}) });
        onCreated?.({ url: w.url, secret: w.secret });
        return w;
      }
      return config.updateWebhook(hook.id, { url, events, description: description.trim() || null, active });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  const p = hook ? `hook${hook.id}` : 'hook-new';
  const all = events.includes('*');
  const toggle = (e: string, on: boolean) => setEvents((list) => (e === '*' ? (on ? ['*'] : []) : on ? [...list.filter((x) => x !== '*'), e] : list.filter((x) => x !== e)));
  const title = hook ? `${t('console.cfg.hooks.webhook', { n: hook.id })}${hook.active ? '' : ` (${t('console.cfg.hooks.off')})`}` : t('console.cfg.hooks.add');
  return (
    <form
      className={`card admin-form${hook && !hook.active ? ' inactive' : ''}`}
      aria-labelledby={`${p}-title`}
      data-webhook={hook?.url ?? 'new'}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3 id={`${p}-title`}>{title}</h3>
      <div className="grid2">
        <Text id={`${p}-url`} type="url" label={t('console.cfg.hooks.url')} value={url} onChange={setUrl} />
        <Text id={`${p}-desc`} label={t('console.cfg.hooks.description')} value={description} onChange={setDescription} />
      </div>
      <fieldset className="field event-checks">
        <legend>{t('console.cfg.hooks.events')}</legend>
        <Check label={t('console.cfg.hooks.all')} checked={all} onChange={(on) => toggle('*', on)} />
        {EVENTS.map((e) => (
          <label key={e} className="check">
            <input type="checkbox" checked={all || events.includes(e)} disabled={all} onChange={(x) => toggle(e, x.target.checked)} />
            <code>{e}</code>
          </label>
        ))}
      </fieldset>
      {hook && <Check label={t('console.cfg.hooks.active')} checked={active} onChange={setActive} />}
      <Issues error={save.error} />
      <p role="status" className="sr-status">
        {save.isSuccess && hook ? t('console.cfg.hooks.saved') : ''}
      </p>
      <button type="submit" className={`button ${hook ? 'small' : ''} primary`} disabled={save.isPending}>
        {hook ? t('console.cfg.hooks.save') : t('console.cfg.hooks.submit')}
      </button>
    </form>
  );
}

function DeliveryLog({ hooks }: { hooks: Webhook[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const when = useWhen();
  const log = useQuery({ queryKey: ['deliveries', 'webhook'], queryFn: () => config.deliveries('webhook'), refetchInterval: 5_000 });
  const [status, setStatus] = useState('');
  const retry = useMutation({
    mutationFn: (id: number) => config.retryDelivery(id),
    onSuccess: async () => {
      setStatus(t('console.cfg.hooks.retried'));
      await qc.invalidateQueries({ queryKey: ['deliveries'] });
    },
  });
  const hookName = (id: number | null, url: string) => {
    const h = hooks.find((x) => x.id === id);
    return h?.description || url;
  };
  return (
    <section aria-labelledby="log-title" className="delivery-log">
      <div className="title-row">
        <h2 id="log-title">{t('console.cfg.hooks.log')}</h2>
        <button type="button" className="button small" onClick={() => void log.refetch()}>
          {t('console.cfg.refresh')}
        </button>
      </div>
      <p className="muted">{t('console.cfg.hooks.logHint')}</p>
      <p role="status" className="sr-status">
        {status}
      </p>
      <Issues error={retry.error} />
      {!log.data?.items.length ? (
        <p>{log.isPending ? t('console.loading') : t('console.cfg.hooks.noLog')}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue config-table" data-testid="deliveries">
            <thead>
              <tr>
                <th scope="col">{t('console.cfg.hooks.when')}</th>
                <th scope="col">{t('console.cfg.hooks.event')}</th>
                <th scope="col" className="narrow-hide">{t('console.cfg.hooks.to')}</th>
                <th scope="col">{t('console.cfg.hooks.status')}</th>
                <th scope="col">{t('console.cfg.hooks.attempts')}</th>
                <th scope="col" className="narrow-hide">{t('console.cfg.hooks.error')}</th>
              </tr>
            </thead>
            <tbody>
              {log.data.items.map((d) => (
                <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                  <td data-label={t('console.cfg.hooks.when')}>{when(d.deliveredAt ?? d.createdAt)}</td>
                  <td data-label={t('console.cfg.hooks.event')}>
                    <code>{d.kind}</code>
                  </td>
                  <td className="narrow-hide wrap-anywhere" data-label={t('console.cfg.hooks.to')}>{hookName(d.subscriptionId, d.recipient)}</td>
                  <td data-label={t('console.cfg.hooks.status')}>
                    <span className={`badge d-${d.status}`}>{t(`console.cfg.hooks.state.${d.status}`)}</span>
                    {d.status !== 'delivered' && (
                      <button type="button" className="button small retry" aria-label={t('console.cfg.hooks.retryOne', { id: d.id })} onClick={() => retry.mutate(d.id)} disabled={retry.isPending}>
                        {t('console.cfg.hooks.retry')}
                      </button>
                    )}
                  </td>
                  <td data-label={t('console.cfg.hooks.attempts')}>{d.attempts}</td>
                  <td className="narrow-hide wrap-anywhere" data-label={t('console.cfg.hooks.error')}>{d.lastError ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
