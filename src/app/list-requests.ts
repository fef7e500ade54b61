import type { Actor } from '../domain/actor.js';
import { authorize, MATRIX } from '../domain/policy.js';
import type { Channel, Priority, Status } from '../domain/vocabulary.js';
import type { Deps, RequestFilter } from './ports.js';

export interface ListRequestsInput {
  /** 'mine': the caller's own departments (everything when they have none). */
  departmentId?: number | 'mine' | undefined;
  serviceCodes?: string[] | undefined;
  statuses?: Status[] | undefined;
  priorities?: Priority[] | undefined;
  assigneeId?: number | undefined;
  channel?: Channel | undefined;
  districtId?: number | undefined;
  overdue?: boolean | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  bbox?: [number, number, number, number] | undefined;
  sort?: RequestFilter['sort'];
  limit: number;
  offset: number;
}

/** The departments an actor's queue may show: scoped staff never see beyond their own. */
export function queueScope(actor: Actor, departmentId: number | 'mine' | undefined): number[] | undefined {
  let departmentIds = departmentId === 'mine' ? (actor.type === 'staff' && actor.departmentIds.length ? actor.departmentIds : undefined) : departmentId !== undefined ? [departmentId] : undefined;
  if (actor.type === 'staff' && MATRIX[actor.role]['request.read'] === 'own') {
    departmentIds = (departmentIds ?? actor.departmentIds).filter((d) => actor.departmentIds.includes(d));
  }
  return departmentIds;
}

/** The staff queue. Staff scoped to departments only ever see their own departments' requests. */
export async function listRequests(deps: Deps, actor: Actor, input: ListRequestsInput) {
  authorize(actor, 'request.read');
  let serviceIds: number[] | undefined;
  if (input.serviceCodes?.length) {
    const all = await deps.repos.services.list({ includeInternal: true, includeInactive: true });
    serviceIds = all.filter((s) => input.serviceCodes!.includes(s.code)).map((s) => s.id);
  }
  const { serviceCodes: _codes, departmentId, ...rest } = input;
  return deps.repos.requests.list({ ...rest, departmentIds: queueScope(actor, departmentId), serviceIds, now: deps.clock.now() });
}
