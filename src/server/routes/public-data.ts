import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { openDataDocument } from '../../app/reports/export-open-data.js';
import { cachedPublicPerformance } from '../../app/reports/get-public-performance.js';
import { makeReportDeps } from '../../db/report-deps.js';
import type { AppContext } from '../context.js';

const date = z.string().regex(/^\d{4}-\d\d-\d\d$/);
const exportQuery = z.object({
  from: date.optional().describe('created on or after this UTC day'),
  to: date.optional().describe('created before the end of this UTC day'),
  service: z.coerce.number().int().positive().optional(),
});

/** How old the public performance page's figures may be (they are recomputed at most this often). */
export const PUBLIC_PERFORMANCE_MAX_AGE_MS = 5 * 60_000;

/** The public doors: the performance page's figures and the open-data downloads. No sign-in, no personal data. */
export const publicDataRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const deps = makeReportDeps(ctx.handle, ctx.deps);
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };
  const performance = cachedPublicPerformance(deps, PUBLIC_PERFORMANCE_MAX_AGE_MS);

  app.get(
    '/api/public/performance',
    { config: limit, schema: { tags: ['public'], summary: 'City-wide measures over the last 12 months and monthly trends (public services only; figures up to 5 minutes old)' } },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${PUBLIC_PERFORMANCE_MAX_AGE_MS / 1000}`);
      return performance();
    },
  );

  const range = (q: z.infer<typeof exportQuery>) => ({
    from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
    to: q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : undefined,
    serviceId: q.service,
  });

  app.get(
    '/api/public/requests.csv',
    { config: limit, schema: { tags: ['public'], summary: 'Open data: every public request as CSV, streamed (no personal data)', querystring: exportQuery } },
    async (req, reply) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="requests.csv"').send(openDataDocument(deps, 'csv', range(req.query))),
  );

  app.get(
    '/api/public/requests.geojson',
    { config: limit, schema: { tags: ['public'], summary: 'Open data: every public request as GeoJSON, streamed (no personal data)', querystring: exportQuery } },
    async (req, reply) =>
      reply.type('application/geo+json; charset=utf-8').header('content-disposition', 'attachment; filename="requests.geojson"').send(openDataDocument(deps, 'geojson', range(req.query))),
  );
};
