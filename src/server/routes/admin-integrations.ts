import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { updateWebhook } from '../../app/add-webhook.js';
import { createApiKey } from '../../app/create-api-key.js';
import { listApiKeys } from '../../app/list-api-keys.js';
import type { ApiKeyRecord } from '../../app/ports.js';
import { revokeApiKey } from '../../app/revoke-api-key.js';
import { authorize } from '../../domain/policy.js';
import { LOCALES } from '../../domain/vocabulary.js';
import { PREVIEW_AUDIENCE, PREVIEW_KINDS, previewMail } from '../../jobs/mail/preview.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';

// The admin screens' side of integrations: API keys (Open311 apps and work-order systems) listed,
// created and revoked; a webhook subscription edited; the e-mails previewed (their wording is code).

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const idParam = z.object({ id: z.coerce.number().int().positive() });
const keySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(['open311', 'integration']).describe('open311: report requests through Open311; integration: also read and update requests through /api/integration/v1'),
  prefix: z.string().describe('the first characters of the key, to tell keys apart'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const keyView = (k: ApiKeyRecord): z.infer<typeof keySchema> => ({
  id: k.id,
  name: k.name,
  kind: k.kind,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export const adminIntegrationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;

  app.get('/api/admin/api-keys', { schema: { tags: ['admin'], summary: 'Every API key with its kind, prefix and last use (never the key)', response: { 200: z.array(keySchema), ...errors } } }, async (req) =>
    (await listApiKeys(deps, requireStaff(req))).map(keyView),
  );

  app.post(
    '/api/admin/api-keys',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API key; the key is in this answer only',
        body: z.object({ name: z.string().max(200), kind: z.enum(['open311', 'integration']).default('open311') }),
        response: { 201: keySchema.extend({ key: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const { key, record } = await createApiKey(deps, requireStaff(req), req.body);
      return reply.status(201).send({ ...keyView(record), key });
    },
  );

  app.post('/api/admin/api-keys/:id/revoke', { schema: { tags: ['admin'], summary: 'Revoke a key at once (revoking twice keeps the first time)', params: idParam, response: { 200: keySchema, ...errors } } }, async (req) =>
    keyView(await revokeApiKey(deps, requireStaff(req), req.params.id)),
  );

  app.put(
    '/api/admin/webhooks/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Edit a webhook subscription: URL, event types, description, on or off (the secret stays)',
        params: idParam,
        body: z.object({ url: z.string().max(2000), events: z.array(z.string().max(100)).min(1).max(20), description: z.string().max(500).nullable().optional(), active: z.boolean() }),
        response: { 200: z.object({ id: z.number().int(), url: z.string(), events: z.array(z.string()), description: z.string().nullable(), active: z.boolean(), createdAt: z.string() }), ...errors },
      },
    },
    async (req) => {
      const w = await updateWebhook(deps, requireStaff(req), req.params.id, { ...req.body, description: req.body.description ?? undefined });
      return { ...w, createdAt: w.createdAt.toISOString() };
    },
  );

  app.get(
    '/api/admin/email-templates',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every e-mail CivicDesk sends, in English and Spanish, rendered from a sample request (read-only: the wording is in src/jobs/mail/strings.ts)',
        querystring: z.object({ locale: z.enum(LOCALES).default('en') }),
        response: { 200: z.array(z.object({ kind: z.enum(PREVIEW_KINDS), audience: z.enum(['resident', 'staff']), subject: z.string(), text: z.string(), html: z.string() })), ...errors },
      },
    },
    async (req) => {
      authorize(requireStaff(req), 'admin.configure');
      return PREVIEW_KINDS.map((kind) => ({ kind, audience: PREVIEW_AUDIENCE[kind], ...previewMail(kind, req.query.locale, ctx.config.publicUrl) }));
    },
  );
};
