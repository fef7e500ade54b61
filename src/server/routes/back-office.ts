import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteRoutingRule } from '../../app/delete-routing-rule.js';
import { importDistricts } from '../../app/import-districts.js';
import { saveRoutingRule } from '../../app/save-routing-rule.js';
import { setDepartmentAutoAssign } from '../../app/set-department-auto-assign.js';
import { AppError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';

// The administrator's back office: district layers and routing rules.

export const LAYER_BODY_LIMIT = 64 * 1_048_576; // real boundary files run to tens of megabytes

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const ruleSchema = z.object({
  id: z.number().int(),
  serviceId: z.number().int().nullable(),
  districtId: z.number().int().nullable(),
  departmentId: z.number().int(),
  autoAssign: z.boolean().nullable().describe("null follows the department's setting"),
});
const layerSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string(), isCityLimits: z.boolean(), districts: z.number().int() });

export const backOfficeRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  // GeoJSON's own media type, parsed like JSON (this plugin's routes only).
  app.addContentTypeParser('application/geo+json', { parseAs: 'string', bodyLimit: LAYER_BODY_LIMIT }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('validation', 'the body is not valid JSON', { issues: [{ field: 'body', message: 'not JSON' }] }), undefined);
    }
  });

  app.put(
    '/api/admin/district-layers/:code',
    {
      bodyLimit: LAYER_BODY_LIMIT,
      schema: {
        tags: ['admin'],
        summary: 'Upload a layer of districts (GeoJSON FeatureCollection of Polygons/MultiPolygons); replaces a layer with the same code',
        params: z.object({ code: z.string().regex(/^[a-z0-9-]{1,60}$/) }),
        querystring: z.object({
          name: z.string().min(1).max(200).describe('the layer name shown to staff'),
          nameProperty: z.string().min(1).max(100).describe('the feature property that names each district'),
          codeProperty: z.string().min(1).max(100).optional(),
          cityLimits: z.enum(['true', 'false']).default('false').describe('points outside this layer are refused at intake'),
        }),
        body: z.looseObject({ type: z.string(), features: z.array(z.unknown()) }),
        response: {
          200: z.object({ layer: z.object({ id: z.number().int(), code: z.string(), name: z.string(), isCityLimits: z.boolean() }), districts: z.number().int(), added: z.number().int(), updated: z.number().int(), removed: z.number().int(), requestsPlaced: z.number().int() }),
          ...errors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const r = await importDistricts(deps, requireStaff(req), { layer: q.name, code: req.params.code, nameProperty: q.nameProperty, codeProperty: q.codeProperty, cityLimits: q.cityLimits === 'true', geojson: req.body });
      return { layer: r.layer, districts: r.districts, added: r.added, updated: r.updated, removed: r.removed, requestsPlaced: r.requestsPlaced };
    },
  );

  app.get(
    '/api/admin/district-layers',
    { schema: { tags: ['admin'], summary: 'District layers and how many districts each holds', response: { 200: z.array(layerSchema), ...errors } } },
    async (req) => {
      authorize(requireStaff(req), 'admin.configure');
      return deps.repos.districts.layers();
    },
  );

  app.get(
    '/api/districts',
    {
      schema: {
        tags: ['districts'],
        summary: 'Districts of every layer (or one), for filtering the queue',
        querystring: z.object({ layer: z.coerce.number().int().optional() }),
        response: { 200: z.array(z.object({ id: z.number().int(), layerId: z.number().int(), code: z.string(), name: z.string() })), ...errors },
      },
    },
    async (req) => {
      requireStaff(req);
      return deps.repos.districts.districts(req.query.layer);
    },
  );

  app.get(
    '/api/admin/routing-rules',
    { schema: { tags: ['admin'], summary: 'Routing rules (precedence: service+district > service > district > the service default)', response: { 200: z.array(ruleSchema), ...errors } } },
    async (req) => {
      authorize(requireStaff(req), 'admin.configure');
      return deps.repos.routing.list();
    },
  );

  app.post(
    '/api/admin/routing-rules',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a routing rule, or replace the one for the same service and district',
        body: z.object({
          serviceCode: z.string().min(1).max(100).nullable().optional(),
          districtId: z.number().int().nullable().optional(),
          departmentId: z.number().int(),
          autoAssign: z.boolean().nullable().optional(),
          note: z.string().max(1000).nullable().optional(),
        }),
        response: { 200: ruleSchema, ...errors },
      },
    },
    async (req) => saveRoutingRule(deps, requireStaff(req), req.body),
  );

  app.delete(
    '/api/admin/routing-rules/:id',
    { schema: { tags: ['admin'], summary: 'Remove a routing rule', params: z.object({ id: z.coerce.number().int() }), response: { 204: z.null(), ...errors } } },
    async (req, reply) => {
      await deleteRoutingRule(deps, requireStaff(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/admin/departments/:id/auto-assign',
    {
      schema: {
        tags: ['admin'],
        summary: "Give the department's new requests straight to its lead liaison (or the first backup not away)",
        params: z.object({ id: z.coerce.number().int() }),
        body: z.object({ autoAssign: z.boolean() }),
        response: { 200: z.object({ departmentId: z.number().int(), autoAssign: z.boolean() }), ...errors },
      },
    },
    async (req) => {
      await setDepartmentAutoAssign(deps, requireStaff(req), { departmentId: req.params.id, autoAssign: req.body.autoAssign });
      return { departmentId: req.params.id, autoAssign: req.body.autoAssign };
    },
  );
};
