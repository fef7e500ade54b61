import type { Actor } from '../../domain/actor.js';
import { invalid, notFound } from '../../domain/errors.js';
import { isOneOf, ROLES, type Role } from '../../domain/vocabulary.js';
import type { Deps } from '../ports.js';
import { audited } from './audited.js';

/** Changes a staff member's name, role, departments, away status or active flag. */
export async function saveUser(deps: Deps, actor: Actor, u: { id: number; name: string; role: string; departmentIds: number[]; away: boolean; active: boolean }) {
  const issues = [];
  if (!isOneOf(ROLES, u.role)) issues.push({ field: 'role', message: `must be one of ${ROLES.join(', ')}` });
  if ((u.role === 'department_staff' || u.role === 'field') && u.departmentIds.length === 0) issues.push({ field: 'departmentIds', message: `a ${u.role} user needs a department` });
  if (!u.name.trim()) issues.push({ field: 'name', message: 'is required' });
  if (actor.type === 'staff' && actor.userId === u.id && (!u.active || u.role !== 'admin')) issues.push({ field: 'role', message: 'you cannot remove your own admin access' });
  if (issues.length) throw invalid(issues);
  return audited(deps, actor, 'admin.users', { action: 'user.update', entity: 'user' }, async (repos) => {
    const before = await repos.users.get(u.id);
    if (!before) throw notFound('user');
    await repos.console.saveUser({ ...u, role: u.role as Role });
    const after = await repos.users.get(u.id);
    return { entityId: String(u.id), before, after, result: after! };
  });
}
