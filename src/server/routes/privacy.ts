import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PrivacyDeps } from '../../app/privacy/ports.js';
import { eraseMyData, exportMyData, requestPrivacyLink } from '../../app/privacy/resident-data.js';
import { privacyRepo } from '../../db/repositories/privacy.js';
import { LOCALES } from '../../domain/vocabulary.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';

// A resident's own data: ask for a link by e-mail, then download it (JSON) or erase it.
// The link's token travels in the body, never in a URL the server logs.

const errors = { 400: apiErrorSchema, 403: apiErrorSchema, 429: apiErrorSchema };
const token = z.object({ token: z.string().min(20).max(100) });

export function privacyDeps(ctx: AppContext): PrivacyDeps {
  return { clock: ctx.deps.clock, privacy: privacyRepo(ctx.handle.db), ...(ctx.deps.afterCommit ? { afterCommit: ctx.deps.afterCommit } : {}) };
}

export const privacyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const deps = privacyDeps(ctx);

  app.post(
    '/api/privacy/link',
    {
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['residents'],
        summary: 'E-mail me a one-time link to my data (the answer is the same whether or not the address is known)',
        body: z.object({ email: z.string().max(254), locale: z.enum(LOCALES).default('en') }),
        response: { 202: z.object({ sent: z.literal(true) }), ...errors },
      },
    },
    async (req, reply) => {
      await requestPrivacyLink(deps, req.body);
      return reply.status(202).send({ sent: true as const });
    },
  );

  const withData = {
    requests: z.array(z.record(z.string(), z.unknown())),
    subscriptions: z.array(z.object({ publicId: z.string(), via: z.string(), since: z.string() })),
  };
  app.post(
    '/api/privacy/export',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['residents'], summary: 'My requests, their public comments and my subscriptions, as JSON', body: token, response: { 200: z.object({ email: z.string(), ...withData }), ...errors } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return exportMyData(deps, req.body);
    },
  );

  app.post(
    '/api/privacy/erase',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['residents'],
        summary: 'Erase me: my name, e-mail and phone leave every request I reported or follow (the requests stay, anonymous); ends the link',
        body: token,
        response: { 200: z.object({ requests: z.number().int(), residents: z.number().int(), followers: z.number().int() }), ...errors },
      },
    },
    async (req) => eraseMyData(deps, req.body),
  );
};
