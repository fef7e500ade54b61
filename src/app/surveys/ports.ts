import type { SurveyAnswer } from '../../domain/surveys.js';

/**
 * The 'survey.invite' outbox topic's payload. The mailer renders it in `locale` ('en' or 'es') and sends it
 * to the reporter's e-mail looked up at delivery time (surveyRecipient in src/db/repositories/surveys.ts,
 * which returns nothing once the resident has been anonymised). The link is PUBLIC_URL + surveyPath.
 */
export interface SurveyInvitePayload {
  requestId: number;
  publicId: string;
  serviceCode: string;
  serviceName: string;
  closeReason: string;
  closedAt: string;
  locale: string;
  token: string;
  surveyPath: string;
}

export interface SurveyTarget {
  requestId: number;
  publicId: string;
  serviceId: number;
  departmentId: number;
  status: string;
  closedAt: Date | null;
  locale: string;
  answeredAt: Date | null;
}

export interface SurveysRepo {
  /** Records the invitation and writes its 'survey.invite' outbox row, once per request. */
  invite(requestId: number, payload: SurveyInvitePayload, at: Date): Promise<boolean>;
  byToken(token: string): Promise<SurveyTarget | undefined>;
  byRequest(requestId: number): Promise<SurveyTarget | undefined>;
  /** Stores the answer unless the request's survey was already answered (then false). */
  answer(requestId: number, a: SurveyAnswer, source: 'link' | 'call', loggedBy: number | null, at: Date): Promise<boolean>;
}
