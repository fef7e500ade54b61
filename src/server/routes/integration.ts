import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acknowledgeRequest } from '../../app/acknowledge-request.js';
import { changeStatus } from '../../app/change-status.js';
import { closeRequest } from '../../app/close-request.js';
import { commentOnRequest } from '../../app/comment-on-request.js';
import { hashApiKey } from '../../app/create-integration-key.js';
import { linkWorkOrder } from '../../app/link-work-order.js';
import { listChangedRequests } from '../../app/list-changed-requests.js';
import type { RequestRecord } from '../../app/model.js';
import { idempotencyStore } from '../../db/repositories/idempotency.js';
import type { Actor } from '../../domain/actor.js';
import { AppError } from '../../domain/errors.js';
import { CLOSE_REASONS } from '../../domain/vocabulary.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema, requestSummary, requestSummarySchema } from '../views.js';

// The API for a city's work-order or asset system: read what changed, post status changes,
// comments and its work-order id back. Authenticated by an integration key (Bearer); every
// POST/PUT honours Idempotency-Key. Each action is an event, so residents are told.

type IntegrationActor = Extract<Actor, { type: 'integration' }>;
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const refParam = z.object({ ref: z.string().min(1).max(100).describe('CivicDesk id (26-000123 or the numeric key), or under /external/ the id your system knows it by') });
const security = [{ integrationKey: [] }];

export const integrationRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  const idem = idempotencyStore(ctx.handle.db);

  async function authenticate(req: FastifyRequest): Promise<IntegrationActor> {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const key = m ? await deps.repos.integration.keyByHash(hashApiKey(m[1]!)) : undefined;
    if (!key) throw new AppError('unauthenticated', 'send an integration key: Authorization: Bearer cdi_...');
    return { type: 'integration', keyId: key.id, name: key.name };
  }

  async function resolve(ref: string, external: boolean, actor: IntegrationActor): Promise<RequestRecord> {
    const r = external
      ? await deps.repos.integration.findByExternalRef(ref, actor.name)
      : /^\d{1,15}$/.test(ref)
        ? await deps.repos.requests.get(Number(ref))
        : await deps.repos.requests.getByPublicId(ref);
    if (!r) throw new AppError('not_found', `no request ${external ? 'linked to' : 'with id'} ${ref}`);
    return r;
  }

  /** Runs a change once per Idempotency-Key; a repeat answers with the first response. */
  async function once<T>(req: FastifyRequest, reply: FastifyReply, actor: IntegrationActor, run: () => Promise<T>): Promise<T> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) return run();
    if (key.length > 200) throw new AppError('validation', 'Idempotency-Key must be at most 200 characters');
    const fingerprint = createHash('sha256').update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const claim = await idem.claim(actor.keyId, key, fingerprint);
    if (claim.state === 'mismatch') throw new AppError('conflict', 'this Idempotency-Key was used for a different call');
    if (claim.state === 'in_progress') throw new AppError('conflict', 'a call with this Idempotency-Key is still in progress; retry shortly');
    if (claim.state === 'replay') {
      reply.header('idempotent-replayed', 'true');
      return claim.response as T;
    }
    try {
      const result = await run();
      await idem.complete(actor.keyId, key, 200, result);
      return result;
    } catch (err) {
      await idem.release(actor.keyId, key);
      throw err;
    }
  }

  app.get(
    '/api/integration/v1/requests',
    {
      schema: {
        tags: ['integration'],
        summary: 'Requests changed since a time, oldest change first; page on with next.since and next.afterId',
        security,
        querystring: z.object({
          since: z.iso.datetime({ offset: true }),
          afterId: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(requestSummarySchema), next: z.object({ since: z.string(), afterId: z.number().int() }).nullable() }), ...errors },
      },
    },
    async (req) => {
      const actor = await authenticate(req);
      const r = await listChangedRequests(deps, actor, { since: new Date(req.query.since), afterId: req.query.afterId, limit: req.query.limit });
      return { items: r.items.map(requestSummary), next: r.next && { since: r.next.since.toISOString(), afterId: r.next.afterId } };
    },
  );

  for (const external of [false, true]) {
    const base = external ? '/api/integration/v1/external/:ref' : '/api/integration/v1/requests/:ref';
    const by = external ? ' (by your external or work-order id)' : '';

    app.get(base, { schema: { tags: ['integration'], summary: `One request${by}`, security, params: refParam, response: { 200: requestSummarySchema, ...errors } } }, async (req) => {
      const actor = await authenticate(req);
      return requestSummary(await resolve(req.params.ref, external, actor));
    });

    app.post(
      `${base}/status`,
      {
        schema: {
          tags: ['integration'],
          summary: `Post a status change${by}; closed needs a reason`,
          security,
          params: refParam,
          headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
          body: z.object({
            status: z.enum(['acknowledged', 'in_progress', 'on_hold', 'closed']),
            reason: z.enum(CLOSE_REASONS).optional(),
            note: z.string().max(4000).optional(),
            expectedVersion: z.number().int().positive().optional(),
          }),
          response: { 200: requestSummarySchema, ...errors },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(req);
        return once(req, reply, actor, async () => {
          const r = await resolve(req.params.ref, external, actor);
          const b = req.body;
          const target = { requestId: r.id, expectedVersion: b.expectedVersion };
          let updated: RequestRecord;
          if (b.status === 'closed') {
            if (!b.reason) throw new AppError('validation', 'closing needs a reason', { issues: [{ field: 'reason', message: 'required when status is closed' }] });
            updated = await closeRequest(deps, actor, { ...target, reason: b.reason, note: b.note });
          } else if (b.status === 'acknowledged' && r.status === 'new' && !b.note) {
            updated = await acknowledgeRequest(deps, actor, target);
          } else {
            updated = await changeStatus(deps, actor, { ...target, status: b.status, note: b.note });
          }
          return requestSummary(updated);
        });
      },
    );

    app.post(
      `${base}/comments`,
      {
        schema: {
          tags: ['integration'],
          summary: `Post a public or internal comment${by}`,
          security,
          params: refParam,
          headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
          body: z.object({ visibility: z.enum(['public', 'internal']), body: z.string().min(1).max(10_000), expectedVersion: z.number().int().positive().optional() }),
          response: { 200: z.object({ request: requestSummarySchema, commentId: z.number().int() }), ...errors },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(req);
        return once(req, reply, actor, async () => {
          const r = await resolve(req.params.ref, external, actor);
          const out = await commentOnRequest(deps, actor, { requestId: r.id, ...req.body });
          return { request: requestSummary(out.request), commentId: out.commentId };
        });
      },
    );

    app.put(
      `${base}/work-order`,
      {
        schema: {
          tags: ['integration'],
          summary: `Link (or with null unlink) your work order id${by}`,
          security,
          params: refParam,
          headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
          body: z.object({ workOrderId: z.string().min(1).max(100).nullable() }),
          response: { 200: requestSummarySchema, ...errors },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(req);
        return once(req, reply, actor, async () => {
          const r = await resolve(req.params.ref, external, actor);
          return requestSummary(await linkWorkOrder(deps, actor, { requestId: r.id, workOrderId: req.body.workOrderId }));
        });
      },
    );
  }
};
