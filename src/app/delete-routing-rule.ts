import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { Deps } from './ports.js';

/** Removes a routing rule; requests already routed stay where they are. */
export async function deleteRoutingRule(deps: Deps, actor: Actor, id: number) {
  authorize(actor, 'admin.configure');
  if (!(await deps.repos.routing.delete(id))) throw notFound('routing rule');
}
