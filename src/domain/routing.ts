// Routing: which department owns a request, and who in it gets it first. Residents never need to know
// which department does what; the city's rules decide, in one clear order.

export interface RoutingRule {
  id: number;
  serviceId: number | null;
  districtId: number | null;
  departmentId: number;
  /** null follows the department's own setting. */
  autoAssign: boolean | null;
}

export type RouteMatch = 'service_district' | 'service' | 'district' | 'default';

export interface Route {
  departmentId: number;
  ruleId: number | null;
  match: RouteMatch;
  autoAssign: boolean | null;
}

const RANK: Record<Exclude<RouteMatch, 'default'>, number> = { service_district: 0, service: 1, district: 2 };

function matchOf(rule: RoutingRule, serviceId: number, districtIds: readonly number[]): Exclude<RouteMatch, 'default'> | null {
  const serviceOk = rule.serviceId === null || rule.serviceId === serviceId;
  const districtOk = rule.districtId === null || districtIds.includes(rule.districtId);
  if (!serviceOk || !districtOk) return null;
  if (rule.serviceId !== null && rule.districtId !== null) return 'service_district';
  return rule.serviceId !== null ? 'service' : rule.districtId !== null ? 'district' : null;
}

/**
 * The most specific rule wins: service+district, then service, then district, then the service's default
 * department. Between rules of the same kind (a point in districts of two layers) the oldest rule wins.
 */
export function chooseRoute(
  rules: readonly RoutingRule[],
  request: { serviceId: number; districtIds: readonly number[]; defaultDepartmentId: number },
): Route {
  let best: { rule: RoutingRule; match: Exclude<RouteMatch, 'default'> } | null = null;
  for (const rule of rules) {
    const match = matchOf(rule, request.serviceId, request.districtIds);
    if (!match) continue;
    if (!best || RANK[match] < RANK[best.match] || (RANK[match] === RANK[best.match] && rule.id < best.rule.id)) best = { rule, match };
  }
  if (!best) return { departmentId: request.defaultDepartmentId, ruleId: null, match: 'default', autoAssign: null };
  return { departmentId: best.rule.departmentId, ruleId: best.rule.id, match: best.match, autoAssign: best.rule.autoAssign };
}

export interface Liaison {
  userId: number;
  /** 0 is the lead, 1.. the backups in order. */
  rank: number;
  away: boolean;
  active: boolean;
}

/** The lead liaison, or the first backup who is not away; nobody when all are away. */
export function chooseAssignee(liaisons: readonly Liaison[]): number | null {
  const present = [...liaisons].sort((a, b) => a.rank - b.rank).find((l) => l.active && !l.away);
  return present?.userId ?? null;
}
