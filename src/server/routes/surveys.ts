import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answerSurvey, getSurvey } from '../../app/surveys/answer-survey.js';
import { logSurveyCall } from '../../app/surveys/log-survey-call.js';
import { AppError } from '../../domain/errors.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';

const token = z.object({ token: z.string().min(8).max(100) });
const answers = z.object({
  resolved: z.boolean().nullable().optional().describe('was the problem resolved?'),
  satisfaction: z.number().int().min(1).max(5).nullable().optional(),
  courtesy: z.number().int().min(1).max(5).nullable().optional().describe("courtesy of the city's staff"),
  comment: z.string().max(2000).nullable().optional(),
});

/** Satisfaction surveys: answered anonymously through the link's token, or logged by staff after a call. */
export const surveyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { deps } = ctx;
  const limit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

  app.get('/api/surveys/:token', { config: limit, schema: { tags: ['surveys'], summary: 'The survey behind an invitation link', params: token } }, async (req) => getSurvey(deps, req.params.token));

  app.post(
    '/api/surveys/:token',
    { config: limit, schema: { tags: ['surveys'], summary: 'Answer the survey (once; anonymous)', params: token, body: answers } },
    async (req, reply) => reply.status(201).send(await answerSurvey(deps, req.params.token, req.body)),
  );

  app.post(
    '/api/requests/:id/survey-call',
    { schema: { tags: ['surveys'], summary: "Log a follow-up call's survey answers", params: z.object({ id: z.string().max(40) }), body: answers } },
    async (req, reply) => {
      const staff = requireStaff(req);
      let id = Number(req.params.id);
      if (!/^\d{1,15}$/.test(req.params.id)) {
        const r = await deps.repos.requests.getByPublicId(req.params.id);
        if (!r) throw new AppError('not_found', 'request not found');
        id = r.id;
      }
      return reply.status(201).send(await logSurveyCall(deps, staff, { requestId: id, ...req.body }));
    },
  );
};
