import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../src/app/ports.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { argon2id } from '../../src/db/deps.js';
import { upsertStaff } from '../../src/db/repositories/catalogue.js';
import type { Role } from '../../src/domain/vocabulary.js';
import { buildApp } from '../../src/server/app.js';

export async function buildTestApp(handle: DatabaseHandle, deps: Deps): Promise<FastifyInstance> {
  const config = loadConfig({ CIVICDESK_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, handle, deps, ready: () => true });
  await app.ready();
  return app;
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Creates (or updates) a staff user with a password and signs in through the API. */
export async function signInAs(app: FastifyInstance, handle: DatabaseHandle, email: string, role: Role, departmentIds: number[] = []): Promise<Session> {
  const password = 'correct horse battery staple';
  await upsertStaff(handle.db, { email, name: email.split('@')[0]!, role, departmentIds, passwordHash: await argon2id.hash(password) });
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  const csrf = res.json().csrfToken as string;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}
