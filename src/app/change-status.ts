import type { Actor } from '../domain/actor.js';
import { actionForStatus, transition } from '../domain/lifecycle.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface ChangeStatusInput extends ChangeTarget {
  status: 'acknowledged' | 'in_progress' | 'on_hold';
  /** Shown to the resident in the public timeline. */
  note?: string | undefined;
}

/** Moves an open request between acknowledged, in progress and on hold. */
export async function changeStatus(deps: Deps, actor: Actor, input: ChangeStatusInput) {
  return mutateRequest(deps, actor, input, 'request.change_status', (req, _repos, at) => {
    const action = actionForStatus(input.status, req.status);
    const next = transition(req, action === 'reopen' ? 'acknowledge' : action, at);
    return {
      patch: { status: next.status, acknowledgedAt: next.acknowledgedAt },
      events: [{ type: 'status_changed', public: true, data: { from: req.status, to: next.status, note: input.note ?? null } }],
    };
  });
}
