import type { Actor } from '../domain/actor.js';
import type { Priority } from '../domain/vocabulary.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface ChangePriorityInput extends ChangeTarget {
  priority: Priority;
}

export async function changePriority(deps: Deps, actor: Actor, input: ChangePriorityInput) {
  return mutateRequest(deps, actor, input, 'request.change_priority', (req) => ({
    patch: { priority: input.priority },
    events: req.priority === input.priority ? [] : [{ type: 'priority_changed', public: false, data: { from: req.priority, to: input.priority } }],
  }));
}
