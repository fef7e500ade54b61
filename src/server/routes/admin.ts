import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { saveCalendar } from '../../app/admin/save-calendar.js';
import { saveDepartment } from '../../app/admin/save-department.js';
import { saveResponseTemplate } from '../../app/admin/save-response-template.js';
import { saveService } from '../../app/admin/save-service.js';
import { saveUser } from '../../app/admin/save-user.js';
import type { Service } from '../../app/model.js';
import { AppError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import { ATTRIBUTE_DATATYPES, PRIORITIES, ROLES } from '../../domain/vocabulary.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';
import { templateSchema } from './console.js';

// The admin's configuration screens: every write is one admin use case that also writes audit_log.

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema };
const text = (max: number) => z.string().max(max);
const translations = z.partialRecord(z.enum(['es']), z.object({ name: text(200).optional(), group: text(200).optional(), description: text(4000).optional(), notice: text(4000).optional(), kbAnswer: text(10_000).optional() }));

const questionSchema = z.object({
  code: text(64),
  datatype: z.enum(ATTRIBUTE_DATATYPES),
  variable: z.boolean().default(true),
  required: z.boolean().default(false),
  description: text(1000),
  datatypeDescription: text(1000).nullable().default(null),
  values: z.array(z.object({ key: text(100), name: text(200) })).max(200).default([]),
  translations: z.partialRecord(z.enum(['es']), z.object({ description: text(1000).optional(), values: z.record(z.string(), text(200)).optional() })).default({}),
});

const serviceBody = z.object({
  code: text(64),
  name: text(200),
  group: text(200),
  departmentId: z.number().int(),
  description: text(4000).default(''),
  keywords: z.array(text(100)).max(50).default([]),
  visibility: z.enum(['public', 'internal']).default('public'),
  informationOnly: z.boolean().default(false),
  defaultPriority: z.enum(PRIORITIES).default('normal'),
  ackWithinHours: z.number().nullable().default(null),
  resolveWithinHours: z.number().nullable().default(null),
  targetsInBusinessHours: z.boolean().default(true),
  notice: text(4000).nullable().default(null),
  kbAnswer: text(10_000).nullable().default(null),
  active: z.boolean().default(true),
  translations: translations.default({}),
  questions: z.array(questionSchema).max(50).default([]),
});

const serviceOut = serviceBody.extend({ id: z.number().int() });

function serviceAdminView(s: Service): z.infer<typeof serviceOut> {
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    group: s.group,
    departmentId: s.departmentId,
    description: s.description,
    keywords: s.keywords,
    visibility: s.visibility,
    informationOnly: s.informationOnly,
    defaultPriority: s.defaultPriority,
    ackWithinHours: s.ackWithinHours,
    resolveWithinHours: s.resolveWithinHours,
    targetsInBusinessHours: s.targetsInBusinessHours,
    notice: s.notice,
    kbAnswer: s.kbAnswer,
    active: s.active,
    translations: s.translations as z.infer<typeof translations>,
    questions: s.attributes.map((a) => ({
      code: a.code,
      datatype: a.datatype,
      variable: a.variable,
      required: a.required,
      description: a.description,
      datatypeDescription: a.datatypeDescription,
      values: a.values,
      translations: a.translations as z.infer<typeof questionSchema>['translations'],
    })),
  };
}

export const adminRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  const toDraft = (b: z.infer<typeof serviceBody>) => {
    const { questions, ...rest } = b;
    return { ...rest, attributes: questions.map((q, i) => ({ ...q, position: i + 1 })) };
  };

  app.get('/api/admin/services', { schema: { tags: ['admin'], summary: 'Every service, internal and inactive too, as the admin edits it', response: { 200: z.array(serviceOut), ...errors } } }, async (req) => {
    authorize(requireStaff(req), 'admin.configure');
    return (await deps.repos.services.list({ includeInternal: true, includeInactive: true })).map(serviceAdminView);
  });

  app.post('/api/admin/services', { schema: { tags: ['admin'], summary: 'Create a service with its questions and translations', body: serviceBody, response: { 201: serviceOut, ...errors } } }, async (req, reply) => {
    const s = await saveService(deps, requireStaff(req), { ...toDraft(req.body), create: true });
    return reply.status(201).send(serviceAdminView(s));
  });

  app.put(
    '/api/admin/services/:code',
    { schema: { tags: ['admin'], summary: 'Replace a service, its questions (in order), targets, notice, translations and knowledge-base answer', params: z.object({ code: text(64) }), body: serviceBody, response: { 200: serviceOut, ...errors } } },
    async (req) => {
      if (req.body.code !== req.params.code) throw new AppError('validation', 'the code in the body must match the URL', { issues: [{ field: 'code', message: 'must match the URL' }] });
      return serviceAdminView(await saveService(deps, requireStaff(req), { ...toDraft(req.body), create: false }));
    },
  );

  const templateBody = z.object({ name: text(200), body: text(10_000), translations: z.partialRecord(z.enum(['es']), z.object({ name: text(200).optional(), body: text(10_000).optional() })).default({}), active: z.boolean().default(true) });
  app.post('/api/admin/response-templates', { schema: { tags: ['admin'], summary: 'Create a public reply template', body: templateBody, response: { 201: templateSchema, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await saveResponseTemplate(deps, requireStaff(req), req.body)),
  );
  app.put(
    '/api/admin/response-templates/:id',
    { schema: { tags: ['admin'], summary: 'Edit a public reply template', params: z.object({ id: z.coerce.number().int() }), body: templateBody, response: { 200: templateSchema, ...errors } } },
    async (req) => saveResponseTemplate(deps, requireStaff(req), { ...req.body, id: req.params.id }),
  );

  app.get('/api/admin/calendar', { schema: { tags: ['admin'], summary: "The city's business calendar", response: { 200: z.unknown(), ...errors } } }, async (req) => {
    authorize(requireStaff(req), 'admin.configure');
    return deps.repos.settings.calendar();
  });
  app.put('/api/admin/calendar', { schema: { tags: ['admin'], summary: 'Replace the business calendar (time zone, weekly hours, holidays)', body: z.unknown(), response: { 200: z.unknown(), ...errors } } }, async (req) =>
    saveCalendar(deps, requireStaff(req), req.body),
  );

  const departmentBody = z.object({ code: text(64), name: text(200), email: text(254).nullable().default(null), phone: text(40).nullable().default(null), liaisonIds: z.array(z.number().int()).max(20).default([]) });
  const departmentOut = z.object({ id: z.number().int(), code: z.string(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), liaisonIds: z.array(z.number().int()) });
  app.post('/api/admin/departments', { schema: { tags: ['admin'], summary: 'Create a department with its liaison and backups', body: departmentBody, response: { 201: departmentOut, ...errors } } }, async (req, reply) =>
    reply.status(201).send(await saveDepartment(deps, requireStaff(req), req.body)),
  );
  app.put(
    '/api/admin/departments/:id',
    { schema: { tags: ['admin'], summary: 'Edit a department, its lead liaison and backups (in order)', params: z.object({ id: z.coerce.number().int() }), body: departmentBody, response: { 200: departmentOut, ...errors } } },
    async (req) => saveDepartment(deps, requireStaff(req), { ...req.body, id: req.params.id }),
  );

  app.put(
    '/api/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: "Change a staff member's role, departments, away status or access",
        params: z.object({ id: z.coerce.number().int() }),
        body: z.object({ name: text(200), role: z.enum(ROLES), departmentIds: z.array(z.number().int()).max(50), away: z.boolean(), active: z.boolean() }),
        response: { 200: z.object({ id: z.number().int(), name: z.string(), role: z.string(), departmentIds: z.array(z.number().int()), away: z.boolean(), active: z.boolean() }), ...errors },
      },
    },
    async (req) => {
      const u = await saveUser(deps, requireStaff(req), { ...req.body, id: req.params.id });
      return { id: u.id, name: u.name, role: u.role, departmentIds: u.departmentIds, away: u.away, active: u.active };
    },
  );

  app.get(
    '/api/admin/audit-log',
    {
      schema: {
        tags: ['admin'],
        summary: 'The latest admin changes',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.array(z.object({ id: z.number().int(), actorName: z.string().nullable(), action: z.string(), entity: z.string(), entityId: z.string().nullable(), before: z.unknown(), after: z.unknown(), at: z.string() })), ...errors },
      },
    },
    async (req) => {
      authorize(requireStaff(req), 'admin.configure');
      return (await deps.repos.console.auditLog(req.query.limit)).map((e) => ({ id: e.id, actorName: e.actorName, action: e.action, entity: e.entity, entityId: e.entityId, before: e.before, after: e.after, at: e.at.toISOString() }));
    },
  );
};
