import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { authorizeAdmin } from './admin-actor.js';
import type { DeliveryChannel, DeliveryStatus } from './delivery-model.js';
import type { Deps } from './ports.js';

export interface ListDeliveriesInput {
  status?: DeliveryStatus | undefined;
  channel?: DeliveryChannel | undefined;
  requestId?: number | undefined;
  limit: number;
  offset: number;
}

/** The delivery log (dead letters are status 'dead'). */
export async function listDeliveries(deps: Deps, actor: Actor, input: ListDeliveriesInput) {
  authorizeAdmin(actor, 'admin.configure');
  return deps.repos.deliveries.list(input);
}

/** One delivery with every attempt (time, outcome, the server's response). */
export async function getDelivery(deps: Deps, actor: Actor, id: number) {
  authorizeAdmin(actor, 'admin.configure');
  const d = await deps.repos.deliveries.get(id);
  if (!d) throw notFound('delivery');
  return d;
}

/** Outbox jobs that gave up before becoming deliveries. */
export async function listDeadJobs(deps: Deps, actor: Actor, limit: number) {
  authorizeAdmin(actor, 'admin.configure');
  return deps.repos.deliveries.deadJobs(limit);
}
