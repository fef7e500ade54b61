import { chooseAssignee, chooseRoute, type Route } from '../domain/routing.js';
import type { Repos } from './ports.js';

export interface Routed {
  departmentId: number;
  assigneeId: number | null;
  route: Route;
  /** True when the assignee was chosen by auto-assignment just now. */
  autoAssigned: boolean;
}

/**
 * Where a request of this service at these districts goes, and to whom. A request that stays in its
 * department keeps its assignee; one that moves starts with nobody, or with the new department's lead
 * (or first backup present) when the rule or the department auto-assigns.
 */
export async function resolveRoute(
  repos: Repos,
  input: { serviceId: number; defaultDepartmentId: number; districtIds: number[]; current?: { departmentId: number; assigneeId: number | null } },
): Promise<Routed> {
  // The rules and the departments' auto-assign settings in one round trip (a new request's route needs both).
  const { rules, autoAssign } = await repos.routing.routeFacts(input.serviceId, input.districtIds);
  const route = chooseRoute(rules, { serviceId: input.serviceId, districtIds: input.districtIds, defaultDepartmentId: input.defaultDepartmentId });
  if (input.current && input.current.departmentId === route.departmentId) {
    return { departmentId: route.departmentId, assigneeId: input.current.assigneeId, route, autoAssigned: false };
  }
  const auto = route.autoAssign ?? autoAssign.get(route.departmentId) ?? false;
  const assigneeId = auto ? chooseAssignee(await repos.routing.liaisons(route.departmentId)) : null;
  return { departmentId: route.departmentId, assigneeId, route, autoAssigned: assigneeId !== null };
}

/** What the timeline records about a routing decision. */
export const routeData = (r: Routed) => ({ match: r.route.match, ruleId: r.route.ruleId, departmentId: r.departmentId });
