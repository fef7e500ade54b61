import type { Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { audited } from './admin/audited.js';
import { hashApiKey } from './api-key-hash.js';
import type { ApiKeyRecord, Deps } from './ports.js';

export interface CreateApiKeyInput {
  name: string;
  /** open311: apps that report (POST requests); integration: a work-order system that also posts updates. */
  kind?: ApiKeyRecord['kind'] | undefined;
}

/** A new API key. The key itself is returned here once; only its hash is stored (and audited without it). */
export async function createApiKey(deps: Deps, actor: Actor, input: CreateApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
  authorize(actor, 'admin.api_keys');
  const name = input.name.trim();
  if (!name || name.length > 200) throw invalid([{ field: 'name', message: 'give the key a name of 1 to 200 characters' }]);
  const kind = input.kind ?? 'open311';
  if (kind !== 'open311' && kind !== 'integration') throw invalid([{ field: 'kind', message: 'must be open311 or integration' }]);
  const key = `cd_${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(24))).toString('base64url')}`;
  const keyHash = await hashApiKey(key);
  return audited(deps, actor, 'admin.api_keys', { action: 'api_key.create', entity: 'api_key' }, async (repos) => {
    const record = await repos.apiKeys.insert({ name, kind, prefix: key.slice(0, 7), keyHash, createdAt: deps.clock.now() });
    return { entityId: String(record.id), before: null, after: record, result: { key, record } };
  });
}
