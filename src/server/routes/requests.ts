import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acknowledgeRequest } from '../../app/acknowledge-request.js';
import { assignRequest } from '../../app/assign-request.js';
import { changePriority } from '../../app/change-priority.js';
import { changeService } from '../../app/change-service.js';
import { changeStatus } from '../../app/change-status.js';
import { closeRequest } from '../../app/close-request.js';
import { commentOnRequest } from '../../app/comment-on-request.js';
import { getRequest } from '../../app/get-request.js';
import { listRequests, type ListRequestsInput } from '../../app/list-requests.js';
import { reopenRequest } from '../../app/reopen-request.js';
import { submitRequest } from '../../app/submit-request.js';
import { AppError } from '../../domain/errors.js';
import { CHANNELS, CLOSE_REASONS, LOCALES, PRIORITIES, STATUSES } from '../../domain/vocabulary.js';
import { requireStaff } from '../auth.js';
import { idempotencyHeaders, markReplay, submissionKey } from '../idempotency.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema, requestDetail, requestDetailSchema, requestSummary, requestSummarySchema } from '../views.js';

const idParam = z.object({ id: z.string().max(40).describe('the numeric key or the public id, e.g. 26-000123') });
const version = { expectedVersion: z.number().int().positive().optional().describe('the version you saw; a stale one is refused with 409') };
const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const changed = { 200: requestSummarySchema, ...errors };

const list = <T extends string>(set: readonly T[], field: string) =>
  z
    .string()
    .max(500)
    .transform((v, c) => {
      const items = v.split(',').filter(Boolean);
      const bad = items.find((i) => !(set as readonly string[]).includes(i));
      if (bad) c.addIssue({ code: 'custom', message: `unknown ${field} ${bad}` });
      return items as T[];
    });

/** The queue's filters. Every one is optional; several values are comma-separated. */
export const queueQuery = z.object({
  department: z.union([z.literal('mine'), z.coerce.number().int()]).optional().describe('a department id, or "mine" for my departments'),
  status: z.string().regex(/^[a-z_,]+$/).optional().describe('comma list of statuses, or "open"'),
  service: z.string().max(1000).optional().describe('comma list of service codes'),
  priority: list(PRIORITIES, 'priority').optional(),
  district: z.coerce.number().int().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  assignee: z.union([z.literal('me'), z.coerce.number().int()]).optional(),
  channel: z.enum(CHANNELS).optional(),
  from: z.iso.date().optional().describe('created on or after this day (YYYY-MM-DD, UTC)'),
  to: z.iso.date().optional().describe('created on or before this day'),
  bbox: z
    .string()
    .regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/)
    .optional()
    .describe('west,south,east,north'),
  sort: z.enum(['newest', 'oldest', 'due']).default('newest').describe('newest first, oldest first (age) or soonest due first'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function queueInput(q: z.infer<typeof queueQuery>, userId: number): ListRequestsInput {
  const statuses = q.status === 'open' ? STATUSES.filter((s) => s !== 'closed') : q.status?.split(',').filter(Boolean);
  const bad = statuses?.find((s) => !(STATUSES as readonly string[]).includes(s));
  if (bad) throw new AppError('validation', `unknown status ${bad}`, { issues: [{ field: 'status', message: `unknown status ${bad}` }] });
  const bbox = q.bbox?.split(',').map(Number) as [number, number, number, number] | undefined;
  return {
    departmentId: q.department,
    statuses: statuses as (typeof STATUSES)[number][] | undefined,
    serviceCodes: q.service?.split(',').filter(Boolean),
    priorities: q.priority?.length ? q.priority : undefined,
    districtId: q.district,
    overdue: q.overdue === 'true' ? true : undefined,
    assigneeId: q.assignee === 'me' ? userId : q.assignee,
    channel: q.channel,
    createdFrom: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
    createdTo: q.to ? new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    bbox,
    sort: q.sort,
    limit: q.limit,
    offset: q.offset,
  };
}

const RESIDENT_CHANNELS = new Set(['web', 'mobile']);

export const requestRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  /** Accepts "123" or "26-000123". */
  const resolveId = async (raw: string) => {
    if (/^\d{1,15}$/.test(raw)) return Number(raw);
    const r = await deps.repos.requests.getByPublicId(raw);
    if (!r) throw new AppError('not_found', 'request not found');
    return r.id;
  };

  app.post(
    '/api/requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'Submit a request (any channel; residents may use web or mobile); a retry with the same Idempotency-Key answers with the first request',
        headers: idempotencyHeaders,
        body: z.strictObject({
          serviceCode: z.string().min(1).max(100),
          channel: z.enum(CHANNELS).default('web'),
          description: z.string().max(20_000).optional(),
          location: z.strictObject({ lat: z.number(), lng: z.number() }).optional(),
          address: z.string().max(500).optional(),
          addressId: z.string().max(100).optional(),
          zipcode: z.string().max(20).optional(),
          answers: z.record(z.string().max(100), z.union([z.string().max(5000), z.number(), z.array(z.string().max(500)).max(100)])).optional(),
          priority: z.enum(PRIORITIES).optional(),
          locale: z.enum(LOCALES).optional(),
          reporter: z.strictObject({ name: z.string().max(200).optional(), email: z.string().max(254).optional(), phone: z.string().max(40).optional() }).optional(),
        }),
        response: { 201: requestSummarySchema, ...errors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      if (req.actor.type !== 'staff' && !RESIDENT_CHANNELS.has(body.channel)) {
        throw new AppError('forbidden', `only staff may record a ${body.channel} request`);
      }
      if (req.actor.type !== 'staff' && body.priority) throw new AppError('forbidden', 'only staff may set a priority');
      const { request, replayed } = await submitRequest(deps, req.actor, { ...body, idempotency: submissionKey(req, req.actor, body) });
      markReplay(reply, replayed);
      return reply.status(201).send(requestSummary(request));
    },
  );

  app.get(
    '/api/requests',
    {
      schema: {
        tags: ['requests'],
        summary: "The queue: requests visible to the signed-in staff member, newest first",
        querystring: queueQuery,
        response: { 200: z.object({ total: z.number().int(), items: z.array(requestSummarySchema) }), ...errors },
      },
    },
    async (req) => {
      const staff = requireStaff(req);
      const result = await listRequests(deps, staff, queueInput(req.query, staff.userId));
      return { total: result.total, items: result.items.map(requestSummary) };
    },
  );

  app.get(
    '/api/requests/:id',
    { schema: { tags: ['requests'], summary: 'Everything about a request, with its full timeline', params: idParam, response: { 200: requestDetailSchema, ...errors } } },
    async (req) => {
      const d = await getRequest(deps, requireStaff(req), await resolveId(req.params.id));
      const survey = await deps.repos.surveys.byRequest(d.request.id);
      return { ...requestDetail(d.request, d.service, d.reporter, d.events, d.comments), surveyAnsweredAt: survey?.answeredAt?.toISOString() ?? null };
    },
  );

  const action = <S extends z.ZodObject>(path: string, summary: string, body: S, run: (id: number, body: z.infer<S>, actor: ReturnType<typeof requireStaff>) => Promise<unknown>) =>
    app.post(
      `/api/requests/:id/${path}`,
      { schema: { tags: ['requests'], summary, params: idParam, body, response: changed } },
      async (req) => {
        const result = (await run(await resolveId(req.params.id), req.body as z.infer<S>, requireStaff(req))) as Parameters<typeof requestSummary>[0] | { request: Parameters<typeof requestSummary>[0] };
        return requestSummary('request' in result ? result.request : result);
      },
    );

  action('acknowledge', 'Acknowledge a new request', z.strictObject(version), (id, b, a) => acknowledgeRequest(deps, a, { requestId: id, ...b }));
  action('assign', 'Assign to a staff member (null unassigns)', z.strictObject({ ...version, assigneeId: z.number().int().nullable() }), (id, b, a) => assignRequest(deps, a, { requestId: id, ...b }));
  action('priority', 'Change the priority', z.strictObject({ ...version, priority: z.enum(PRIORITIES) }), (id, b, a) => changePriority(deps, a, { requestId: id, ...b }));
  action(
    'status',
    'Move between acknowledged, in progress and on hold',
    z.strictObject({ ...version, status: z.enum(['acknowledged', 'in_progress', 'on_hold']), note: z.string().max(4000).optional() }),
    (id, b, a) => changeStatus(deps, a, { requestId: id, ...b }),
  );
  action(
    'close',
    'Close with a reason',
    z.strictObject({
      ...version,
      reason: z.enum(CLOSE_REASONS),
      note: z.string().max(4000).optional(),
      referredTo: z.strictObject({ agency: z.string().min(1).max(200), contact: z.string().max(500).optional() }).optional(),
    }),
    (id, b, a) => closeRequest(deps, a, { requestId: id, ...b }),
  );
  action('reopen', 'Reopen a closed request', z.strictObject({ ...version, note: z.string().max(4000).optional() }), (id, b, a) => reopenRequest(deps, a, { requestId: id, ...b }));
  action(
    'service',
    "Change the service (re-routes to the new service's department)",
    z.strictObject({ ...version, serviceCode: z.string().min(1).max(100), note: z.string().max(4000).optional() }),
    (id, b, a) => changeService(deps, a, { requestId: id, ...b }),
  );
  action(
    'comments',
    'Add a public or internal comment',
    z.strictObject({ ...version, visibility: z.enum(['public', 'internal']), body: z.string().min(1).max(10_000) }),
    (id, b, a) => commentOnRequest(deps, a, { requestId: id, ...b }),
  );
};
