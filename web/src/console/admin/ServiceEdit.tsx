import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Issues, PRIORITIES, useDirectory } from '../shared.js';
import { admin, type AdminQuestion, type AdminService } from './adminApi.js';

const DATATYPES = ['string', 'text', 'number', 'datetime', 'singlevaluelist', 'multivaluelist'] as const;
const isList = (d: string) => d === 'singlevaluelist' || d === 'multivaluelist';

const blank = (departmentId: number): AdminService => ({
  code: '',
  name: '',
  group: '',
  departmentId,
  description: '',
  keywords: [],
  visibility: 'public',
  informationOnly: false,
  defaultPriority: 'normal',
  ackWithinHours: 24,
  resolveWithinHours: 120,
  targetsInBusinessHours: true,
  notice: null,
  kbAnswer: null,
  active: true,
  translations: {},
  questions: [],
});

const toLines = (v: Array<{ key: string; name: string }>) => v.map((x) => `${x.key}=${x.name}`).join('\n');
const fromLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf('=');
      return i < 0 ? { key: l, name: l } : { key: l.slice(0, i).trim(), name: l.slice(i + 1).trim() };
    });

/** One service: its words in English and Spanish, targets, notice, knowledge-base answer and questions. */
export function ServiceEdit() {
  const { code } = useParams();
  const list = useQuery({ queryKey: ['admin-services'], queryFn: admin.services, enabled: code !== undefined });
  const dir = useDirectory();
  if (code !== undefined && !list.data) return null;
  if (!dir.data) return null;
  const existing = code ? list.data?.find((s) => s.code === code) : undefined;
  if (code !== undefined && !existing && list.isFetching) return null;
  return <Form key={`${code ?? 'new'}-${existing ? 'saved' : 'draft'}`} initial={existing ?? blank(dir.data.departments[0]?.id ?? 0)} creating={!existing} />;
}

function Form({ initial, creating }: { initial: AdminService; creating: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const nav = useNavigate();
  const dir = useDirectory();
  const [s, setS] = useState<AdminService>(initial);
  const [valuesText, setValuesText] = useState<string[]>(initial.questions.map((q) => toLines(q.values)));
  const [valuesEs, setValuesEs] = useState<string[]>(initial.questions.map((q) => toLines(q.values.map((v) => ({ key: v.key, name: q.translations.es?.values?.[v.key] ?? '' })).filter((v) => v.name))));
  const es = s.translations.es ?? {};
  const set = <K extends keyof AdminService>(k: K, v: AdminService[K]) => setS((x) => ({ ...x, [k]: v }));
  const setEs = (k: keyof NonNullable<AdminService['translations']['es']>, v: string) => setS((x) => ({ ...x, translations: { es: { ...x.translations.es, [k]: v || undefined } } }));
  const setQ = (i: number, patch: Partial<AdminQuestion>) => setS((x) => ({ ...x, questions: x.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) }));
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= s.questions.length) return;
    const swap = <T,>(a: T[]) => {
      const b = [...a];
      [b[i], b[j]] = [b[j]!, b[i]!];
      return b;
    };
    setS((x) => ({ ...x, questions: swap(x.questions) }));
    setValuesText(swap);
    setValuesEs(swap);
  };
  useEffect(() => {
    document.getElementById('service-form-title')?.focus();
  }, []);

  const save = useMutation({
    mutationFn: () => {
      const questions = s.questions.map((q, i) => {
        const values = isList(q.datatype) ? fromLines(valuesText[i] ?? '') : [];
        const esValues = Object.fromEntries(fromLines(valuesEs[i] ?? '').map((v) => [v.key, v.name]));
        const esDesc = q.translations.es?.description;
        return { ...q, values, translations: esDesc || Object.keys(esValues).length ? { es: { ...(esDesc ? { description: esDesc } : {}), ...(Object.keys(esValues).length ? { values: esValues } : {}) } } : {} };
      });
      const body = { ...s, questions, notice: s.notice || null, kbAnswer: s.kbAnswer || null };
      return creating ? admin.createService(body) : admin.updateService(body);
    },
    onSuccess: async (saved) => {
      qc.setQueryData<AdminService[]>(['admin-services'], (old) => [...(old ?? []).filter((x) => x.code !== saved.code), saved]);
      void qc.invalidateQueries({ queryKey: ['staff-services'] });
      void qc.invalidateQueries({ queryKey: ['directory'] });
      void qc.invalidateQueries({ queryKey: ['services'] });
      if (creating) nav(`/admin/services/${saved.code}`, { replace: true });
    },
  });

  const num = (v: string) => (v === '' ? null : Number(v));
  return (
    <form
      className="admin-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h1 id="service-form-title" tabIndex={-1}>
        {creating ? t('console.admin.newService') : s.name}
      </h1>
      <div className="grid3">
        <Text id="svc-code" label={t('console.admin.code')} value={s.code} onChange={(v) => set('code', v)} disabled={!creating} />
        <Text id="svc-name" label={t('console.admin.name')} value={s.name} onChange={(v) => set('name', v)} />
        <Text id="svc-group" label={t('console.admin.group')} value={s.group} onChange={(v) => set('group', v)} />
        <div className="field">
          <label htmlFor="svc-dept">{t('console.admin.department')}</label>
          <select id="svc-dept" value={s.departmentId} onChange={(e) => set('departmentId', Number(e.target.value))}>
            {dir.data?.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="svc-visibility">{t('console.admin.visibility')}</label>
          <select id="svc-visibility" value={s.visibility} onChange={(e) => set('visibility', e.target.value as AdminService['visibility'])}>
            <option value="public">{t('console.admin.public')}</option>
            <option value="internal">{t('console.admin.internal')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="svc-priority">{t('console.admin.defaultPriority')}</label>
          <select id="svc-priority" value={s.defaultPriority} onChange={(e) => set('defaultPriority', e.target.value)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`console.priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <Text id="svc-ack" type="number" label={t('console.admin.ackHours')} value={s.ackWithinHours === null ? '' : String(s.ackWithinHours)} onChange={(v) => set('ackWithinHours', num(v))} />
        <Text id="svc-resolve" type="number" label={t('console.admin.resolveHours')} value={s.resolveWithinHours === null ? '' : String(s.resolveWithinHours)} onChange={(v) => set('resolveWithinHours', num(v))} />
        <Text id="svc-keywords" label={t('console.admin.keywords')} value={s.keywords.join(', ')} onChange={(v) => set('keywords', v.split(',').map((k) => k.trim()).filter(Boolean))} />
      </div>
      <div className="row">
        <Check label={t('console.admin.businessHours')} checked={s.targetsInBusinessHours} onChange={(v) => set('targetsInBusinessHours', v)} />
        <Check label={t('console.admin.informationOnly')} checked={s.informationOnly} onChange={(v) => set('informationOnly', v)} />
        <Check label={t('console.admin.active')} checked={s.active} onChange={(v) => set('active', v)} />
      </div>
      <div className="grid2">
        <Area id="svc-desc" label={t('console.admin.description')} value={s.description} onChange={(v) => set('description', v)} />
        <Area id="svc-desc-es" lang="es" label={`${t('console.admin.description')} (${t('console.admin.spanish')})`} value={es.description ?? ''} onChange={(v) => setEs('description', v)} />
        <Text id="svc-name-es" lang="es" label={`${t('console.admin.name')} (${t('console.admin.spanish')})`} value={es.name ?? ''} onChange={(v) => setEs('name', v)} />
        <Text id="svc-group-es" lang="es" label={`${t('console.admin.group')} (${t('console.admin.spanish')})`} value={es.group ?? ''} onChange={(v) => setEs('group', v)} />
        <Area id="svc-notice" label={t('console.admin.notice')} value={s.notice ?? ''} onChange={(v) => set('notice', v)} />
        <Area id="svc-notice-es" lang="es" label={`${t('console.admin.notice')} (${t('console.admin.spanish')})`} value={es.notice ?? ''} onChange={(v) => setEs('notice', v)} />
        <Area id="svc-kb" label={t('console.admin.kbAnswer')} value={s.kbAnswer ?? ''} onChange={(v) => set('kbAnswer', v)} />
        <Area id="svc-kb-es" lang="es" label={`${t('console.admin.kbAnswer')} (${t('console.admin.spanish')})`} value={es.kbAnswer ?? ''} onChange={(v) => setEs('kbAnswer', v)} />
      </div>

      <h2>{t('console.admin.questions')}</h2>
      <ol className="questions-edit">
        {s.questions.map((q, i) => {
          const n = i + 1;
          return (
            <li key={i} className="card" data-question-index={i}>
              <fieldset className="field">
                <legend>{t('console.admin.question', { n })}</legend>
                <div className="grid3">
                  <Text id={`q${i}-code`} label={t('console.admin.code')} value={q.code} onChange={(v) => setQ(i, { code: v })} />
                  <div className="field">
                    <label htmlFor={`q${i}-type`}>{t('console.admin.datatype')}</label>
                    <select id={`q${i}-type`} value={q.datatype} onChange={(e) => setQ(i, { datatype: e.target.value as AdminQuestion['datatype'] })}>
                      {DATATYPES.map((d) => (
                        <option key={d} value={d}>
                          {t(`console.admin.datatypes.${d}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Check label={t('console.admin.required')} checked={q.required} onChange={(v) => setQ(i, { required: v })} />
                </div>
                <div className="grid2">
                  <Text id={`q${i}-text`} label={t('console.admin.questionText')} value={q.description} onChange={(v) => setQ(i, { description: v })} />
                  <Text id={`q${i}-text-es`} lang="es" label={t('console.admin.questionTextEs')} value={q.translations.es?.description ?? ''} onChange={(v) => setQ(i, { translations: { es: { ...q.translations.es, description: v } } })} />
                  {isList(q.datatype) && (
                    <>
                      <Area id={`q${i}-values`} label={t('console.admin.values')} value={valuesText[i] ?? ''} onChange={(v) => setValuesText((a) => Object.assign([...a], { [i]: v }))} />
                      <Area id={`q${i}-values-es`} lang="es" label={t('console.admin.valuesEs')} value={valuesEs[i] ?? ''} onChange={(v) => setValuesEs((a) => Object.assign([...a], { [i]: v }))} />
                    </>
                  )}
                </div>
                <div className="row">
                  <button type="button" className="button small" onClick={() => move(i, -1)} disabled={i === 0}>
                    ↑ <span className="sr-only">{t('console.admin.up', { n })}</span>
                  </button>
                  <button type="button" className="button small" onClick={() => move(i, 1)} disabled={i === s.questions.length - 1}>
                    ↓ <span className="sr-only">{t('console.admin.down', { n })}</span>
                  </button>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => {
                      setS((x) => ({ ...x, questions: x.questions.filter((_, j) => j !== i) }));
                      setValuesText((a) => a.filter((_, j) => j !== i));
                      setValuesEs((a) => a.filter((_, j) => j !== i));
                    }}
                  >
                    {t('console.admin.remove', { n })}
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button"
        onClick={() => {
          setS((x) => ({ ...x, questions: [...x.questions, { code: '', datatype: 'string', variable: true, required: false, description: '', datatypeDescription: null, values: [], translations: {} }] }));
          setValuesText((a) => [...a, '']);
          setValuesEs((a) => [...a, '']);
        }}
      >
        {t('console.admin.addQuestion')}
      </button>
      <Issues error={save.error} />
      <p role="status">{save.isSuccess ? t('console.admin.saved') : ''}</p>
      <button type="submit" className="button primary" disabled={save.isPending}>
        {t('console.admin.save')}
      </button>
    </form>
  );
}

export function Text({ id, label, value, onChange, type = 'text', disabled, lang }: { id: string; label: string; value: string; onChange: (v: string) => void; type?: string; disabled?: boolean; lang?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} disabled={disabled} lang={lang} onChange={(e) => onChange(e.target.value)} step={type === 'number' ? 'any' : undefined} />
    </div>
  );
}

export function Area({ id, label, value, onChange, lang }: { id: string; label: string; value: string; onChange: (v: string) => void; lang?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={Math.min(8, Math.max(2, value.split('\n').length + Math.floor(value.length / 70)))} value={value} lang={lang} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
