import { createApiKey } from '../app/create-api-key.js';
import { listApiKeys } from '../app/list-api-keys.js';
import { revokeApiKey } from '../app/revoke-api-key.js';
import type { Config } from '../config.js';
import { makeDeps } from '../db/deps.js';
import { SYSTEM } from '../domain/actor.js';
import { openRuntime } from '../runtime.js';

type Values = { name?: string; kind?: string; args?: string[] };

/** civicdesk apikey create | list | revoke: keys for Open311 apps and integrations. */
export const apiKeyCommands: Record<string, (config: Config, values: Values) => Promise<number>> = {
  async 'apikey create'(config, values) {
    if (!values.name) throw new Error('apikey create needs --name NAME');
    const rt = await openRuntime(config, 'apikey create');
    try {
      const { key } = await createApiKey(makeDeps(rt.handle), SYSTEM, { name: values.name, kind: values.kind as 'open311' | 'integration' | undefined });
      // The key alone on standard output, so a script can capture it; it is not shown again.
      process.stdout.write(`${key}\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },

  async 'apikey list'(config) {
    const rt = await openRuntime(config, 'apikey list');
    try {
      const keys = await listApiKeys(makeDeps(rt.handle), SYSTEM);
      if (!keys.length) process.stdout.write('no API keys\n');
      for (const k of keys) {
        const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : 'never used';
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        process.stdout.write(`${k.id}\t${k.kind}\t${k.prefix}…\t${k.name}\tcreated ${k.createdAt.toISOString()}\t${used}\t${state}\n`);
      }
      return 0;
    } finally {
      await rt.close();
    }
  },

  async 'apikey revoke'(config, values) {
    const id = values.args?.[0];
    if (!id || !/^\d{1,9}$/.test(id) || values.args!.length > 1) throw new Error('apikey revoke needs the key\'s ID (see apikey list)');
    const rt = await openRuntime(config, 'apikey revoke');
    try {
      const k = await revokeApiKey(makeDeps(rt.handle), SYSTEM, Number(id));
      process.stdout.write(`API key ${k.id} (${k.name}) revoked at ${k.revokedAt!.toISOString()}\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
