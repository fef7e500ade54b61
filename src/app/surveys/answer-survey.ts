import { AppError, notFound } from '../../domain/errors.js';
import { validateSurveyAnswer, type SurveyAnswer } from '../../domain/surveys.js';
import type { Deps } from '../ports.js';
import type { SurveyTarget } from './ports.js';

/** What the survey page shows before answering: nothing about the reporter. */
export async function getSurvey(deps: Deps, token: string) {
  const t = await deps.repos.surveys.byToken(token);
  if (!t) throw notFound('survey');
  const service = await deps.repos.services.get(t.serviceId);
  return { publicId: t.publicId, service: service ? { code: service.code, name: service.name, translations: service.translations } : null, status: t.status, closedAt: t.closedAt, locale: t.locale, open: t.status === 'closed' && t.answeredAt === null, answered: t.answeredAt !== null };
}

export function checkAnswerable(t: SurveyTarget) {
  if (t.status !== 'closed') throw new AppError('illegal_transition', 'the survey opens when the request is closed');
  if (t.answeredAt) throw new AppError('conflict', 'this survey has already been answered', { details: { reason: 'already_answered' } });
}

/** The resident's answer through the link: anonymous, tied to the request by its token only. */
export async function answerSurvey(deps: Deps, token: string, input: Partial<Record<keyof SurveyAnswer, unknown>>) {
  const answer = validateSurveyAnswer(input);
  const t = await deps.repos.surveys.byToken(token);
  if (!t) throw notFound('survey');
  checkAnswerable(t);
  // The insert itself refuses a second answer, so two answers racing each other can't both count.
  if (!(await deps.repos.surveys.answer(t.requestId, answer, 'link', null, deps.clock.now()))) {
    throw new AppError('conflict', 'this survey has already been answered', { details: { reason: 'already_answered' } });
  }
  return { publicId: t.publicId, answered: true };
}
