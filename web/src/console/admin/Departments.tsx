import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Directory } from '../api.js';
import { Issues, useDirectory } from '../shared.js';
import { admin } from './adminApi.js';
import { Text } from './ServiceEdit.js';

/** Departments with their lead liaison and two backups. */
export function Departments() {
  const { t } = useTranslation();
  const dir = useDirectory();
  if (!dir.data) return null;
  return (
    <section aria-labelledby="departments-title">
      <h1 id="departments-title">{t('console.admin.departments')}</h1>
      {dir.data.departments.map((d) => (
        <DepartmentForm key={d.id} d={d} users={dir.data.users} />
      ))}
    </section>
  );
}

function DepartmentForm({ d, users }: { d: Directory['departments'][number]; users: Directory['users'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState(d.name);
  const [email, setEmail] = useState(d.email ?? '');
  const [phone, setPhone] = useState(d.phone ?? '');
  const [liaisons, setLiaisons] = useState<string[]>([0, 1, 2].map((i) => (d.liaisonIds[i] === undefined ? '' : String(d.liaisonIds[i]))));
  const save = useMutation({
    mutationFn: () => admin.saveDepartment({ id: d.id, code: d.code, name, email: email || null, phone: phone || null, liaisonIds: liaisons.filter(Boolean).map(Number) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['directory'] }),
  });
  const p = `dep${d.id}`;
  const staffOf = users.filter((u) => u.active && (u.departmentIds.includes(d.id) || u.role === 'admin' || u.role === 'supervisor'));
  return (
    <form
      className="card admin-form"
      aria-labelledby={`${p}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={`${p}-title`}>
        {d.name} <code>{d.code}</code>
      </h2>
      <div className="grid3">
        <Text id={`${p}-name`} label={t('console.admin.name')} value={name} onChange={setName} />
        <Text id={`${p}-email`} type="email" label={t('console.admin.email')} value={email} onChange={setEmail} />
        <Text id={`${p}-phone`} type="tel" label={t('console.admin.phoneLabel')} value={phone} onChange={setPhone} />
        {liaisons.map((v, i) => (
          <div key={i} className="field">
            <label htmlFor={`${p}-l${i}`}>{i === 0 ? t('console.admin.lead') : t('console.admin.backup', { n: i })}</label>
            <select id={`${p}-l${i}`} value={v} onChange={(e) => setLiaisons((a) => a.map((x, j) => (j === i ? e.target.value : x)))}>
              <option value="">{t('console.admin.nobody')}</option>
              {staffOf.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.away ? ` (${t('console.admin.away')})` : ''}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <Issues error={save.error} />
      <p role="status">{save.isSuccess ? t('console.admin.saved') : ''}</p>
      <button type="submit" className="button small primary">
        {t('console.admin.save')}
      </button>
    </form>
  );
}
