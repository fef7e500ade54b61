import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/create-api-key.js';
import { listApiKeys } from '../../src/app/list-api-keys.js';
import { revokeApiKey } from '../../src/app/revoke-api-key.js';
import { rows, sql } from '../../src/db/sql.js';
import { SYSTEM } from '../../src/domain/actor.js';
import { cliEnv, runCli, startServer, stop, tempDataDir } from '../support/cli.js';
import { resetDb, testDb } from '../support/db.js';
import { buildTinyCity } from '../support/factories.js';

describe('API keys', () => {
  it('are stored hashed, listed without the key, revocable, and only an admin (or the operator) makes them', async () => {
    const handle = await testDb();
    await resetDb(handle);
    const city = await buildTinyCity(handle);
    const { key, record } = await createApiKey(city.deps, SYSTEM, { name: 'Pothole app' });
    expect(key).toMatch(/^cd_[A-Za-z0-9_-]{32}$/);
    const stored = await rows<Record<string, unknown>>(handle.db, sql`select * from api_keys`);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(key.slice(3));
    expect(stored[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.prefix).toBe(key.slice(0, 7));
    expect((await listApiKeys(city.deps, city.staff.admin)).map((k) => [k.name, k.kind, k.revokedAt])).toEqual([['Pothole app', 'open311', null]]);
    await expect(createApiKey(city.deps, city.staff.supervisor, { name: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createApiKey(city.deps, SYSTEM, { name: '  ' })).rejects.toMatchObject({ code: 'validation' });
    const revoked = await revokeApiKey(city.deps, city.staff.admin, record.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await expect(revokeApiKey(city.deps, SYSTEM, 999)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('civicdesk apikey', { timeout: 300_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDataDir();
  });

  it('creates a key printed alone on stdout that an Open311 app can use, lists it, revokes it', async () => {
    const created = await runCli(['apikey', 'create', '--name', 'Corona work orders', '--kind', 'integration', '--data-dir', dir]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^cd_[A-Za-z0-9_-]{32}\n$/);
    const key = created.stdout.trim();

    const server = await startServer(['--data-dir', dir, '--port', '0'], cliEnv({ DATABASE_URL: undefined, HOST: '127.0.0.1' }));
    try {
      const res = await fetch(`${server.url}/open311/v2/servicerequestupdates.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: key, service_request_id: '26-000001', update_id: 'u1', status: 'fixed' }).toString(),
      });
      // The key is good: the answer is about the request (none yet), not about the key.
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('service_request_id');
      const bad = await fetch(`${server.url}/open311/v2/requests.xml`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'api_key=cd_nope&service_code=x' });
      expect(bad.status).toBe(403);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }

    const list = await runCli(['apikey', 'list', '--data-dir', dir]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^1\\tintegration\\t${key.slice(0, 7).replace(/[-]/g, '\\-')}…\\tCorona work orders\\tcreated \\S+\\tlast used \\S+\\tactive\\n$`));
    expect(list.stdout).not.toContain(key);

    const revoked = await runCli(['apikey', 'revoke', '1', '--data-dir', dir]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^API key 1 \(Corona work orders\) revoked at /);
    expect((await runCli(['apikey', 'list', '--data-dir', dir])).stdout).toMatch(/\trevoked \S+\n$/);

    const missing = await runCli(['apikey', 'revoke', '--data-dir', dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("civicdesk: apikey revoke needs the key's ID (see apikey list)\n");
    const noName = await runCli(['apikey', 'create', '--data-dir', dir]);
    expect(noName.code).toBe(1);
    expect(noName.stdout).toBe('');
  });
});
