import type { Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { transition } from '../domain/lifecycle.js';
import type { CloseReason } from '../domain/vocabulary.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';
import { inviteToSurvey } from './surveys/invite-to-survey.js';

export interface CloseRequestInput extends ChangeTarget {
  reason: CloseReason;
  /** The resolution as the resident will read it. */
  note?: string | undefined;
  /** For reason 'referred': who the matter belongs to, shown in the public timeline. */
  referredTo?: { agency: string; contact?: string | undefined } | undefined;
}

export async function closeRequest(deps: Deps, actor: Actor, input: CloseRequestInput) {
  if (input.reason === 'referred' && !input.referredTo?.agency) {
    throw invalid([{ field: 'referredTo.agency', message: 'say which agency the request was referred to' }]);
  }
  if (input.reason === 'duplicate') {
    throw invalid([{ field: 'reason', message: 'mark a request a duplicate of another instead of closing it directly' }]);
  }
  return mutateRequest(deps, actor, input, 'request.close', async (req, repos, at) => {
    const next = transition(req, 'close', at, input.reason);
    await inviteToSurvey(repos, req, input.reason, at);
    return {
      patch: {
        status: next.status,
        closeReason: next.closeReason,
        closedAt: next.closedAt,
        resolvedAt: next.resolvedAt,
        acknowledgedAt: next.acknowledgedAt,
      },
      events: [
        {
          type: 'closed',
          public: true,
          data: { reason: input.reason, note: input.note ?? null, referredTo: input.referredTo ?? null, from: req.status },
        },
      ],
    };
  });
}
