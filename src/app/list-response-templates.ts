import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/policy.js';
import type { Deps } from './ports.js';

/** The public replies staff can start a comment from (all of them, inactive too, for the admin). */
export async function listResponseTemplates(deps: Deps, actor: Actor, opts: { includeInactive?: boolean } = {}) {
  if (opts.includeInactive) authorize(actor, 'admin.configure');
  else authorize(actor, 'request.comment_public');
  return deps.repos.console.templates(opts);
}
