import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signIn, sessionId } from '../../app/sign-in.js';
import { SESSION_COOKIE, requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';
import { readiness } from '../readiness.js';

const me = z.object({
  user: z.object({ id: z.number().int(), email: z.string(), name: z.string(), role: z.string(), departmentIds: z.array(z.number().int()) }),
  csrfToken: z.string(),
});

export const systemRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Live: the process answers (for a restart policy; says nothing of the database)', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Ready: serving, the database answers and every migration is applied (for a load balancer)',
        response: { 200: z.object({ status: z.literal('ready') }), 503: z.object({ status: z.literal('not_ready'), reason: z.enum(['starting', 'database_unreachable', 'migrations_pending']), message: z.string() }) },
      },
    },
    async (_req, reply) => {
      const problem = await readiness(ctx);
      return problem ? reply.status(503).header('cache-control', 'no-store').send({ status: 'not_ready' as const, ...problem }) : { status: 'ready' as const };
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Staff sign-in with e-mail and password', body: z.object({ email: z.string().max(254), password: z.string().max(1000) }), response: { 200: me, 401: apiErrorSchema, 429: apiErrorSchema } },
    },
    async (req, reply) => {
      // A new session on every sign-in (never reuse one a visitor arrived with).
      if (req.sessionIdHash) await ctx.deps.repos.sessions.delete(req.sessionIdHash);
      const s = await signIn(ctx.deps, req.body);
      reply.setCookie(SESSION_COOKIE, s.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.config.publicUrl.startsWith('https:'),
        expires: s.expiresAt,
      });
      const u = s.user;
      return { user: { id: u.id, email: u.email, name: u.name, role: u.role, departmentIds: u.departmentIds }, csrfToken: s.csrfToken };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await ctx.deps.repos.sessions.delete(await sessionId(token));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in staff member', response: { 200: me, 401: apiErrorSchema } } }, async (req) => {
    const staff = requireStaff(req);
    const session = await ctx.deps.repos.sessions.get(req.sessionIdHash!, ctx.deps.clock.now());
    const u = session!.user;
    return { user: { id: staff.userId, email: u.email, name: u.name, role: u.role, departmentIds: u.departmentIds }, csrfToken: session!.csrfToken };
  });
};
