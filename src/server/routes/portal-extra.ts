import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachMedia, MAX_PHOTO_BYTES } from '../../app/attach-media.js';
import { AppError } from '../../domain/errors.js';
import { LOCALES } from '../../domain/vocabulary.js';
import { nearbyRequests } from '../../db/repositories/portal.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';
import { checkReporterToken } from './portal.js';
import { readMultipart } from '../multipart.js';

// The portal's own routes that needed more than main offers:
//   GET  /api/public/nearby?lat=&lng=[&service=&status=&days=&radius=]   the map page's list with filters
//                                   (GET /api/requests/nearby of issue 4 answers one service within its
//                                   duplicate radius: the report flow uses that one)
//   POST /api/track/:publicId/photos  multipart "photo", header x-report-token: the reporter adds a
//                                   photo to their own report, through issue 3's attachMedia pipeline.


export const portalExtraRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps, handle } = ctx;
  await app.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5 } });

  app.get(
    '/api/public/nearby',
    {
      schema: {
        tags: ['requests'],
        summary: 'Public requests around a point for the map, filtered by service, status and age; nearest first',
        querystring: z.object({
          lat: z.coerce.number().min(-90).max(90),
          lng: z.coerce.number().min(-180).max(180),
          service: z.string().max(100).optional(),
          status: z.enum(['open', 'closed', 'all']).default('open'),
          days: z.coerce.number().int().min(1).max(3650).optional(),
          radius: z.coerce.number().int().min(10).max(5000).default(250),
          limit: z.coerce.number().int().min(1).max(200).default(20),
          locale: z.enum(LOCALES).default('en'),
        }),
        response: {
          200: z.array(z.object({ publicId: z.string(), serviceCode: z.string(), serviceName: z.string(), status: z.string(), lat: z.number(), lng: z.number(), address: z.string().nullable(), distanceM: z.number(), meTooCount: z.number(), createdAt: z.string() })),
          400: apiErrorSchema,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const list = await nearbyRequests(handle.db, { lat: q.lat, lng: q.lng, radiusM: q.radius, serviceCode: q.service, status: q.status, sinceDays: q.days, limit: q.limit });
      return list.map(({ translations, ...r }) => ({ ...r, serviceName: translations[q.locale]?.name ?? r.serviceName, createdAt: r.createdAt.toISOString() }));
    },
  );

  app.post(
    '/api/track/:publicId/photos',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['portal'], summary: "The reporter adds a photo to their report (multipart field 'photo'; header x-report-token)", params: z.object({ publicId: z.string().max(40) }), response: { 201: z.object({ id: z.number().int(), url: z.string() }), 400: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema } },
    },
    async (req, reply) => {
      const r = await deps.repos.requests.getByPublicId(req.params.publicId);
      if (!r) throw new AppError('not_found', 'no request with that tracking id');
      checkReporterToken(r, req.headers['x-report-token'] as string | undefined);
      if (!req.isMultipart()) throw new AppError('validation', 'send the photo as multipart/form-data in the field "photo"');
      const photo = await readPhotoPart(req);
      // The photo pipeline (issue 3) checks the bytes, strips EXIF/GPS, makes the thumbnail and
      // records the media_added event with the row.
      const { media } = await attachMedia(deps, req.actor, { requestId: r.id, visibility: 'public', photo });
      const id = media.id;
      return reply.status(201).send({ id, url: `/media/${id}` });
    },
  );
};

/** Exactly one file, in the field "photo". */
async function readPhotoPart(req: import('fastify').FastifyRequest) {
  const { files } = await readMultipart(req);
  if (files.length !== 1 || files[0]!.fieldname !== 'photo') throw new AppError('validation', 'send one photo, in the field "photo"', { issues: [{ field: 'photo', message: 'send exactly one file, named photo' }] });
  return files[0]!;
}
