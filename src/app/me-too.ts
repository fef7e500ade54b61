import type { Actor } from '../domain/actor.js';
import { AppError, invalid, notFound } from '../domain/errors.js';
import type { Locale } from '../domain/vocabulary.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface MeTooInput extends ChangeTarget {
  /** Given, the resident follows the request and hears what happens to it. */
  email?: string | undefined;
  name?: string | undefined;
  locale?: Locale | undefined;
}

/** "Me too": one more resident has the same problem. Counted on the request, and they may follow it. */
export async function meToo(deps: Deps, actor: Actor, input: MeTooInput) {
  const email = input.email?.trim() || null;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid([{ field: 'email', message: 'is not an e-mail address' }]);
  const locale = input.locale ?? 'en';
  return mutateRequest(deps, actor, input, 'request.create', async (req, repos) => {
    const service = await repos.services.get(req.serviceId);
    // Internal work orders don't exist for the public: the same answer as an unknown id.
    if (service?.visibility === 'internal' && actor.type !== 'staff' && actor.type !== 'integration') throw notFound('request');
    if (req.status === 'closed') throw new AppError('illegal_transition', 'this request is closed; report the problem again if it is back');
    if (email) {
      const resident = await repos.residents.upsertContact({ name: input.name?.trim() || null, email, phone: null, locale });
      await repos.followers.add({ requestId: req.id, residentId: resident.id, email, locale, via: 'me_too' });
    }
    // The public timeline says how many, never who.
    return { patch: { meTooCount: req.meTooCount + 1 }, events: [{ type: 'me_too', public: true, data: { count: req.meTooCount + 1, following: Boolean(email) } }] };
  });
}
