import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/policy.js';
import type { Deps } from './ports.js';

/** For a work-order system: requests changed since a time, oldest change first, with a cursor to go on from. */
export async function listChangedRequests(deps: Deps, actor: Actor, input: { since: Date; afterId?: number | undefined; limit: number }) {
  authorize(actor, 'request.read');
  const items = await deps.repos.integration.changedSince(input.since, input.afterId ?? 0, input.limit);
  const last = items.at(-1);
  return { items, next: last ? { since: last.updatedAt, afterId: last.id } : null };
}
