import { z } from 'zod';
import type { Comment, RequestEvent, RequestRecord, Resident, Service } from '../app/model.js';
import { open311Status } from '../domain/lifecycle.js';
import { CHANNELS, CLOSE_REASONS, PRIORITIES, STATUSES } from '../domain/vocabulary.js';

// JSON shapes of the internal API, as zod schemas (they also drive the OpenAPI document).

const iso = z.string().describe('ISO 8601 date-time');

export const requestSummarySchema = z.object({
  id: z.number().int(),
  publicId: z.string(),
  serviceId: z.number().int(),
  departmentId: z.number().int(),
  assigneeId: z.number().int().nullable(),
  status: z.enum(STATUSES),
  open311Status: z.enum(['open', 'closed']),
  closeReason: z.enum(CLOSE_REASONS).nullable(),
  priority: z.enum(PRIORITIES),
  channel: z.enum(CHANNELS),
  description: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  address: z.string().nullable(),
  addressId: z.string().nullable(),
  zipcode: z.string().nullable(),
  districtIds: z.array(z.number().int()),
  locale: z.string(),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  externalId: z.string().nullable(),
  workOrderId: z.string().nullable(),
  duplicateOfId: z.number().int().nullable(),
  meTooCount: z.number().int(),
  ackDueAt: iso.nullable(),
  resolveDueAt: iso.nullable(),
  acknowledgedAt: iso.nullable(),
  closedAt: iso.nullable(),
  resolvedAt: iso.nullable(),
  ackOverdue: z.boolean(),
  resolveOverdue: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
  version: z.number().int().describe('send back as expectedVersion to refuse a stale edit'),
});

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function requestSummary(r: RequestRecord): z.infer<typeof requestSummarySchema> {
  return {
    id: r.id,
    publicId: r.publicId,
    serviceId: r.serviceId,
    departmentId: r.departmentId,
    assigneeId: r.assigneeId,
    status: r.status,
    open311Status: open311Status(r.status),
    closeReason: r.closeReason,
    priority: r.priority,
    channel: r.channel,
    description: r.description,
    location: r.location,
    address: r.address,
    addressId: r.addressId,
    zipcode: r.zipcode,
    districtIds: r.districtIds,
    locale: r.locale,
    answers: r.answers,
    externalId: r.externalId,
    workOrderId: r.workOrderId,
    duplicateOfId: r.duplicateOfId,
    meTooCount: r.meTooCount,
    ackDueAt: isoOrNull(r.ackDueAt),
    resolveDueAt: isoOrNull(r.resolveDueAt),
    acknowledgedAt: isoOrNull(r.acknowledgedAt),
    closedAt: isoOrNull(r.closedAt),
    resolvedAt: isoOrNull(r.resolvedAt),
    ackOverdue: r.ackOverdue,
    resolveOverdue: r.resolveOverdue,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

export const timelineEntrySchema = z.object({
  id: z.number().int(),
  type: z.string(),
  public: z.boolean(),
  actorType: z.string(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  at: iso,
});

export const requestDetailSchema = requestSummarySchema.extend({
  service: z.object({ code: z.string(), name: z.string() }),
  reporter: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  timeline: z.array(timelineEntrySchema),
  comments: z.array(z.object({ id: z.number().int(), visibility: z.enum(['public', 'internal']), body: z.string(), authorName: z.string().nullable(), at: iso })),
  surveyAnsweredAt: iso.nullable().optional().describe('when its satisfaction survey was answered (by the resident or on a follow-up call); null if not'),
});

export function requestDetail(r: RequestRecord, service: Service, reporter: Resident | undefined, events: RequestEvent[], comments: Comment[]): z.infer<typeof requestDetailSchema> {
  return {
    ...requestSummary(r),
    service: { code: service.code, name: service.name },
    reporter: reporter ? { name: reporter.name, email: reporter.email, phone: reporter.phone } : null,
    timeline: events.map((e) => ({ id: e.id, type: e.type, public: e.public, actorType: e.actorType, actorName: e.actorName, data: e.data, at: e.createdAt.toISOString() })),
    comments: comments.map((c) => ({ id: c.id, visibility: c.visibility, body: c.body, authorName: c.authorName, at: c.createdAt.toISOString() })),
  };
}

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    /** Quote it when reporting a problem: it finds the request's log lines. */
    requestId: z.string().optional(),
  }),
});
