import type { Actor } from '../domain/actor.js';
import { transition } from '../domain/lifecycle.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export async function acknowledgeRequest(deps: Deps, actor: Actor, input: ChangeTarget) {
  return mutateRequest(deps, actor, input, 'request.acknowledge', (req, _repos, at) => {
    const next = transition(req, 'acknowledge', at);
    return {
      patch: { status: next.status, acknowledgedAt: next.acknowledgedAt },
      events: [{ type: 'acknowledged', public: true, data: { from: req.status, to: next.status } }],
    };
  });
}
