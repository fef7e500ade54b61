import { actorFields, type Actor } from '../domain/actor.js';
import { AppError, invalid, notFound } from '../domain/errors.js';
import { transition } from '../domain/lifecycle.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface MarkDuplicateInput extends ChangeTarget {
  /** The request this one repeats (the parent). */
  duplicateOfId: number;
  note?: string | undefined;
}

/**
 * Closes a request as a duplicate of another: its reporter and followers follow the parent and hear when
 * it closes. Reopening the duplicate undoes this (reopen-request.ts).
 */
export async function markDuplicate(deps: Deps, actor: Actor, input: MarkDuplicateInput) {
  if (input.duplicateOfId === input.requestId) throw invalid([{ field: 'duplicateOfId', message: 'a request cannot duplicate itself' }]);
  return mutateRequest(deps, actor, input, 'request.close', async (req, repos, at) => {
    const parent = await repos.requests.getForUpdate(input.duplicateOfId);
    if (!parent) throw notFound('the original request');
    if (parent.status === 'closed') {
      throw new AppError('illegal_transition', `${parent.publicId} is closed: reopen it, or close this one with another reason`);
    }
    const next = transition(req, 'close', at, 'duplicate');
    const moved = await repos.duplicates.moveFollowers(req.id, parent.id);
    // The parent gained followers: its version moves so a stale edit of it is refused, and it says why.
    const bumped = await repos.requests.update(parent.id, {}, parent.version, at);
    if (!bumped) throw new AppError('conflict', 'the original request was changed by someone else; try again');
    await repos.events.append({
      requestId: parent.id,
      type: 'duplicate_added',
      public: true,
      data: { duplicateId: req.id, duplicatePublicId: req.publicId, followersAdded: moved },
      ...actorFields(actor),
      createdAt: at,
    });
    return {
      patch: { status: next.status, closeReason: next.closeReason, closedAt: next.closedAt, resolvedAt: next.resolvedAt, acknowledgedAt: next.acknowledgedAt, duplicateOfId: parent.id },
      events: [
        {
          type: 'closed',
          public: true,
          data: { reason: 'duplicate', duplicateOfId: parent.id, duplicateOfPublicId: parent.publicId, note: input.note ?? null, from: req.status },
        },
      ],
    };
  });
}
