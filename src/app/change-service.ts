import type { Actor } from '../domain/actor.js';
import { AppError, invalid } from '../domain/errors.js';
import { dueTimes, isOverdue } from '../domain/targets.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';
import { resolveRoute, routeData } from './resolve-route.js';

export interface ChangeServiceInput extends ChangeTarget {
  serviceCode: string;
  note?: string | undefined;
}

/** Re-classifies a request: the routing rules place it again and it takes the new service's targets. */
export async function changeService(deps: Deps, actor: Actor, input: ChangeServiceInput) {
  return mutateRequest(deps, actor, input, 'request.change_service', async (req, repos, at) => {
    const service = await repos.services.getByCode(input.serviceCode);
    if (!service || !service.active) throw new AppError('unknown_service', `no active service with code ${input.serviceCode}`);
    if (service.id === req.serviceId) throw invalid([{ field: 'serviceCode', message: 'the request already has that service' }]);
    if (req.status === 'closed') throw new AppError('illegal_transition', 'reopen a closed request before changing its service');
    const from = await repos.services.get(req.serviceId);
    const due = dueTimes(
      { ackWithinHours: service.ackWithinHours, resolveWithinHours: service.resolveWithinHours, inBusinessHours: service.targetsInBusinessHours },
      req.createdAt,
      await repos.settings.calendar(),
    );
    // A request that stays in its department keeps its assignee; one that moves starts afresh there.
    const routed = await resolveRoute(repos, {
      serviceId: service.id,
      defaultDepartmentId: service.departmentId,
      districtIds: req.districtIds,
      current: { departmentId: req.departmentId, assigneeId: req.assigneeId },
    });
    const ackDueAt = req.acknowledgedAt ? req.ackDueAt : due.ackDueAt;
    return {
      patch: {
        serviceId: service.id,
        departmentId: routed.departmentId,
        assigneeId: routed.assigneeId,
        ackDueAt,
        resolveDueAt: due.resolveDueAt,
        // A later target lifts an overdue flag; setting one stays the sweep's job, with its event.
        ackOverdue: req.ackOverdue && (req.acknowledgedAt !== null || isOverdue(ackDueAt, null, at)),
        resolveOverdue: req.resolveOverdue && isOverdue(due.resolveDueAt, null, at),
      },
      events: [
        {
          type: 'service_changed',
          public: true,
          data: {
            from: from?.code ?? null,
            to: service.code,
            fromName: from?.name ?? null,
            toName: service.name,
            fromDepartmentId: req.departmentId,
            toDepartmentId: routed.departmentId,
            routing: routeData(routed),
            note: input.note ?? null,
          },
        },
        // A move to another department leaves the request unassigned there (implied by the move); only an
        // auto-assignment is news of its own.
        ...(routed.autoAssigned ? [{ type: 'assigned', public: false, data: { from: req.assigneeId, to: routed.assigneeId, auto: true } }] : []),
      ],
    };
  });
}
