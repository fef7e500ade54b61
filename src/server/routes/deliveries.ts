import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addWebhook, listWebhooks, removeWebhook } from '../../app/add-webhook.js';
import { createIntegrationKey } from '../../app/create-integration-key.js';
import type { Delivery } from '../../app/delivery-model.js';
import { getDelivery, listDeadJobs, listDeliveries } from '../../app/list-deliveries.js';
import { retryDelivery, retryJob } from '../../app/retry-delivery.js';
import { unfollowRequest } from '../../app/unfollow-request.js';
import { authorize } from '../../domain/policy.js';
import { AppError } from '../../domain/errors.js';
import { escapeHtml } from '../../jobs/mail/templates.js';
import { listMailFiles } from '../../jobs/mail/mailer.js';
import { mailDir } from '../../jobs/dispatcher.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';

// The admin's view of notification delivery (the log, dead letters, retry), webhook
// subscriptions and integration keys; and the public stop-following link.

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const iso = z.string();
const deliverySchema = z.object({
  id: z.number().int(),
  channel: z.enum(['email', 'webhook']),
  kind: z.string(),
  eventId: z.number().int().nullable(),
  requestId: z.number().int().nullable(),
  subscriptionId: z.number().int().nullable(),
  recipient: z.string(),
  messageId: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  nextAttemptAt: iso.nullable(),
  lastError: z.string().nullable(),
  createdAt: iso,
  deliveredAt: iso.nullable(),
});
const attemptSchema = z.object({ id: z.number().int(), attemptedAt: iso, worker: z.string().nullable(), outcome: z.enum(['delivered', 'failed', 'dead']), response: z.string().nullable(), durationMs: z.number().nullable() });
const webhookSchema = z.object({ id: z.number().int(), url: z.string(), events: z.array(z.string()), description: z.string().nullable(), active: z.boolean(), createdAt: iso });
const idParam = z.object({ id: z.coerce.number().int().positive() });

const view = (d: Delivery): z.infer<typeof deliverySchema> => ({
  id: d.id,
  channel: d.channel,
  kind: d.kind,
  eventId: d.eventId,
  requestId: d.requestId,
  subscriptionId: d.subscriptionId,
  recipient: d.recipient,
  messageId: d.messageId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? d.availableAt.toISOString() : null,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

export const deliveryRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  const listQuery = z.object({
    channel: z.enum(['email', 'webhook']).optional(),
    requestId: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  });
  const page = z.object({ total: z.number().int(), items: z.array(deliverySchema) });

  app.get(
    '/api/admin/deliveries',
    { schema: { tags: ['admin'], summary: 'The delivery log: every e-mail and webhook call, newest first', querystring: listQuery.extend({ status: z.enum(['pending', 'delivered', 'dead']).optional() }), response: { 200: page, ...errors } } },
    async (req) => {
      const r = await listDeliveries(deps, requireStaff(req), req.query);
      return { total: r.total, items: r.items.map(view) };
    },
  );

  app.get(
    '/api/admin/dead-letters',
    { schema: { tags: ['admin'], summary: 'Deliveries that gave up after the configured number of attempts', querystring: listQuery, response: { 200: page, ...errors } } },
    async (req) => {
      const r = await listDeliveries(deps, requireStaff(req), { ...req.query, status: 'dead' });
      return { total: r.total, items: r.items.map(view) };
    },
  );

  app.get(
    '/api/admin/dead-jobs',
    {
      schema: {
        tags: ['admin'],
        summary: 'Outbox jobs that could not be turned into deliveries after the configured attempts',
        response: { 200: z.array(z.object({ id: z.number().int(), topic: z.string(), payload: z.record(z.string(), z.unknown()), attempts: z.number().int(), lastError: z.string().nullable(), createdAt: iso })), ...errors },
      },
    },
    async (req) => (await listDeadJobs(deps, requireStaff(req), 200)).map((j) => ({ ...j, createdAt: j.createdAt.toISOString() })),
  );

  app.post('/api/admin/dead-jobs/:id/retry', { schema: { tags: ['admin'], summary: 'Run a dead outbox job again', params: idParam, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    await retryJob(deps, requireStaff(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.get(
    '/api/admin/deliveries/:id',
    { schema: { tags: ['admin'], summary: 'One delivery with every attempt (time, outcome, response)', params: idParam, response: { 200: deliverySchema.extend({ attemptLog: z.array(attemptSchema) }), ...errors } } },
    async (req) => {
      const d = await getDelivery(deps, requireStaff(req), req.params.id);
      return {
        ...view(d),
        attemptLog: d.attempts_.map((a) => ({ ...a, attemptedAt: a.attemptedAt.toISOString() })),
      };
    },
  );

  app.post(
    '/api/admin/deliveries/:id/retry',
    { schema: { tags: ['admin'], summary: 'Send a dead letter again now, with a fresh budget of attempts', params: idParam, response: { 200: deliverySchema, ...errors } } },
    async (req) => view(await retryDelivery(deps, requireStaff(req), req.params.id)),
  );

  app.get(
    '/api/admin/outbox-mail',
    {
      schema: {
        tags: ['admin'],
        summary: 'Without SMTP_URL, mail is written as .eml files to <dataDir>/outbox-mail: the list',
        response: { 200: z.object({ directory: z.string().nullable(), files: z.array(z.object({ name: z.string(), bytes: z.number().int(), writtenAt: iso })) }), ...errors },
      },
    },
    async (req) => {
      authorize(requireStaff(req), 'admin.configure');
      if (ctx.config.smtpUrl) return { directory: null, files: [] };
      const dir = mailDir(ctx.config);
      return { directory: dir, files: listMailFiles(dir).slice(0, 500).map((f) => ({ ...f, writtenAt: f.writtenAt.toISOString() })) };
    },
  );

  app.get('/api/admin/webhooks', { schema: { tags: ['admin'], summary: 'Webhook subscriptions', response: { 200: z.array(webhookSchema), ...errors } } }, async (req) =>
    (await listWebhooks(deps, requireStaff(req))).map((w) => ({ ...w, createdAt: w.createdAt.toISOString() })),
  );

  app.post(
    '/api/admin/webhooks',
    {
      schema: {
        tags: ['admin'],
        summary: 'Subscribe a URL to event types (request.created, request.updated, request.closed, request.reopened, request.overdue, comment.created, or *); the secret is shown once',
        body: z.object({ url: z.string().max(2000), events: z.array(z.string().max(100)).min(1).max(20), description: z.string().max(500).optional() }),
        response: { 201: webhookSchema.extend({ secret: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await addWebhook(deps, requireStaff(req), req.body);
      return reply.status(201).send({ ...r.subscription, createdAt: r.subscription.createdAt.toISOString(), secret: r.secret });
    },
  );

  app.delete('/api/admin/webhooks/:id', { schema: { tags: ['admin'], summary: 'Stop a subscription (its log stays)', params: idParam, response: { 204: z.null(), ...errors } } }, async (req, reply) => {
    if (!(await removeWebhook(deps, requireStaff(req), req.params.id))) throw new AppError('not_found', 'webhook subscription not found');
    return reply.status(204).send(null);
  });

  app.post(
    '/api/admin/integration-keys',
    { schema: { tags: ['admin'], summary: "Create a work-order system's integration key (shown once)", body: z.object({ name: z.string().min(1).max(100) }), response: { 201: z.object({ id: z.number().int(), name: z.string(), key: z.string() }), ...errors } } },
    async (req, reply) => reply.status(201).send(await createIntegrationKey(deps, requireStaff(req), req.body)),
  );

  // Public: the link at the bottom of every resident e-mail (and its List-Unsubscribe header).
  app.get('/api/unfollow/:token', { schema: { tags: ['residents'], summary: 'Stop e-mails about one request', params: z.object({ token: z.string().max(200) }) } }, async (req, reply) => {
    try {
      const { publicId } = await unfollowRequest(deps, req.params.token);
      return reply.type('text/html; charset=utf-8').send(htmlPage(`You will no longer get e-mails about request ${escapeHtml(publicId)}. / Ya no recibirá correos sobre la solicitud ${escapeHtml(publicId)}.`));
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') {
        return reply.status(404).type('text/html; charset=utf-8').send(htmlPage('This link has already been used or is not valid. / Este enlace ya se usó o no es válido.'));
      }
      throw err;
    }
  });
  // RFC 8058 one-click unsubscribe posts to the same address.
  app.post('/api/unfollow/:token', { schema: { hide: true, params: z.object({ token: z.string().max(200) }) } }, async (req, reply) => {
    await unfollowRequest(deps, req.params.token).catch(() => undefined);
    return reply.status(204).send();
  });
};

const htmlPage = (message: string) => `<!doctype html><html><head><meta charset="utf-8"><title>CivicDesk</title></head><body style="font-family:sans-serif"><p>${message}</p></body></html>`;
