import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/policy.js';
import type { Deps } from './ports.js';

/** Who the console can assign to, and the directory the admin edits: staff, departments, districts. */
export async function consoleDirectory(deps: Deps, actor: Actor) {
  if (actor.type !== 'staff' || !can(actor, 'request.read')) throw new AppError('forbidden', 'staff only');
  const [users, departments, districts, services] = await Promise.all([
    deps.repos.console.listUsers(),
    deps.repos.departments.list(),
    deps.repos.console.districts(),
    deps.repos.services.list({ includeInternal: true, includeInactive: true }),
  ]);
  const admin = can(actor, 'admin.users');
  return {
    users: users
      .filter((u) => u.active || admin)
      .map((u) => ({ id: u.id, name: u.name, role: u.role, departmentIds: u.departmentIds, away: u.away, active: u.active, email: admin ? u.email : null })),
    departments,
    districts,
    services: services.map((s) => ({ id: s.id, code: s.code, name: s.name, names: Object.fromEntries(Object.entries(s.translations).map(([l, t]) => [l, t.name ?? s.name])), departmentId: s.departmentId, active: s.active })),
  };
}
