import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import type { ApiKeyRecord, Deps } from './ports.js';

/** Revokes a key at once: the next call with it is refused. */
export async function revokeApiKey(deps: Deps, actor: Actor, id: number): Promise<ApiKeyRecord> {
  authorize(actor, 'admin.api_keys');
  const record = await deps.repos.apiKeys.revoke(id, deps.clock.now());
  if (!record) throw notFound('API key');
  return record;
}
