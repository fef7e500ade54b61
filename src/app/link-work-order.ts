import type { Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface LinkWorkOrderInput extends ChangeTarget {
  /** null unlinks. */
  workOrderId: string | null;
}

/** Records the work-order system's id for a request (an internal event: residents don't see it). */
export async function linkWorkOrder(deps: Deps, actor: Actor, input: LinkWorkOrderInput) {
  const id = input.workOrderId?.trim() || null;
  if (id && id.length > 100) throw invalid([{ field: 'workOrderId', message: 'must be at most 100 characters' }]);
  // Linking a work order is how the request gets assigned in the other system.
  return mutateRequest(deps, actor, input, 'request.assign', (req) => ({
    patch: { workOrderId: id },
    events: req.workOrderId === id ? [] : [{ type: 'work_order_linked', public: false, data: { from: req.workOrderId, to: id } }],
  }));
}
