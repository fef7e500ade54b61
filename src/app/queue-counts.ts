import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/policy.js';
import { queueScope } from './list-requests.js';
import type { Deps } from './ports.js';

/** Open, new, overdue and assigned-to-me counts for the caller's queue (polled by the console). */
export async function queueCounts(deps: Deps, actor: Actor & { type: 'staff' }, input: { departmentId?: number | 'mine' | undefined }) {
  authorize(actor, 'request.read');
  return deps.repos.requests.counts({ departmentIds: queueScope(actor, input.departmentId), userId: actor.userId, now: deps.clock.now() });
}
