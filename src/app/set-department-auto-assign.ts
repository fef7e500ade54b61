import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { Deps } from './ports.js';

/** Whether the department's new requests go straight to its lead liaison (or the first backup present). */
export async function setDepartmentAutoAssign(deps: Deps, actor: Actor, input: { departmentId: number; autoAssign: boolean }) {
  authorize(actor, 'admin.configure');
  if (!(await deps.repos.routing.setDepartmentAutoAssign(input.departmentId, input.autoAssign))) throw notFound('department');
}
