import type { Actor } from '../../domain/actor.js';
import { AppError, notFound } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import { validateSurveyAnswer, type SurveyAnswer } from '../../domain/surveys.js';
import type { Deps } from '../ports.js';
import { checkAnswerable } from './answer-survey.js';

/** A call-taker's follow-up call: the resident's answers, logged by the staff member who called. */
export async function logSurveyCall(deps: Deps, actor: Actor, input: { requestId: number } & Partial<Record<keyof SurveyAnswer, unknown>>) {
  const t = await deps.repos.surveys.byRequest(input.requestId);
  if (!t) throw notFound('request');
  // Talking to the resident on the city's behalf: the same right as a public comment.
  authorize(actor, 'request.comment_public', t.departmentId);
  const answer = validateSurveyAnswer(input);
  checkAnswerable(t);
  const by = actor.type === 'staff' ? actor.userId : null;
  if (!(await deps.repos.surveys.answer(t.requestId, answer, 'call', by, deps.clock.now()))) {
    throw new AppError('conflict', 'this survey has already been answered', { details: { reason: 'already_answered' } });
  }
  return { publicId: t.publicId, answered: true };
}
