import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { authorizeAdmin } from './admin-actor.js';
import { audited } from './admin/audited.js';
import type { Deps } from './ports.js';

/** Sends a dead letter (or a delivery waiting for its next retry) again now, with a fresh budget of attempts. */
export async function retryDelivery(deps: Deps, actor: Actor, id: number) {
  authorizeAdmin(actor, 'admin.configure');
  const d = await audited(deps, actor, 'admin.configure', { action: 'delivery.retry', entity: 'delivery' }, async (repos) => {
    const retried = await repos.deliveries.retry(id);
    if (!retried) {
      const existing = await repos.deliveries.get(id);
      if (!existing) throw new AppError('not_found', 'delivery not found');
      throw new AppError('conflict', 'this delivery was delivered already');
    }
    return { entityId: String(id), before: null, after: { status: retried.status, recipient: retried.recipient }, result: retried };
  });
  deps.afterCommit?.();
  return d;
}

/** Fans a dead outbox job (an event whose deliveries could not be worked out) out again. */
export async function retryJob(deps: Deps, actor: Actor, id: number) {
  authorizeAdmin(actor, 'admin.configure');
  if (!(await deps.repos.deliveries.retryJob(id))) throw new AppError('not_found', 'no dead outbox job with that id');
  deps.afterCommit?.();
}
