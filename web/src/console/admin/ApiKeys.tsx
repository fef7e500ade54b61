import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Issues, useWhen } from '../shared.js';
import { config, type ApiKey } from './adminApi.js';
import { SecretBox } from './SecretBox.js';
import { Text } from './ServiceEdit.js';

/** API keys for Open311 apps and work-order systems: created (the key shown once), listed, revoked. */
export function ApiKeys() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const when = useWhen();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: config.apiKeys });
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ApiKey['kind']>('open311');
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  const [status, setStatus] = useState('');
  const create = useMutation({
    mutationFn: () => config.createApiKey({ name, kind }),
    onSuccess: async (k) => {
      setMade({ name: k.name, key: k.key });
      setName('');
      await qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => config.revokeApiKey(id),
    onSuccess: async () => {
      setStatus(t('console.cfg.keys.revoked'));
      await qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{t('console.cfg.nav.keys')}</h1>
      <p className="muted">{t('console.cfg.keys.intro')}</p>
      <form
        className="card admin-form"
        aria-labelledby="key-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          setMade(null);
          create.mutate();
        }}
      >
        <h2 id="key-form-title">{t('console.cfg.keys.create')}</h2>
        <Text id="key-name" label={t('console.cfg.keys.name')} value={name} onChange={setName} />
        <fieldset className="field">
          <legend>{t('console.cfg.keys.scope')}</legend>
          {(['open311', 'integration'] as const).map((k) => (
            <label key={k} className="check">
              <input type="radio" name="key-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`console.cfg.keys.${k}`)}
            </label>
          ))}
        </fieldset>
        <Issues error={create.error} />
        <button type="submit" className="button primary" disabled={create.isPending || !name.trim()}>
          {t('console.cfg.keys.submit')}
        </button>
        {made && <SecretBox id="new-key" label={t('console.cfg.keys.newKey', { name: made.name })} value={made.key} />}
      </form>

      <h2>{t('console.cfg.keys.list')}</h2>
      <p role="status" className="sr-status">
        {status}
      </p>
      <Issues error={revoke.error} />
      {!keys.data?.length ? (
        <p>{keys.isPending ? t('console.loading') : t('console.cfg.keys.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue config-table" data-testid="api-keys">
            <thead>
              <tr>
                <th scope="col">{t('console.cfg.keys.name')}</th>
                <th scope="col">{t('console.cfg.keys.scope')}</th>
                <th scope="col" className="narrow-hide">{t('console.cfg.keys.prefix')}</th>
                <th scope="col" className="narrow-hide">{t('console.cfg.created')}</th>
                <th scope="col">{t('console.cfg.keys.lastUsed')}</th>
                <th scope="col">{t('console.cfg.keys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {[...keys.data].reverse().map((k) => (
                <tr key={k.id} data-key={k.name}>
                  <td data-label={t('console.cfg.keys.name')}>{k.name}</td>
                  <td data-label={t('console.cfg.keys.scope')}>{t(`console.cfg.keys.kindShort.${k.kind}`)}</td>
                  <td className="narrow-hide" data-label={t('console.cfg.keys.prefix')}>
                    <code>{k.prefix}…</code>
                  </td>
                  <td className="narrow-hide" data-label={t('console.cfg.created')}>{when(k.createdAt)}</td>
                  <td data-label={t('console.cfg.keys.lastUsed')}>{k.lastUsedAt ? when(k.lastUsedAt) : t('console.cfg.keys.never')}</td>
                  <td data-label={t('console.cfg.keys.status')}>
                    {k.revokedAt ? (
                      <span className="muted">{t('console.cfg.keys.revokedAt', { when: when(k.revokedAt) })}</span>
                    ) : (
                      <span className="row-actions">
                        <span className="badge s-closed">{t('console.cfg.keys.active')}</span>
                        <button type="button" className="button small" aria-label={t('console.cfg.keys.revokeKey', { name: k.name })} onClick={() => revoke.mutate(k.id)} disabled={revoke.isPending}>
                          {t('console.cfg.keys.revoke')}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
