import type { Config } from '../config.js';
import type { NewDelivery } from '../db/repositories/job-queue.js';
import { surveyRecipient } from '../db/repositories/surveys.js';
import type { Db } from '../db/sql.js';
import { stableMessageId } from './links.js';
import { renderSurveyInvite } from './mail/templates.js';

// 'survey.invite' (written when a request closes; payload in src/app/surveys/ports.ts) becomes one
// e-mail to the reporter, looked up now: an anonymised resident gets nothing.
export async function deliveriesForSurveyInvite(db: Db, config: Config, p: Record<string, unknown>): Promise<NewDelivery[]> {
  const requestId = Number(p.requestId);
  const to = await surveyRecipient(db, requestId);
  if (!to) return [];
  const locale = to.locale === 'es' ? 'es' : 'en';
  const mail = renderSurveyInvite(locale, {
    publicId: String(p.publicId),
    serviceName: String(p.serviceName),
    url: `${config.publicUrl}${String(p.surveyPath)}`,
  });
  const key = to.email.toLowerCase();
  return [
    {
      dedupeKey: `email:survey:${requestId}:${key}`,
      channel: 'email',
      kind: 'survey',
      eventId: null,
      requestId,
      subscriptionId: null,
      recipient: to.email,
      messageId: stableMessageId(`survey-${requestId}`, key, config.publicUrl),
      payload: { ...mail },
    },
  ];
}
