import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RequestRecord } from '../../app/model.js';
import { reopenRequest } from '../../app/reopen-request.js';
import { submitRequest } from '../../app/submit-request.js';
import { AppError } from '../../domain/errors.js';
import { LOCALES } from '../../domain/vocabulary.js';
import { follow, publicPhotos, unfollow } from '../../db/repositories/portal.js';
import type { AppContext } from '../context.js';
import { idempotencyHeaders, markReplay, submissionKey } from '../idempotency.js';
import { apiErrorSchema } from '../views.js';

// The residents' portal: its configuration, the report it submits, and the public tracking page.
// The tracking answer carries only public data: never the reporter, internal comments or events.

/** How long after closing a resident may reopen their own request. */
export const REOPEN_WINDOW_DAYS = 30;

const publicId = z.object({ publicId: z.string().regex(/^\d{2}-\d{1,9}$/, 'a tracking id such as 26-000123') });
const errors = { 400: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const iso = z.string();

const trackSchema = z.object({
  publicId: z.string(),
  service: z.object({ code: z.string(), name: z.string() }),
  status: z.string(),
  open311Status: z.enum(['open', 'closed']),
  closeReason: z.string().nullable(),
  address: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  createdAt: iso,
  expectedBy: iso.nullable(),
  closedAt: iso.nullable(),
  meTooCount: z.number().int(),
  reopenableUntil: iso.nullable(),
  timeline: z.array(z.object({ type: z.string(), at: iso, status: z.string().optional(), reason: z.string().optional() })),
  comments: z.array(z.object({ id: z.number().int(), body: z.string(), at: iso })),
  photos: z.array(z.object({ id: z.number().int(), url: z.string(), byStaff: z.boolean(), at: iso })),
});

const reportResult = z.object({
  publicId: z.string(),
  token: z.string().describe('keep it: it lets the reporter add photos and reopen'),
  status: z.string(),
  service: z.object({ code: z.string(), name: z.string(), notice: z.string().nullable(), resolveWithinHours: z.number().nullable(), ackWithinHours: z.number().nullable() }),
  ackDueAt: iso.nullable(),
  resolveDueAt: iso.nullable(),
});

export const portalRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps, handle } = ctx;
  const byPublicId = async (id: string): Promise<RequestRecord> => {
    const r = await deps.repos.requests.getByPublicId(id);
    const s = r && (await deps.repos.services.get(r.serviceId));
    if (!r || !s || s.visibility !== 'public') throw new AppError('not_found', 'no request with that tracking id');
    return r;
  };

  app.get(
    '/api/config',
    { schema: { tags: ['portal'], summary: "What the web app needs to start: the map's tile server and the city", response: { 200: z.object({ tileUrl: z.string(), city: z.object({ name: z.string(), centre: z.object({ lat: z.number(), lng: z.number() }) }), locales: z.array(z.string()) }) } } },
    async () => {
      const city = (await deps.repos.settings.get<{ name?: string; centre?: { lat: number; lng: number } }>('city')) ?? {};
      return { tileUrl: ctx.config.tileUrl, city: { name: city.name ?? 'CivicDesk', centre: city.centre ?? { lat: 0, lng: 0 } }, locales: [...LOCALES] };
    },
  );

  app.post(
    '/api/portal/reports',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['portal'],
        summary: "A resident's report from the portal (channel web); answers with the tracking id and what happens next",
        headers: idempotencyHeaders,
        body: z.strictObject({
          serviceCode: z.string().min(1).max(100),
          description: z.string().max(20_000).optional(),
          location: z.strictObject({ lat: z.number(), lng: z.number() }).optional(),
          address: z.string().max(500).optional(),
          addressId: z.string().max(100).optional(),
          zipcode: z.string().max(20).optional(),
          answers: z.record(z.string().max(100), z.union([z.string().max(5000), z.number(), z.array(z.string().max(500)).max(100)])).optional(),
          locale: z.enum(LOCALES).optional(),
          reporter: z.strictObject({ name: z.string().max(200).optional(), email: z.string().max(254).optional(), phone: z.string().max(40).optional() }).optional(),
        }),
        response: { 201: reportResult, ...errors },
      },
    },
    async (req, reply) => {
      const { request, service, replayed } = await submitRequest(deps, req.actor, { ...req.body, channel: 'web', idempotency: submissionKey(req, req.actor, req.body) });
      markReplay(reply, replayed);
      const locale = req.body.locale ?? 'en';
      const t = service.translations[locale] ?? {};
      return reply.status(201).send({
        publicId: request.publicId,
        token: request.token,
        status: request.status,
        service: { code: service.code, name: t.name ?? service.name, notice: t.notice ?? service.notice, resolveWithinHours: service.resolveWithinHours, ackWithinHours: service.ackWithinHours },
        ackDueAt: request.ackDueAt?.toISOString() ?? null,
        resolveDueAt: request.resolveDueAt?.toISOString() ?? null,
      });
    },
  );

  app.get(
    '/api/track/:publicId',
    { schema: { tags: ['portal'], summary: 'The public view of a request: status, timeline, public comments and photos', params: publicId, querystring: z.object({ locale: z.enum(LOCALES).default('en') }), response: { 200: trackSchema, ...errors } } },
    async (req) => {
      const r = await byPublicId(req.params.publicId);
      const service = (await deps.repos.services.get(r.serviceId))!;
      const [events, comments, photos] = await Promise.all([
        deps.repos.events.forRequest(r.id, { publicOnly: true }),
        deps.repos.comments.forRequest(r.id, { publicOnly: true }),
        publicPhotos(handle.db, r.id),
      ]);
      const until = r.closedAt ? new Date(r.closedAt.getTime() + REOPEN_WINDOW_DAYS * 86_400_000) : null;
      return {
        publicId: r.publicId,
        service: { code: service.code, name: service.translations[req.query.locale]?.name ?? service.name },
        status: r.status,
        open311Status: r.status === 'closed' ? ('closed' as const) : ('open' as const),
        closeReason: r.closeReason,
        address: r.address,
        location: r.location,
        createdAt: r.createdAt.toISOString(),
        expectedBy: r.status === 'closed' ? null : (r.resolveDueAt?.toISOString() ?? null),
        closedAt: r.closedAt?.toISOString() ?? null,
        meTooCount: r.meTooCount,
        reopenableUntil: until && until > deps.clock.now() ? until.toISOString() : null,
        // Only the event's kind and its public facts: notes in event data may be internal.
        timeline: events
          .filter((e) => e.public && e.type !== 'comment_added')
          .map((e) => ({
            type: e.type,
            at: e.createdAt.toISOString(),
            ...(typeof e.data.status === 'string' ? { status: e.data.status } : {}),
            ...(typeof e.data.reason === 'string' ? { reason: e.data.reason } : {}),
          })),
        comments: comments.filter((c) => c.visibility === 'public').map((c) => ({ id: c.id, body: c.body, at: c.createdAt.toISOString() })),
        photos: photos.map((p) => ({ id: p.id, url: `/media/${p.id}`, byStaff: p.byStaff, at: p.at.toISOString() })),
      };
    },
  );

  app.post(
    '/api/track/:publicId/follow',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['portal'], summary: 'Follow a request by e-mail', params: publicId, body: z.object({ email: z.string().max(254), locale: z.enum(LOCALES).default('en') }), response: { 200: z.object({ following: z.literal(true), unfollowToken: z.string() }), ...errors } },
    },
    async (req) => {
      const email = req.body.email.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('validation', 'email: is not an e-mail address', { issues: [{ field: 'email', message: 'is not an e-mail address' }] });
      const r = await byPublicId(req.params.publicId);
      return { following: true as const, unfollowToken: await follow(handle.db, r.id, email, req.body.locale) };
    },
  );

  app.post(
    '/api/followers/unfollow',
    { schema: { tags: ['portal'], summary: "Stop following, with the token from the follow answer or an update e-mail's link", body: z.object({ token: z.string().min(10).max(100) }), response: { 200: z.object({ following: z.literal(false), removed: z.boolean() }), ...errors } } },
    async (req) => ({ following: false as const, removed: await unfollow(handle.db, req.body.token) }),
  );

  app.post(
    '/api/track/:publicId/reopen',
    {
      schema: { tags: ['portal'], summary: `The reporter reopens a closed request within ${REOPEN_WINDOW_DAYS} days`, params: publicId, body: z.object({ token: z.string().max(100), note: z.string().max(4000).optional() }), response: { 200: z.object({ status: z.string() }), ...errors } },
    },
    async (req) => {
      const r = await byPublicId(req.params.publicId);
      checkReporterToken(r, req.body.token);
      if (!r.closedAt || r.closedAt.getTime() + REOPEN_WINDOW_DAYS * 86_400_000 < deps.clock.now().getTime()) {
        throw new AppError('illegal_transition', `a request can be reopened only within ${REOPEN_WINDOW_DAYS} days of closing`);
      }
      const updated = await reopenRequest(deps, req.actor, { requestId: r.id, note: req.body.note });
      return { status: updated.status };
    },
  );
};

/** The reporter's token (from the confirmation) guards changes to their own report. */
export function checkReporterToken(r: RequestRecord, token: string | undefined) {
  const a = Buffer.from(token ?? '');
  const b = Buffer.from(r.token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('forbidden', 'only the reporter can do this (the link from the confirmation)');
}
