import type { Actor } from '../../domain/actor.js';
import { invalid, type FieldIssue } from '../../domain/errors.js';
import type { Service } from '../model.js';
import type { Deps, ServiceDraft } from '../ports.js';
import { audited } from './audited.js';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Checks a service and its questions as the admin typed them; every problem at once. */
export function checkServiceDraft(s: ServiceDraft): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!CODE.test(s.code)) issues.push({ field: 'code', message: 'lower-case letters, digits, - and _ (up to 64)' });
  if (!s.name.trim()) issues.push({ field: 'name', message: 'is required' });
  if (!s.group.trim()) issues.push({ field: 'group', message: 'is required' });
  for (const h of ['ackWithinHours', 'resolveWithinHours'] as const) {
    const v = s[h];
    if (v !== null && !(v > 0 && v < 24 * 366)) issues.push({ field: h, message: 'must be a positive number of hours' });
  }
  const seen = new Set<string>();
  s.attributes.forEach((a, i) => {
    const f = `questions.${i}`;
    if (!CODE.test(a.code)) issues.push({ field: `${f}.code`, message: 'lower-case letters, digits, - and _' });
    if (seen.has(a.code)) issues.push({ field: `${f}.code`, message: `${a.code} is used twice` });
    seen.add(a.code);
    if (!a.description.trim()) issues.push({ field: `${f}.description`, message: 'the question text is required' });
    const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (list && a.values.length === 0) issues.push({ field: `${f}.values`, message: 'a list question needs at least one value' });
    if (!list && a.values.length) issues.push({ field: `${f}.values`, message: 'only list questions have values' });
    const keys = new Set(a.values.map((v) => v.key));
    if (keys.size !== a.values.length) issues.push({ field: `${f}.values`, message: 'value keys must be unique' });
  });
  return issues;
}

/** Creates or updates a service with its questions, translations, targets, notice and knowledge-base answer. */
export async function saveService(deps: Deps, actor: Actor, input: ServiceDraft & { create: boolean }) {
  const { create, ...draft } = input;
  const draftIssues = checkServiceDraft(draft);
  if (draftIssues.length) throw invalid(draftIssues);
  const attributes = draft.attributes.map((a, i) => ({ ...a, position: i + 1 }));
  return audited(deps, actor, 'admin.configure', { action: create ? 'service.create' : 'service.update', entity: 'service' }, async (repos) => {
    const existingId = await repos.console.serviceIdByCode(draft.code);
    if (create && existingId !== undefined) throw invalid([{ field: 'code', message: `a service with code ${draft.code} exists already` }]);
    if (!create && existingId === undefined) throw invalid([{ field: 'code', message: `no service with code ${draft.code}` }]);
    if (!(await repos.departments.get(draft.departmentId))) throw invalid([{ field: 'departmentId', message: 'no such department' }]);
    const before: Service | undefined = existingId === undefined ? undefined : await repos.services.get(existingId);
    const id = await repos.console.saveService({ ...draft, attributes });
    const after = await repos.services.get(id);
    return { entityId: draft.code, before: before ? { ...before, updatedAt: undefined } : null, after: { ...after, updatedAt: undefined }, result: after! };
  });
}
