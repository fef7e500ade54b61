import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/policy.js';
import type { ApiKeyRecord, Deps } from './ports.js';

/** Every key with its name, kind, prefix and use; never the key itself (only its hash is stored). */
export async function listApiKeys(deps: Deps, actor: Actor): Promise<ApiKeyRecord[]> {
  authorize(actor, 'admin.api_keys');
  return deps.repos.apiKeys.list();
}
