import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Issues, useDirectory, useServiceNames } from '../shared.js';
import { config, type RoutingRule } from './adminApi.js';

/** 0: service + district, 1: service, 2: district — the order src/domain/routing.ts applies them in. */
const rank = (r: Pick<RoutingRule, 'serviceId' | 'districtId'>) => (r.serviceId !== null && r.districtId !== null ? 0 : r.serviceId !== null ? 1 : 2);
const RANK_KEY = ['both', 'service', 'district'] as const;

interface Draft {
  id: number | null;
  serviceId: string;
  districtId: string;
  departmentId: string;
  autoAssign: '' | 'true' | 'false';
}

/** Routing rules in the order they apply: service and/or district -> department. */
export function RoutingRules() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const dir = useDirectory();
  const names = useServiceNames();
  const rules = useQuery({ queryKey: ['routing-rules'], queryFn: config.rules });
  const [status, setStatus] = useState('');
  const blank = (): Draft => ({ id: null, serviceId: '', districtId: '', departmentId: String(dir.data?.departments[0]?.id ?? ''), autoAssign: '' });
  const [draft, setDraft] = useState<Draft | null>(null);
  const d = draft ?? blank();
  const set = (patch: Partial<Draft>) => setDraft({ ...d, ...patch });

  const districtName = (id: number | null) => {
    const x = dir.data?.districts.find((v) => v.id === id);
    return x ? `${x.name} (${x.layer})` : id === null ? t('console.cfg.any') : `#${id}`;
  };
  const deptName = (id: number) => dir.data?.departments.find((v) => v.id === id)?.name ?? `#${id}`;
  const serviceName = (id: number | null) => (id === null ? t('console.cfg.any') : (names.get(id) ?? `#${id}`));
  const describe = (r: RoutingRule) => `${serviceName(r.serviceId)} / ${districtName(r.districtId)} → ${deptName(r.departmentId)}`;

  const save = useMutation({
    mutationFn: async () => {
      const serviceId = d.serviceId ? Number(d.serviceId) : null;
      const districtId = d.districtId ? Number(d.districtId) : null;
      const old = rules.data?.find((r) => r.id === d.id);
      const code = serviceId === null ? null : (dir.data?.services.find((s) => s.id === serviceId)?.code ?? null);
      const saved = await config.saveRule({ serviceCode: code, districtId, departmentId: Number(d.departmentId), autoAssign: d.autoAssign === '' ? null : d.autoAssign === 'true' });
      // A rule is keyed by its service and district: moving it to another key adds the new one, then
      // removes the old one (a refused save leaves the old rule in place).
      if (old && old.id !== saved.id) await config.deleteRule(old.id);
      return saved;
    },
    onSuccess: async () => {
      setDraft(null);
      setStatus(t('console.cfg.routing.saved'));
      await qc.invalidateQueries({ queryKey: ['routing-rules'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => config.deleteRule(id),
    onSuccess: async () => {
      setStatus(t('console.cfg.deleted'));
      await qc.invalidateQueries({ queryKey: ['routing-rules'] });
    },
  });

  const sorted = [...(rules.data ?? [])].sort((a, b) => rank(a) - rank(b) || serviceName(a.serviceId).localeCompare(serviceName(b.serviceId)) || districtName(a.districtId).localeCompare(districtName(b.districtId)));
  const editing = d.id !== null;
  return (
    <section aria-labelledby="routing-title">
      <h1 id="routing-title">{t('console.cfg.nav.routing')}</h1>
      <p className="muted">{t('console.cfg.routing.intro')}</p>
      <p role="status" className="sr-status">
        {status}
      </p>
      {sorted.length === 0 ? (
        <p>{rules.isPending ? t('console.loading') : t('console.cfg.routing.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue config-table" data-testid="routing-rules">
            <thead>
              <tr>
                <th scope="col">{t('console.cfg.routing.precedence')}</th>
                <th scope="col">{t('console.cfg.routing.service')}</th>
                <th scope="col">{t('console.cfg.routing.district')}</th>
                <th scope="col">{t('console.cfg.routing.department')}</th>
                <th scope="col" className="narrow-hide">{t('console.cfg.routing.autoAssign')}</th>
                <th scope="col">{t('console.cfg.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.id} data-rule={r.id}>
                  <td data-label={t('console.cfg.routing.precedence')}>{t(`console.cfg.routing.rank.${RANK_KEY[rank(r)]}`)}</td>
                  <td data-label={t('console.cfg.routing.service')}>{serviceName(r.serviceId)}</td>
                  <td data-label={t('console.cfg.routing.district')}>{districtName(r.districtId)}</td>
                  <td data-label={t('console.cfg.routing.department')}>{deptName(r.departmentId)}</td>
                  <td className="narrow-hide" data-label={t('console.cfg.routing.autoAssign')}>{r.autoAssign === null ? t('console.cfg.routing.follow') : r.autoAssign ? t('console.cfg.routing.yes') : t('console.cfg.routing.no')}</td>
                  <td className="row-actions" data-label={t('console.cfg.actions')}>
                    <button
                      type="button"
                      className="button small"
                      aria-label={t('console.cfg.routing.editRule', { what: describe(r) })}
                      onClick={() => {
                        setDraft({ id: r.id, serviceId: r.serviceId === null ? '' : String(r.serviceId), districtId: r.districtId === null ? '' : String(r.districtId), departmentId: String(r.departmentId), autoAssign: r.autoAssign === null ? '' : r.autoAssign ? 'true' : 'false' });
                        document.getElementById('rule-service')?.focus();
                      }}
                    >
                      {t('console.cfg.edit')}
                    </button>
                    <button type="button" className="button small" aria-label={t('console.cfg.routing.deleteRule', { what: describe(r) })} onClick={() => remove.mutate(r.id)}>
                      {t('console.cfg.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Issues error={remove.error} />

      <form
        className="card admin-form"
        aria-labelledby="rule-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <h2 id="rule-form-title">{editing ? t('console.cfg.routing.editing') : t('console.cfg.routing.add')}</h2>
        <div className="grid2">
          <div className="field">
            <label htmlFor="rule-service">{t('console.cfg.routing.service')}</label>
            <select id="rule-service" value={d.serviceId} onChange={(e) => set({ serviceId: e.target.value })}>
              <option value="">{t('console.cfg.routing.anyService')}</option>
              {[...(dir.data?.services ?? [])]
                .filter((s) => s.active)
                .sort((a, b) => serviceName(a.id).localeCompare(serviceName(b.id)))
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {serviceName(s.id)}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rule-district">{t('console.cfg.routing.district')}</label>
            <select id="rule-district" value={d.districtId} onChange={(e) => set({ districtId: e.target.value })}>
              <option value="">{t('console.cfg.routing.anyDistrict')}</option>
              {[...new Set((dir.data?.districts ?? []).map((x) => x.layer))].map((layer) => (
                <optgroup key={layer} label={layer}>
                  {dir.data!.districts
                    .filter((x) => x.layer === layer)
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rule-department">{t('console.cfg.routing.department')}</label>
            <select id="rule-department" value={d.departmentId} onChange={(e) => set({ departmentId: e.target.value })}>
              {dir.data?.departments.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="rule-auto">{t('console.cfg.routing.autoAssign')}</label>
            <select id="rule-auto" value={d.autoAssign} onChange={(e) => set({ autoAssign: e.target.value as Draft['autoAssign'] })}>
              <option value="">{t('console.cfg.routing.follow')}</option>
              <option value="true">{t('console.cfg.routing.yes')}</option>
              <option value="false">{t('console.cfg.routing.no')}</option>
            </select>
          </div>
        </div>
        <Issues error={save.error} />
        <div className="row">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {t('console.cfg.routing.save')}
          </button>
          {editing && (
            <button type="button" className="button" onClick={() => setDraft(null)}>
              {t('console.cfg.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
