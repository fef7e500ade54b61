import type { Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface AssignRequestInput extends ChangeTarget {
  /** null unassigns. */
  assigneeId: number | null;
}

export async function assignRequest(deps: Deps, actor: Actor, input: AssignRequestInput) {
  return mutateRequest(deps, actor, input, 'request.assign', async (req, repos, at) => {
    if (input.assigneeId !== null) {
      const user = await repos.users.get(input.assigneeId);
      if (!user || !user.active) throw invalid([{ field: 'assigneeId', message: 'no active staff user with that id' }]);
      const scoped = user.role === 'department_staff' || user.role === 'field';
      if (scoped && !user.departmentIds.includes(req.departmentId)) {
        throw invalid([{ field: 'assigneeId', message: `${user.name} does not work for this request's department` }]);
      }
    }
    // Assigning a new request is acknowledging it.
    const acknowledge = req.status === 'new' && input.assigneeId !== null;
    return {
      patch: { assigneeId: input.assigneeId, ...(acknowledge ? { status: 'acknowledged' as const, acknowledgedAt: req.acknowledgedAt ?? at } : {}) },
      events: [
        { type: 'assigned', public: false, data: { from: req.assigneeId, to: input.assigneeId } },
        ...(acknowledge ? [{ type: 'acknowledged', public: true, data: { from: 'new', to: 'acknowledged' } }] : []),
      ],
    };
  });
}
