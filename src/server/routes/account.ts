import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestSignInLink, residentEmail, signInWithLink, signOutResident, type AccountDeps } from '../../app/privacy/account.js';
import { accountRepo } from '../../db/repositories/accounts.js';
import { AppError } from '../../domain/errors.js';
import { LOCALES } from '../../domain/vocabulary.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';
import { privacyDeps } from './privacy.js';

// Optional resident accounts: sign in by a one-time e-mailed link (the privacy link, purpose
// 'signin'), then "My requests" and a language preference. The resident session cookie is
// HttpOnly, SameSite=Strict and separate from the staff session; bodies are JSON only, which
// another site cannot send without a preflight.

export const RESIDENT_COOKIE = 'cd_resident';
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 429: apiErrorSchema };
const account = z.object({
  signedIn: z.literal(true),
  email: z.string(),
  name: z.string().nullable(),
  locale: z.enum(LOCALES),
  requests: z.array(z.object({ publicId: z.string(), service: z.string(), status: z.string(), createdAt: z.string(), role: z.enum(['reporter', 'follower']) })),
});

export const accountRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const repo = accountRepo(ctx.handle.db);
  const deps: AccountDeps = { ...privacyDeps(ctx), accounts: repo };
  const secure = ctx.config.publicUrl.startsWith('https:');
  const cookieOf = (req: FastifyRequest) => req.cookies?.[RESIDENT_COOKIE];
  const signedIn = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    const email = await residentEmail(deps, cookieOf(req));
    if (!email) throw new AppError('unauthenticated', 'sign in with the link we e-mail you to do this');
    return email;
  };

  app.post(
    '/api/account/link',
    {
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['residents'],
        summary: 'E-mail me a one-time sign-in link (the answer is the same whether or not the address is known)',
        body: z.object({ email: z.string().max(254), locale: z.enum(LOCALES).default('en') }),
        response: { 202: z.object({ sent: z.literal(true) }), ...errors },
      },
    },
    async (req, reply) => {
      await requestSignInLink(deps, req.body);
      return reply.status(202).send({ sent: true as const });
    },
  );

  app.post(
    '/api/account/session',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['residents'],
        summary: 'Sign in with the one-time link: sets the resident session cookie; the link ends',
        body: z.object({ token: z.string().min(20).max(100) }),
        response: { 200: z.object({ signedIn: z.literal(true) }), ...errors },
      },
    },
    async (req, reply) => {
      const s = await signInWithLink(deps, req.body);
      reply.setCookie(RESIDENT_COOKIE, s.session, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: s.expiresAt });
      reply.header('cache-control', 'no-store');
      return { signedIn: true as const };
    },
  );

  app.get(
    '/api/account',
    {
      schema: {
        tags: ['residents'],
        summary: 'My account: my requests (reported or followed, newest first) and my language; { signedIn: false } when not signed in',
        response: { 200: z.union([account, z.object({ signedIn: z.literal(false) })]), ...errors },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const email = await residentEmail(deps, cookieOf(req));
      if (!email) return { signedIn: false as const };
      return { signedIn: true as const, ...(await repo.account(email)) };
    },
  );

  app.put(
    '/api/account/locale',
    {
      schema: {
        tags: ['residents'],
        summary: 'Save my language: used for the e-mails about my requests and for the portal',
        body: z.object({ locale: z.enum(LOCALES) }),
        response: { 200: z.object({ locale: z.enum(LOCALES) }), ...errors },
      },
    },
    async (req, reply) => {
      const email = await signedIn(req, reply);
      await repo.setLocale(email, req.body.locale);
      return { locale: req.body.locale };
    },
  );

  app.post(
    '/api/account/sign-out',
    { schema: { tags: ['residents'], summary: 'Sign out: ends the resident session', response: { 200: z.object({ signedIn: z.literal(false) }), ...errors } } },
    async (req, reply) => {
      await signOutResident(deps, cookieOf(req));
      reply.clearCookie(RESIDENT_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
      reply.header('cache-control', 'no-store');
      return { signedIn: false as const };
    },
  );
};
