import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Service } from '../../app/model.js';
import { AppError } from '../../domain/errors.js';
import { ATTRIBUTE_DATATYPES, LOCALES, PRIORITIES } from '../../domain/vocabulary.js';
import type { AppContext } from '../context.js';
import { apiErrorSchema } from '../views.js';

const serviceSchema = z.object({
  code: z.string(),
  name: z.string(),
  group: z.string(),
  description: z.string(),
  keywords: z.array(z.string()),
  departmentId: z.number().int(),
  visibility: z.enum(['public', 'internal']),
  informationOnly: z.boolean(),
  defaultPriority: z.enum(PRIORITIES),
  ackWithinHours: z.number().nullable(),
  resolveWithinHours: z.number().nullable(),
  targetsInBusinessHours: z.boolean(),
  notice: z.string().nullable(),
  kbAnswer: z.string().nullable(),
  questions: z.array(
    z.object({
      code: z.string(),
      datatype: z.enum(ATTRIBUTE_DATATYPES),
      variable: z.boolean(),
      required: z.boolean(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })),
    }),
  ),
});

/** A service as a reader of `locale` sees it: translated where the admin translated it. */
export function serviceView(s: Service, locale: string): z.infer<typeof serviceSchema> {
  const t = s.translations[locale] ?? {};
  return {
    code: s.code,
    name: t.name ?? s.name,
    group: t.group ?? s.group,
    description: t.description ?? s.description,
    keywords: s.keywords,
    departmentId: s.departmentId,
    visibility: s.visibility,
    informationOnly: s.informationOnly,
    defaultPriority: s.defaultPriority,
    ackWithinHours: s.ackWithinHours,
    resolveWithinHours: s.resolveWithinHours,
    targetsInBusinessHours: s.targetsInBusinessHours,
    notice: t.notice ?? s.notice,
    kbAnswer: t.kbAnswer ?? s.kbAnswer,
    questions: s.attributes.map((a) => {
      const at = a.translations[locale] ?? {};
      return {
        code: a.code,
        datatype: a.datatype,
        variable: a.variable,
        required: a.required,
        order: a.position,
        description: at.description ?? a.description,
        values: a.values.map((v) => ({ key: v.key, name: at.values?.[v.key] ?? v.name })),
      };
    }),
  };
}

export const serviceRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const locale = z.object({ locale: z.enum(LOCALES).default('en') });
  app.get(
    '/api/services',
    { schema: { tags: ['services'], summary: 'Active services; staff also see internal-only ones', querystring: locale, response: { 200: z.array(serviceSchema) } } },
    async (req) => {
      const list = await ctx.deps.repos.services.list({ includeInternal: req.actor.type === 'staff' });
      return list.map((s) => serviceView(s, req.query.locale));
    },
  );
  app.get(
    '/api/services/:code',
    {
      schema: {
        tags: ['services'],
        summary: 'One service with its questions',
        params: z.object({ code: z.string().max(100) }),
        querystring: locale,
        response: { 200: serviceSchema, 404: apiErrorSchema },
      },
    },
    async (req) => {
      const s = await ctx.deps.repos.services.getByCode(req.params.code);
      if (!s || !s.active || (s.visibility === 'internal' && req.actor.type !== 'staff')) throw new AppError('unknown_service', `no service with code ${req.params.code}`);
      return serviceView(s, req.query.locale);
    },
  );
};
