import type { Actor } from '../../domain/actor.js';
import { authorize, type AdminAction } from '../../domain/policy.js';
import type { Deps, Repos } from '../ports.js';

/**
 * The shape of every admin change: check the permission, then in one transaction read the
 * record as it was, write the change, and write the audit_log row (actor, action, before, after).
 */
export async function audited<T>(
  deps: Deps,
  actor: Actor,
  permission: AdminAction,
  what: { action: string; entity: string },
  run: (repos: Repos) => Promise<{ entityId: string; before: unknown; after: unknown; result: T }>,
): Promise<T> {
  authorize(actor, permission);
  return deps.tx(async (repos) => {
    const out = await run(repos);
    await repos.console.audit({
      // The command line acts as a staff admin with no user row (userId 0): the name says who.
      actorUserId: actor.type === 'staff' && actor.userId > 0 ? actor.userId : null,
      actorName: actor.type === 'staff' || actor.type === 'import' || actor.type === 'system' ? actor.name : null,
      action: what.action,
      entity: what.entity,
      entityId: out.entityId,
      before: out.before ?? null,
      after: out.after,
      at: deps.clock.now(),
    });
    return out.result;
  });
}
