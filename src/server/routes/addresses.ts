import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { nearestAddresses, searchAddresses } from '../../app/search-addresses.js';
import { AppError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';

// The master address list, public: residents and call-takers find an address as they type, and a map pin
// finds its nearest address.

const address = z.object({ id: z.string(), fullAddress: z.string(), zipcode: z.string().nullable(), location: z.object({ lat: z.number(), lng: z.number() }) });
const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 429: apiErrorSchema };
const rateLimit = { max: 120, timeWindow: '1 minute' };

export const addressRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/addresses',
    {
      config: { rateLimit },
      schema: {
        tags: ['addresses'],
        summary: 'Search the address list; tolerates typos ("1234 Mapel Stret")',
        querystring: z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(50).default(10) }),
        response: { 200: z.array(address.extend({ score: z.number() })), ...errors },
      },
    },
    async (req) => searchAddresses(ctx.deps, req.query),
  );

  app.get(
    '/api/addresses/nearest',
    {
      config: { rateLimit },
      schema: {
        tags: ['addresses'],
        summary: 'The nearest addresses to a point (a map pin), nearest first',
        querystring: z.object({
          lat: z.coerce.number(),
          lng: z.coerce.number(),
          limit: z.coerce.number().int().min(1).max(20).default(1),
          within: z.coerce.number().min(1).max(5000).default(250).describe('metres'),
        }),
        response: { 200: z.array(address.extend({ distanceM: z.number() })), ...errors },
      },
    },
    async (req) => nearestAddresses(ctx.deps, { location: { lat: req.query.lat, lng: req.query.lng }, limit: req.query.limit, withinM: req.query.within }),
  );

  app.get(
    '/api/addresses/:id',
    { config: { rateLimit }, schema: { tags: ['addresses'], summary: 'One address by its id', params: z.object({ id: z.string().max(100) }), response: { 200: address, ...errors } } },
    async (req) => {
      const a = await ctx.deps.repos.addresses.get(req.params.id);
      if (!a) throw new AppError('not_found', 'no address with that id');
      return a;
    },
  );
};
