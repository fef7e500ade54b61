import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staff, type Template } from '../api.js';
import { Issues } from '../shared.js';
import { admin } from './adminApi.js';
import { Area, Check, Text } from './ServiceEdit.js';

/** Public reply templates, in English and Spanish. */
export function Templates() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['templates', 'all'], queryFn: () => staff.templates(true) });
  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">{t('console.admin.templates')}</h1>
      {list.data?.map((tpl) => <TemplateForm key={tpl.id} initial={tpl} />)}
      <h2>{t('console.admin.newTemplate')}</h2>
      <TemplateForm key={`new-${list.data?.length ?? 0}`} initial={{ id: 0, name: '', body: '', translations: {}, active: true }} />
    </section>
  );
}

function TemplateForm({ initial }: { initial: Template }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [tpl, setTpl] = useState(initial);
  const p = `tpl${initial.id}`;
  const save = useMutation({
    mutationFn: () => admin.saveTemplate({ ...(tpl.id ? { id: tpl.id } : {}), name: tpl.name, body: tpl.body, translations: tpl.translations, active: tpl.active }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['templates'] }),
  });
  const es = tpl.translations.es ?? {};
  return (
    <form
      className="card admin-form"
      aria-label={tpl.name || t('console.admin.newTemplate')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="grid2">
        <Text id={`${p}-name`} label={t('console.admin.name')} value={tpl.name} onChange={(v) => setTpl({ ...tpl, name: v })} />
        <Text id={`${p}-name-es`} lang="es" label={`${t('console.admin.name')} (${t('console.admin.spanish')})`} value={es.name ?? ''} onChange={(v) => setTpl({ ...tpl, translations: { es: { ...es, name: v } } })} />
        <Area id={`${p}-body`} label={t('console.admin.body')} value={tpl.body} onChange={(v) => setTpl({ ...tpl, body: v })} />
        <Area id={`${p}-body-es`} lang="es" label={`${t('console.admin.body')} (${t('console.admin.spanish')})`} value={es.body ?? ''} onChange={(v) => setTpl({ ...tpl, translations: { es: { ...es, body: v } } })} />
      </div>
      <Check label={t('console.admin.active')} checked={tpl.active} onChange={(v) => setTpl({ ...tpl, active: v })} />
      <Issues error={save.error} />
      <p role="status">{save.isSuccess ? t('console.admin.saved') : ''}</p>
      <button type="submit" className="button small primary">
        {t('console.admin.save')}
      </button>
    </form>
  );
}
