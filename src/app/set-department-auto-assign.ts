import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { audited } from './admin/audited.js';
import type { Deps } from './ports.js';

/** Whether the department's new requests go straight to its lead liaison (or the first backup present). */
export async function setDepartmentAutoAssign(deps: Deps, actor: Actor, input: { departmentId: number; autoAssign: boolean }) {
  await audited(deps, actor, 'admin.configure', { action: 'department.auto_assign', entity: 'department' }, async (repos) => {
    if (!(await repos.departments.get(input.departmentId))) throw notFound('department');
    const before = await repos.routing.departmentAutoAssign(input.departmentId);
    await repos.routing.setDepartmentAutoAssign(input.departmentId, input.autoAssign);
    return { entityId: String(input.departmentId), before: { autoAssign: before }, after: { autoAssign: input.autoAssign }, result: undefined };
  });
}
