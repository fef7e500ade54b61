import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportOpenData } from '../../app/reports/export-open-data.js';
import { getPublicPerformance } from '../../app/reports/get-public-performance.js';
import type { OpenDataRow, ReportDeps } from '../../app/reports/ports.js';
import { makeReportDeps } from '../../db/report-deps.js';
import { csvLine } from '../../domain/reports/csv.js';
import { open311Status } from '../../domain/lifecycle.js';
import type { Status } from '../../domain/vocabulary.js';
import type { AppContext } from '../context.js';

const date = z.string().regex(/^\d{4}-\d\d-\d\d$/);
const exportQuery = z.object({
  from: date.optional().describe('created on or after this UTC day'),
  to: date.optional().describe('created before the end of this UTC day'),
  service: z.coerce.number().int().positive().optional(),
});

export const OPEN_DATA_COLUMNS = [
  'service_request_id', 'service_code', 'service_name', 'service_group', 'department', 'status', 'detailed_status', 'close_reason',
  'channel', 'priority', 'requested_datetime', 'acknowledged_datetime', 'closed_datetime', 'resolved_datetime', 'address', 'zipcode', 'lat', 'long',
] as const;

const values = (r: OpenDataRow) => [
  r.publicId, r.serviceCode, r.serviceName, r.serviceGroup, r.department, open311Status(r.status as Status), r.status, r.closeReason,
  r.channel, r.priority, r.createdAt, r.acknowledgedAt, r.closedAt, r.resolvedAt, r.address, r.zipcode, r.lat, r.lng,
];

async function* csv(deps: ReportDeps, f: Parameters<typeof exportOpenData>[1]) {
  yield csvLine([...OPEN_DATA_COLUMNS]);
  for await (const page of exportOpenData(deps, f)) yield page.map((r) => csvLine(values(r))).join('');
}

async function* geojson(deps: ReportDeps, f: Parameters<typeof exportOpenData>[1]) {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const page of exportOpenData(deps, f)) {
    const parts = page.map((r) => {
      const v = values(r);
      const properties = Object.fromEntries(OPEN_DATA_COLUMNS.slice(0, -2).map((k, i) => [k, v[i]]));
      const geometry = r.lat === null || r.lng === null ? null : { type: 'Point', coordinates: [r.lng, r.lat] };
      return JSON.stringify({ type: 'Feature', geometry, properties });
    });
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield ']}\n';
}

/** The public doors: the performance page's figures and the open-data downloads. No sign-in, no personal data. */
export const publicDataRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const deps = makeReportDeps(ctx.handle, ctx.deps);
  const limit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.get(
    '/api/public/performance',
    { config: limit, schema: { tags: ['public'], summary: 'City-wide measures over the last 12 months and monthly trends (public services only)' } },
    async () => getPublicPerformance(deps),
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
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="requests.csv"').send(Readable.from(csv(deps, range(req.query)))),
  );

  app.get(
    '/api/public/requests.geojson',
    { config: limit, schema: { tags: ['public'], summary: 'Open data: every public request as GeoJSON, streamed (no personal data)', querystring: exportQuery } },
    async (req, reply) =>
      reply.type('application/geo+json; charset=utf-8').header('content-disposition', 'attachment; filename="requests.geojson"').send(Readable.from(geojson(deps, range(req.query)))),
  );
};
