import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/app/create-api-key.js';
import type { Deps } from '../../src/app/ports.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { SYSTEM } from '../../src/domain/actor.js';
import { buildApp } from '../../src/server/app.js';

/** The app listening on 127.0.0.1 on a free port, as a third-party client reaches it. */
export async function startServer(handle: DatabaseHandle, deps: Deps, opts: { jurisdictionId?: string; writesPerMinute?: number } = {}) {
  const config = loadConfig({ CIVICDESK_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...(opts.jurisdictionId ? { JURISDICTION_ID: opts.jurisdictionId } : {}) });
  const app = await buildApp({ config, handle, deps, ready: () => true }, { open311Limits: { writesPerMinute: opts.writesPerMinute ?? 10_000, readsPerMinute: 10_000 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  config.publicUrl = base; // as PUBLIC_URL would say in production
  return { app: app as FastifyInstance, base, endpoint: `${base}/open311/v2/` };
}

export async function newKey(deps: Deps, kind: 'open311' | 'integration' = 'open311', name = 'Test app') {
  return (await createApiKey(deps, SYSTEM, { name, kind })).key;
}

export const count = async (handle: DatabaseHandle, table: string) =>
  (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from ${sql.raw(table)}`))!.n;

/** Rows of every table a submission could write, to show that a refused call wrote nothing. */
export async function footprint(handle: DatabaseHandle) {
  const tables = ['requests', 'request_events', 'outbox', 'residents', 'followers', 'media', 'media_blobs', 'comments', 'open311_updates'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(handle, t)] as const)));
}

// The third-party client (npm open311, CommonJS, callback style), promisified.
const require = createRequire(import.meta.url);
type Callback = (err: unknown, data: unknown) => void;
interface Open311Client {
  endpoint?: string;
  serviceDiscovery(opts: object, cb: Callback): void;
  serviceList(cb: Callback): void;
  serviceDefinition(code: string, cb: Callback): void;
  submitRequest(data: object, cb: Callback): void;
  token(token: string, cb: Callback): void;
  serviceRequests(id: unknown, params: unknown, cb?: Callback): void;
  serviceRequest(id: unknown, params: unknown, cb?: Callback): void;
}
const Open311 = require('open311') as new (opts: object) => Open311Client;

export function client(opts: { endpoint?: string; discovery?: string; jurisdiction?: string; apiKey?: string }) {
  const c = new Open311(opts);
  const call = <T>(fn: (cb: Callback) => void) =>
    new Promise<T>((resolve, reject) => fn((err, data) => (err ? reject(Object.assign(new Error(String(data)), { status: err })) : resolve(data as T))));
  return {
    raw: c,
    discovery: (o: object = {}) => call<Record<string, unknown>>((cb) => c.serviceDiscovery(o, cb)),
    services: () => call<Array<Record<string, unknown>>>((cb) => c.serviceList(cb)),
    definition: (code: string) => call<Record<string, unknown>>((cb) => c.serviceDefinition(code, cb)),
    submit: (data: object) => call<Array<Record<string, unknown>>>((cb) => c.submitRequest(data, cb)),
    token: (t: string) => call<Array<Record<string, unknown>>>((cb) => c.token(t, cb)),
    requests: (params: object = {}) => call<Array<Record<string, unknown>>>((cb) => c.serviceRequests(params, cb)),
    request: (id: string | string[], params: object = {}) => call<Array<Record<string, unknown>>>((cb) => c.serviceRequest(id, params, cb)),
  };
}
