import type { Actor } from '../domain/actor.js';
import { notFound } from '../domain/errors.js';
import { audited } from './admin/audited.js';
import type { ApiKeyRecord, Deps } from './ports.js';

/** Revokes a key at once: the next call with it is refused. */
export async function revokeApiKey(deps: Deps, actor: Actor, id: number): Promise<ApiKeyRecord> {
  return audited(deps, actor, 'admin.api_keys', { action: 'api_key.revoke', entity: 'api_key' }, async (repos) => {
    const before = (await repos.apiKeys.list()).find((k) => k.id === id);
    const record = await repos.apiKeys.revoke(id, deps.clock.now());
    if (!record) throw notFound('API key');
    return { entityId: String(id), before: before ?? null, after: record, result: record };
  });
}
