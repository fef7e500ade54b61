import type { Actor } from '../domain/actor.js';
import { AppError, invalid, type FieldIssue } from '../domain/errors.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';
import { resolveLocation, type LocationInput } from './resolve-location.js';
import { resolveRoute, routeData } from './resolve-route.js';

export interface ChangeLocationInput extends ChangeTarget, LocationInput {
  note?: string | undefined;
}

/**
 * Moves a request to where the problem really is: new districts and, while it is open, the routing rules
 * place it again (a closed request keeps the department that closed it).
 */
export async function changeLocation(deps: Deps, actor: Actor, input: ChangeLocationInput) {
  const issues: FieldIssue[] = [];
  const place = await resolveLocation(deps.repos, input, issues);
  if (issues.length) throw invalid(issues);
  const placed = place.location ? await deps.repos.geo.placeOf(place.location) : { districtIds: [], insideCityLimits: null };
  const districtIds = placed.districtIds;
  if (placed.insideCityLimits === false) {
    throw new AppError('outside_city', 'that location is outside the city limits', { issues: [{ field: 'location', message: 'outside the city limits' }] });
  }
  return mutateRequest(deps, actor, input, 'request.change_location', async (req, repos) => {
    const service = await repos.services.get(req.serviceId);
    const routed =
      req.status === 'closed'
        ? null
        : await resolveRoute(repos, {
            serviceId: req.serviceId,
            defaultDepartmentId: service!.departmentId,
            districtIds,
            current: { departmentId: req.departmentId, assigneeId: req.assigneeId },
          });
    const where = (r: { location: unknown; address: string | null; addressId: string | null; zipcode: string | null }) => ({
      location: r.location,
      address: r.address,
      addressId: r.addressId,
      zipcode: r.zipcode,
    });
    return {
      patch: {
        ...place,
        districtIds,
        ...(routed ? { departmentId: routed.departmentId, assigneeId: routed.assigneeId } : {}),
      },
      events: [
        {
          type: 'location_changed',
          public: true,
          data: {
            from: where(req),
            to: where(place),
            fromDepartmentId: req.departmentId,
            toDepartmentId: routed?.departmentId ?? req.departmentId,
            ...(routed ? { routing: routeData(routed) } : {}),
            note: input.note ?? null,
          },
        },
        // A move to another department leaves the request unassigned there (implied by the move); only an
        // auto-assignment is news of its own.
        ...(routed?.autoAssigned ? [{ type: 'assigned', public: false, data: { from: req.assigneeId, to: routed.assigneeId, auto: true } }] : []),
      ],
    };
  });
}
