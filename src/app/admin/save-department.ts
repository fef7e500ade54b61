import type { Actor } from '../../domain/actor.js';
import { invalid } from '../../domain/errors.js';
import type { Deps } from '../ports.js';
import { audited } from './audited.js';

export interface DepartmentDraft {
  id?: number | undefined;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** The lead liaison first, then the backups in order. */
  liaisonIds: number[];
}

/** Creates or edits a department with its lead liaison and backups. */
export async function saveDepartment(deps: Deps, actor: Actor, d: DepartmentDraft) {
  const issues = [];
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(d.code)) issues.push({ field: 'code', message: 'lower-case letters, digits, - and _' });
  if (!d.name.trim()) issues.push({ field: 'name', message: 'is required' });
  if (d.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.email)) issues.push({ field: 'email', message: 'is not an e-mail address' });
  if (new Set(d.liaisonIds).size !== d.liaisonIds.length) issues.push({ field: 'liaisonIds', message: 'a person can be liaison only once' });
  if (issues.length) throw invalid(issues);
  return audited(deps, actor, 'admin.configure', { action: d.id ? 'department.update' : 'department.create', entity: 'department' }, async (repos) => {
    for (const uid of d.liaisonIds) if (!(await repos.users.get(uid))) throw invalid([{ field: 'liaisonIds', message: `no user ${uid}` }]);
    const before = d.id ? await repos.departments.get(d.id) : undefined;
    const id = await repos.console.saveDepartment(d);
    const after = await repos.departments.get(id);
    return { entityId: String(id), before: before ?? null, after, result: after! };
  });
}
