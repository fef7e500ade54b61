import { createHash } from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { authorizeAdmin } from './admin-actor.js';
import { audited } from './admin/audited.js';
import type { Deps } from './ports.js';

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A key for a work-order system: shown once, stored only as its hash. */
export async function createIntegrationKey(deps: Deps, actor: Actor, input: { name: string }) {
  authorizeAdmin(actor, 'admin.api_keys');
  const name = input.name.trim();
  if (!name || name.length > 100) throw invalid([{ field: 'name', message: 'give the system a name of at most 100 characters' }]);
  const key = `cdi_${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('base64url')}`;
  return audited(deps, actor, 'admin.api_keys', { action: 'api_key.create', entity: 'api_key' }, async (repos) => {
    const { id } = await repos.integration.createKey({ name, prefix: key.slice(0, 10), keyHash: hashApiKey(key) });
    return { entityId: String(id), before: null, after: { id, name, kind: 'integration', prefix: key.slice(0, 10) }, result: { id, name, key } };
  });
}
