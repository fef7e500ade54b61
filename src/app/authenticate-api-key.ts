import { AppError } from '../domain/errors.js';
import { hashApiKey } from './api-key-hash.js';
import type { ApiKeyRecord, Deps } from './ports.js';

/** The live key behind this secret, or forbidden (missing, unknown and revoked keys look the same). */
export async function authenticateApiKey(deps: Deps, key: string | undefined): Promise<ApiKeyRecord> {
  if (!key) throw new AppError('forbidden', 'an api_key is required');
  const record = key.length <= 200 ? await deps.repos.apiKeys.findActiveByHash(await hashApiKey(key)) : undefined;
  if (!record) throw new AppError('forbidden', 'the api_key is not valid');
  // The last use is kept to the minute: a key in steady use is not written on every call.
  const now = deps.clock.now();
  if (!record.lastUsedAt || record.lastUsedAt.getTime() < now.getTime() - 60_000) await deps.repos.apiKeys.touch(record.id, now);
  return record;
}
