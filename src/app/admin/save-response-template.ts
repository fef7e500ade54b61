import type { Actor } from '../../domain/actor.js';
import { invalid, notFound } from '../../domain/errors.js';
import type { Deps, ResponseTemplate } from '../ports.js';
import { audited } from './audited.js';

/** Creates or edits a public response template (English, with a Spanish translation). */
export async function saveResponseTemplate(deps: Deps, actor: Actor, input: Omit<ResponseTemplate, 'id'> & { id?: number | undefined }) {
  const issues = [];
  if (!input.name.trim()) issues.push({ field: 'name', message: 'is required' });
  if (!input.body.trim()) issues.push({ field: 'body', message: 'is required' });
  if (issues.length) throw invalid(issues);
  return audited(deps, actor, 'admin.configure', { action: input.id ? 'template.update' : 'template.create', entity: 'response_template' }, async (repos) => {
    const before = input.id ? await repos.console.template(input.id) : undefined;
    if (input.id && !before) throw notFound('response template');
    const saved = await repos.console.saveTemplate(input);
    return { entityId: String(saved.id), before: before ?? null, after: saved, result: saved };
  });
}
