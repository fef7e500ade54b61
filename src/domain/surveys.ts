// Satisfaction surveys: who is invited when a request closes, and what a valid answer is.
import { invalid, type FieldIssue } from './errors.js';
import type { CloseReason } from './vocabulary.js';
import { NO_SURVEY_REASONS } from './reports/definitions.js';

export interface SurveyAnswer {
  resolved: boolean | null;
  satisfaction: number | null;
  courtesy: number | null;
  comment: string | null;
}

export const MAX_SURVEY_COMMENT = 2000;

/** A reporter with an e-mail address is invited, unless the request was a question, a duplicate or withdrawn. */
export function shouldInviteToSurvey(c: { reason: CloseReason; informationOnly: boolean; reporterEmail: string | null }): boolean {
  return Boolean(c.reporterEmail) && !c.informationOnly && !(NO_SURVEY_REASONS as readonly string[]).includes(c.reason);
}

export function validateSurveyAnswer(a: Partial<Record<keyof SurveyAnswer, unknown>>): SurveyAnswer {
  const issues: FieldIssue[] = [];
  const score = (field: 'satisfaction' | 'courtesy') => {
    const v = a[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) issues.push({ field, message: 'must be a whole number from 1 to 5' });
    return v as number;
  };
  const satisfaction = score('satisfaction');
  const courtesy = score('courtesy');
  const resolved = a.resolved === undefined || a.resolved === null ? null : a.resolved;
  if (resolved !== null && typeof resolved !== 'boolean') issues.push({ field: 'resolved', message: 'must be true or false' });
  const comment = typeof a.comment === 'string' && a.comment.trim() ? a.comment.trim() : null;
  if (comment && comment.length > MAX_SURVEY_COMMENT) issues.push({ field: 'comment', message: `must be at most ${MAX_SURVEY_COMMENT} characters` });
  if (resolved === null && satisfaction === null && courtesy === null && comment === null) issues.push({ field: 'survey', message: 'answer at least one question' });
  if (issues.length) throw invalid(issues);
  return { resolved: resolved as boolean | null, satisfaction, courtesy, comment };
}
