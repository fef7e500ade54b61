import type { Actor } from '../domain/actor.js';
import { invalid, type FieldIssue } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { audited } from './admin/audited.js';
import type { Deps } from './ports.js';

export interface SaveRoutingRuleInput {
  serviceCode?: string | null | undefined;
  districtId?: number | null | undefined;
  departmentId: number;
  /** null or absent: follow the department's setting. */
  autoAssign?: boolean | null | undefined;
  note?: string | null | undefined;
}

/** Adds a routing rule, or replaces the one for the same service and district. */
export async function saveRoutingRule(deps: Deps, actor: Actor, input: SaveRoutingRuleInput) {
  authorize(actor, 'admin.configure');
  const issues: FieldIssue[] = [];
  const service = input.serviceCode ? await deps.repos.services.getByCode(input.serviceCode) : undefined;
  if (input.serviceCode && !service) issues.push({ field: 'serviceCode', message: 'no such service' });
  if (input.districtId != null && !(await deps.repos.districts.districts()).some((d) => d.id === input.districtId)) {
    issues.push({ field: 'districtId', message: 'no such district' });
  }
  if (!input.serviceCode && input.districtId == null) issues.push({ field: 'serviceCode', message: 'a rule names a service, a district or both' });
  if (!(await deps.repos.departments.get(input.departmentId))) issues.push({ field: 'departmentId', message: 'no such department' });
  if (issues.length) throw invalid(issues);
  const rule = { serviceId: service?.id ?? null, districtId: input.districtId ?? null, departmentId: input.departmentId, autoAssign: input.autoAssign ?? null, note: input.note?.trim() || null };
  return audited(deps, actor, 'admin.configure', { action: 'routing_rule.save', entity: 'routing_rule' }, async (repos) => {
    const before = (await repos.routing.list()).find((r) => r.serviceId === rule.serviceId && r.districtId === rule.districtId);
    const after = await repos.routing.save(rule);
    return { entityId: String(after.id), before: before ?? null, after: { ...after, serviceCode: service?.code ?? null }, result: after };
  });
}
