import type { Actor } from '../domain/actor.js';
import { authorize, can } from '../domain/policy.js';
import type { Deps } from './ports.js';

/**
 * The call-taker's "who is calling?": residents found by phone digits, e-mail or name, each with
 * their recent requests (only those the caller's staff member may read).
 */
export async function findCallers(deps: Deps, actor: Actor, q: { phone?: string | undefined; email?: string | undefined; text?: string | undefined }) {
  authorize(actor, 'request.create');
  authorize(actor, 'request.read');
  const residents = await deps.repos.console.searchResidents(q, 10);
  return Promise.all(
    residents.map(async (r) => ({
      resident: r,
      requests: (await deps.repos.console.requestsOfResident(r.id, 20)).filter((req) => can(actor, 'request.read', req.departmentId)),
    })),
  );
}
