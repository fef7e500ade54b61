import type { Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { authorize } from '../domain/policy.js';
import { hashApiKey } from './api-key-hash.js';
import type { ApiKeyRecord, Deps } from './ports.js';

export interface CreateApiKeyInput {
  name: string;
  /** open311: apps that report (POST requests); integration: a work-order system that also posts updates. */
  kind?: ApiKeyRecord['kind'] | undefined;
}

/** A new API key. The key itself is returned here once; only its hash is stored. */
export async function createApiKey(deps: Deps, actor: Actor, input: CreateApiKeyInput): Promise<{ key: string; record: ApiKeyRecord }> {
  authorize(actor, 'admin.api_keys');
  const name = input.name.trim();
  if (!name || name.length > 200) throw invalid([{ field: 'name', message: 'give the key a name of 1 to 200 characters' }]);
  const kind = input.kind ?? 'open311';
  if (kind !== 'open311' && kind !== 'integration') throw invalid([{ field: 'kind', message: 'must be open311 or integration' }]);
  const key = `cd_${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(24))).toString('base64url')}`;
  const record = await deps.repos.apiKeys.insert({ name, kind, prefix: key.slice(0, 7), keyHash: await hashApiKey(key), createdAt: deps.clock.now() });
  return { key, record };
}
