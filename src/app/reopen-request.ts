import { actorFields, type Actor } from '../domain/actor.js';
import { transition } from '../domain/lifecycle.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface ReopenRequestInput extends ChangeTarget {
  note?: string | undefined;
}

export async function reopenRequest(deps: Deps, actor: Actor, input: ReopenRequestInput) {
  return mutateRequest(deps, actor, input, 'request.reopen', async (req, repos, at) => {
    const next = transition(req, 'reopen', at);
    // Reopening a duplicate undoes the merge: those who came to the parent through it leave it again.
    if (req.closeReason === 'duplicate' && req.duplicateOfId !== null) {
      const parent = await repos.requests.getForUpdate(req.duplicateOfId);
      if (parent) {
        const removed = await repos.duplicates.removeFollowers(req.id, parent.id);
        await repos.requests.update(parent.id, {}, parent.version, at);
        await repos.events.append({
          requestId: parent.id,
          type: 'duplicate_removed',
          public: true,
          data: { duplicateId: req.id, duplicatePublicId: req.publicId, followersRemoved: removed },
          ...actorFields(actor),
          createdAt: at,
        });
      }
    }
    return {
      patch: { status: next.status, closeReason: null, closedAt: null, resolvedAt: null, duplicateOfId: null },
      events: [{ type: 'reopened', public: true, data: { previousReason: req.closeReason, note: input.note ?? null } }],
    };
  });
}
