import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changeLocation } from '../../app/change-location.js';
import { markDuplicate } from '../../app/mark-duplicate.js';
import { meToo } from '../../app/me-too.js';
import { suggestDuplicates } from '../../app/suggest-duplicates.js';
import { AppError } from '../../domain/errors.js';
import { LOCALES, STATUSES } from '../../domain/vocabulary.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema, requestSummary, requestSummarySchema } from '../views.js';

// Duplicates ("me too" at intake, staff merging) and moving a request: the routes beside requests.ts.

const idParam = z.object({ id: z.string().max(40).describe('the numeric key or the public id, e.g. 26-000123') });
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 429: apiErrorSchema };
const version = { expectedVersion: z.number().int().positive().optional().describe('the version you saw; a stale one is refused with 409') };
const point = z.object({ lat: z.number(), lng: z.number() });

export const requestBackOfficeRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  const resolveId = async (raw: string) => {
    if (/^\d{1,15}$/.test(raw)) return Number(raw);
    const r = await deps.repos.requests.getByPublicId(raw);
    if (!r) throw new AppError('not_found', 'request not found');
    return r.id;
  };

  app.get(
    '/api/requests/nearby',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['requests'],
        summary: "Open requests of the same service within the service's duplicate radius: offer these before a new report",
        querystring: z.object({
          serviceCode: z.string().min(1).max(100),
          lat: z.coerce.number().optional(),
          lng: z.coerce.number().optional(),
          addressId: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: {
          200: z.object({
            radiusM: z.number(),
            items: z.array(
              z.object({
                publicId: z.string(),
                status: z.enum(STATUSES),
                description: z.string(),
                address: z.string().nullable(),
                location: point,
                meTooCount: z.number().int(),
                createdAt: z.string(),
                distanceM: z.number(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      if ((q.lat === undefined) !== (q.lng === undefined)) throw new AppError('validation', 'give both lat and lng', { issues: [{ field: 'location', message: 'give both lat and lng' }] });
      const location = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : undefined;
      const r = await suggestDuplicates(deps, req.actor, { serviceCode: q.serviceCode, location, addressId: q.addressId, limit: q.limit });
      // Public fields only: no reporter, no internal notes.
      return {
        radiusM: r.radiusM,
        items: r.items.map((n) => ({ publicId: n.publicId, status: n.status, description: n.description, address: n.address, location: n.location, meTooCount: n.meTooCount, createdAt: n.createdAt.toISOString(), distanceM: Math.round(n.distanceM * 10) / 10 })),
      };
    },
  );

  app.post(
    '/api/requests/:id/me-too',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['requests'],
        summary: '"Me too": count one more resident with this problem; with an e-mail they follow it',
        params: idParam,
        body: z.strictObject({ email: z.string().max(254).optional(), name: z.string().max(200).optional(), locale: z.enum(LOCALES).optional() }),
        response: { 200: z.object({ publicId: z.string(), meTooCount: z.number().int(), following: z.boolean() }), ...errors },
      },
    },
    async (req) => {
      const r = await meToo(deps, req.actor, { requestId: await resolveId(req.params.id), ...req.body });
      return { publicId: r.publicId, meTooCount: r.meTooCount, following: Boolean(req.body.email?.trim()) };
    },
  );

  app.post(
    '/api/requests/:id/duplicate',
    {
      schema: {
        tags: ['requests'],
        summary: 'Close as a duplicate of another open request; its reporter and followers follow that one (reopen to undo)',
        params: idParam,
        body: z.object({ ...version, duplicateOf: z.string().max(40).describe('the original: numeric key or public id'), note: z.string().max(4000).optional() }),
        response: { 200: requestSummarySchema, ...errors },
      },
    },
    async (req) => {
      const staff = requireStaff(req);
      const r = await markDuplicate(deps, staff, { requestId: await resolveId(req.params.id), duplicateOfId: await resolveId(req.body.duplicateOf), note: req.body.note, expectedVersion: req.body.expectedVersion });
      return requestSummary(r);
    },
  );

  app.post(
    '/api/requests/:id/location',
    {
      schema: {
        tags: ['requests'],
        summary: 'Move a request (a point, an address id, or an address); an open one is routed again',
        params: idParam,
        body: z.object({ ...version, location: point.optional(), address: z.string().max(500).optional(), addressId: z.string().max(100).optional(), zipcode: z.string().max(20).optional(), note: z.string().max(4000).optional() }),
        response: { 200: requestSummarySchema, ...errors },
      },
    },
    async (req) => requestSummary(await changeLocation(deps, requireStaff(req), { requestId: await resolveId(req.params.id), ...req.body })),
  );
};
