import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sessionId } from '../app/sign-in.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import type { AppContext } from './context.js';

export const SESSION_COOKIE = 'cd_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or an anonymous resident. */
    actor: Actor;
    sessionIdHash: string | null;
  }
}

const ANONYMOUS: Actor = { type: 'resident', residentId: null, name: null };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves who is calling from the session cookie. A state-changing call made with the
 * cookie must carry the session's CSRF token in a header that another site can't set.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: AppContext }) => {
  const { deps } = opts.ctx;
  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionIdHash', null);
  app.addHook('onRequest', async (req) => {
    req.actor = ANONYMOUS;
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return;
    const id = await sessionId(token);
    const session = await deps.repos.sessions.get(id, deps.clock.now());
    if (!session) return;
    if (UNSAFE.has(req.method) && !req.url.startsWith('/api/auth/login') && req.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError('forbidden', 'missing or wrong CSRF token: send the x-csrf-token header you got at sign-in');
    }
    const u = session.user;
    req.sessionIdHash = id;
    req.actor = { type: 'staff', userId: u.id, name: u.name, role: u.role, departmentIds: u.departmentIds };
  });
});

export function requireStaff(req: FastifyRequest): Extract<Actor, { type: 'staff' }> {
  if (req.actor.type !== 'staff') throw new AppError('unauthenticated', 'sign in as staff to do this');
  return req.actor;
}
