import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { audited } from './admin/audited.js';
import type { Deps } from './ports.js';

/** Removes a routing rule; requests already routed stay where they are. */
export async function deleteRoutingRule(deps: Deps, actor: Actor, id: number) {
  await audited(deps, actor, 'admin.configure', { action: 'routing_rule.delete', entity: 'routing_rule' }, async (repos) => {
    const before = (await repos.routing.list()).find((r) => r.id === id);
    if (!before || !(await repos.routing.delete(id))) throw notFound('routing rule');
    return { entityId: String(id), before, after: null, result: undefined };
  });
}
