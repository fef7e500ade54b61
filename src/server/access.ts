import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isApiRoute, routeAccess, type RouteAccess } from '../domain/access.js';
import type { Deps } from '../app/ports.js';
import { hashApiKey } from '../app/create-integration-key.js';
import { AppError } from '../domain/errors.js';
import { can } from '../domain/policy.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every API route with its access row, as registered (the role-matrix test walks these). */
    apiRoutes: { method: string; url: string; access: RouteAccess }[];
  }
}

/**
 * Every API route must have a row in ROUTE_ACCESS (src/domain/access.ts): a route without one
 * stops the server at start-up. The staff rows are enforced here, before the body is validated,
 * so a caller without the permission learns nothing about the route's schema.
 */
export const accessPlugin = fp(async (app: FastifyInstance, opts: { deps: Deps }) => {
  const integrationKey = (key: string) => opts.deps.repos.integration.keyByHash(hashApiKey(key));
  const apiRoutes: FastifyInstance['apiRoutes'] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!isApiRoute(route.url)) return;
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    for (const method of methods) {
      const access = routeAccess(method, route.url);
      if (!access) throw new Error(`${method} ${route.url} has no row in ROUTE_ACCESS (src/domain/access.ts): say who may call it`);
      apiRoutes.push({ method, url: route.url, access });
      route.config = { ...(route.config ?? {}), access } as typeof route.config;
    }
  });
  app.addHook('preValidation', async (req) => checkAccess(req, integrationKey));
});

export async function checkAccess(req: FastifyRequest, integrationKey: (key: string) => Promise<unknown>): Promise<void> {
  const access = (req.routeOptions.config as { access?: RouteAccess } | undefined)?.access;
  const actor = req.actor;
  if (access?.who === 'integration') {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !(await integrationKey(m[1]!))) throw new AppError('unauthenticated', 'send an integration key: Authorization: Bearer cdi_...');
    return;
  }
  if (access?.who === 'anyone' && access.any && !access.any.some((p) => can(actor, p))) {
    throw new AppError('forbidden', `not allowed: ${access.any.join(' or ')}`, { details: { permission: access.any[0] } });
  }
  if (access?.who !== 'staff') return;
  if (actor.type !== 'staff') throw new AppError('unauthenticated', 'sign in as staff to do this');
  if (access.any && !access.any.some((p) => can(actor, p))) {
    throw new AppError('forbidden', `not allowed: ${access.any.join(' or ')}`, { details: { permission: access.any[0] } });
  }
}
