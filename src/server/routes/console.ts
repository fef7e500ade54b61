import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachMedia, MAX_PHOTO_BYTES } from '../../app/attach-media.js';
import { bulkChange } from '../../app/bulk-change.js';
import { AppError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import { findCallers } from '../../app/find-callers.js';
import { consoleDirectory } from '../../app/list-staff.js';
import { listResponseTemplates } from '../../app/list-response-templates.js';
import { queueCounts } from '../../app/queue-counts.js';
import { CLOSE_REASONS } from '../../domain/vocabulary.js';
import { readMultipart } from '../multipart.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema, requestSummary, requestSummarySchema } from '../views.js';

// The staff console's own reads and the queue's bulk actions (issue 7).

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema };
const ids = z.array(z.number().int().positive()).min(1).max(200);

export const templateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  body: z.string(),
  translations: z.record(z.string(), z.object({ name: z.string().optional(), body: z.string().optional() })),
  active: z.boolean(),
});

export const consoleRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  await app.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 5 } });
  const resolve = async (raw: string) => {
    const r = /^\d{1,15}$/.test(raw) ? await deps.repos.requests.get(Number(raw)) : await deps.repos.requests.getByPublicId(raw);
    if (!r) throw new AppError('not_found', 'request not found');
    return r;
  };

  app.post(
    '/api/requests/:id/photos',
    {
      schema: {
        tags: ['console'],
        summary: 'Staff add a photo (multipart: "photo", optional "visibility" public|internal and "expectedVersion"); EXIF/GPS stripped',
        params: z.object({ id: z.string().max(40) }),
        response: { 201: z.object({ id: z.number().int(), url: z.string(), thumbnailUrl: z.string(), version: z.number().int() }), ...errors, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = requireStaff(req);
      const request = await resolve(req.params.id);
      if (!req.isMultipart()) throw new AppError('validation', 'send the picture as multipart/form-data in the field "photo"', { issues: [{ field: 'photo', message: 'is required' }] });
      const { files, fields } = await readMultipart(req);
      const photo = files.length === 1 ? files[0] : undefined;
      if (!photo) throw new AppError('validation', 'send the picture as the multipart field "photo"', { issues: [{ field: 'photo', message: 'is required' }] });
      if (fields.visibility !== undefined && fields.visibility !== 'public' && fields.visibility !== 'internal') {
        throw new AppError('validation', 'visibility: must be public or internal', { issues: [{ field: 'visibility', message: 'must be public or internal' }] });
      }
      if (fields.expectedVersion !== undefined && !/^[1-9]\d{0,9}$/.test(fields.expectedVersion)) {
        throw new AppError('validation', 'expectedVersion: must be a positive whole number', { issues: [{ field: 'expectedVersion', message: 'must be a positive whole number' }] });
      }
      const visibility = fields.visibility === 'internal' ? 'internal' : 'public';
      const expectedVersion = fields.expectedVersion ? Number(fields.expectedVersion) : undefined;
      const { media } = await attachMedia(deps, actor, { requestId: request.id, visibility, photo, ...(expectedVersion ? { expectedVersion } : {}) });
      const after = (await deps.repos.requests.get(request.id))!;
      return reply.status(201).send({ id: media.id, url: `/media/${media.id}`, thumbnailUrl: `/media/${media.id}/thumbnail`, version: after.version });
    },
  );

  app.get(
    '/api/requests/:id/photos',
    {
      schema: {
        tags: ['console'],
        summary: "A request's photos as staff see them (public and internal)",
        params: z.object({ id: z.string().max(40) }),
        response: { 200: z.array(z.object({ id: z.number().int(), visibility: z.enum(['public', 'internal']), url: z.string(), thumbnailUrl: z.string(), at: z.string() })), ...errors, 404: apiErrorSchema },
      },
    },
    async (req) => {
      const actor = requireStaff(req);
      const request = await resolve(req.params.id);
      authorize(actor, 'request.read', request.departmentId);
      const list = await deps.repos.media.forRequest(request.id);
      return list.map((m) => ({ id: m.id, visibility: m.visibility, url: m.externalUrl ?? `/media/${m.id}`, thumbnailUrl: m.externalUrl ?? `/media/${m.id}/thumbnail`, at: m.createdAt.toISOString() }));
    },
  );

  app.get(
    '/api/requests/counts',
    {
      schema: {
        tags: ['console'],
        summary: 'Open, new, overdue and assigned-to-me counts of my queue (the console polls this)',
        querystring: z.object({ department: z.union([z.literal('mine'), z.coerce.number().int()]).optional() }),
        response: { 200: z.object({ open: z.number().int(), new: z.number().int(), overdue: z.number().int(), mine: z.number().int() }), ...errors },
      },
    },
    async (req) => queueCounts(deps, requireStaff(req), { departmentId: req.query.department }),
  );

  app.post(
    '/api/requests/bulk',
    {
      schema: {
        tags: ['console'],
        summary: 'Acknowledge, assign or close many requests; each goes through its own use case and reports its own result',
        body: z.discriminatedUnion('action', [
          z.object({ action: z.literal('acknowledge'), ids }),
          z.object({ action: z.literal('assign'), ids, assigneeId: z.number().int().nullable() }),
          z.object({ action: z.literal('close'), ids, reason: z.enum(CLOSE_REASONS), note: z.string().max(4000).optional() }),
        ]),
        response: {
          200: z.object({
            results: z.array(z.object({ id: z.number().int(), ok: z.boolean(), version: z.number().int().optional(), error: z.object({ code: z.string(), message: z.string() }).optional() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => ({ results: await bulkChange(deps, requireStaff(req), req.body) }),
  );

  app.get(
    '/api/callers',
    {
      schema: {
        tags: ['console'],
        summary: "Find a caller by phone, e-mail or name, with their requests (staff only)",
        querystring: z.object({ phone: z.string().max(40).optional(), email: z.string().max(254).optional(), q: z.string().max(200).optional() }),
        response: {
          200: z.array(
            z.object({
              resident: z.object({ id: z.number().int(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), locale: z.string(), requestCount: z.number().int() }),
              requests: z.array(requestSummarySchema),
            }),
          ),
          ...errors,
        },
      },
    },
    async (req) => {
      const found = await findCallers(deps, requireStaff(req), { phone: req.query.phone, email: req.query.email, text: req.query.q });
      return found.map((f) => ({ resident: f.resident, requests: f.requests.map(requestSummary) }));
    },
  );

  app.get(
    '/api/response-templates',
    { schema: { tags: ['console'], summary: 'Public reply templates (all of them with ?all=true, for the admin)', querystring: z.object({ all: z.enum(['true', 'false']).optional() }), response: { 200: z.array(templateSchema), ...errors } } },
    async (req) => listResponseTemplates(deps, requireStaff(req), { includeInactive: req.query.all === 'true' }),
  );

  app.get(
    '/api/directory',
    {
      schema: {
        tags: ['console'],
        summary: 'Staff, departments and districts, for the console\'s filters and the assign list',
        response: {
          200: z.object({
            users: z.array(z.object({ id: z.number().int(), name: z.string(), role: z.string(), departmentIds: z.array(z.number().int()), away: z.boolean(), active: z.boolean(), email: z.string().nullable() })),
            departments: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), liaisonIds: z.array(z.number().int()) })),
            districts: z.array(z.object({ id: z.number().int(), layer: z.string(), name: z.string() })),
            services: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), names: z.record(z.string(), z.string()), departmentId: z.number().int(), active: z.boolean() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => consoleDirectory(deps, requireStaff(req)),
  );
};
