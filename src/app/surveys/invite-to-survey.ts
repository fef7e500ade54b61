import { shouldInviteToSurvey } from '../../domain/surveys.js';
import type { CloseReason } from '../../domain/vocabulary.js';
import type { RequestRecord } from '../model.js';
import type { Repos } from '../ports.js';

/** Called inside the close transaction: the invitation exists if and only if the close commits. */
export async function inviteToSurvey(repos: Repos, req: RequestRecord, reason: CloseReason, at: Date): Promise<void> {
  if (req.reporterId === null) return;
  const reporter = await repos.residents.get(req.reporterId);
  const service = await repos.services.get(req.serviceId);
  if (!service || !shouldInviteToSurvey({ reason, informationOnly: service.informationOnly, reporterEmail: reporter?.email ?? null })) return;
  await repos.surveys.invite(
    req.id,
    {
      requestId: req.id,
      publicId: req.publicId,
      serviceCode: service.code,
      serviceName: service.name,
      closeReason: reason,
      closedAt: at.toISOString(),
      locale: reporter?.locale ?? req.locale,
      token: req.token,
      surveyPath: `/survey/${req.token}`,
    },
    at,
  );
}
