import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Directory } from '../api.js';
import { Issues, useDirectory } from '../shared.js';
import { admin } from './adminApi.js';
import { Check } from './ServiceEdit.js';

const ROLES = ['admin', 'supervisor', 'call_taker', 'department_staff', 'field', 'read_only'] as const;

/** Staff: role, departments, away status, access. */
export function Users() {
  const { t } = useTranslation();
  const dir = useDirectory();
  if (!dir.data) return null;
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('console.admin.users')}</h1>
      <div className="users">
        {dir.data.users.map((u) => (
          <UserForm key={u.id} u={u} departments={dir.data.departments} />
        ))}
      </div>
    </section>
  );
}

function UserForm({ u, departments }: { u: Directory['users'][number]; departments: Directory['departments'] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [role, setRole] = useState<string>(u.role);
  const [deps, setDeps] = useState<number[]>(u.departmentIds);
  const [away, setAway] = useState(u.away);
  const [active, setActive] = useState(u.active);
  const save = useMutation({
    mutationFn: () => admin.saveUser({ id: u.id, name: u.name, role, departmentIds: deps, away, active }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['directory'] }),
  });
  const p = `user${u.id}`;
  return (
    <form
      className="card admin-form user-row"
      aria-labelledby={`${p}-name`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p id={`${p}-name`} className="user-name">
        <strong>{u.name}</strong> <span className="muted">{u.email}</span>
      </p>
      <div className="field">
        <label htmlFor={`${p}-role`}>{t('console.admin.role')}</label>
        <select id={`${p}-role`} value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`console.admin.roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="dept-checks">
        <legend>{t('console.admin.departmentsOf')}</legend>
        {departments.map((d) => (
          <Check key={d.id} label={d.name} checked={deps.includes(d.id)} onChange={(on) => setDeps((a) => (on ? [...a, d.id] : a.filter((x) => x !== d.id)))} />
        ))}
      </fieldset>
      <div className="field checks">
        <Check label={t('console.admin.away')} checked={away} onChange={setAway} />
        <Check label={t('console.admin.active')} checked={active} onChange={setActive} />
      </div>
      <button type="submit" className="button small primary">
        {t('console.admin.save')}
      </button>
      <div className="user-feedback">
        <Issues error={save.error} />
        <p role="status">{save.isSuccess ? t('console.admin.saved') : ''}</p>
      </div>
    </form>
  );
}
