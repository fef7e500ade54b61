import type { Actor } from '../../domain/actor.js';
import { AppError } from '../../domain/errors.js';
import { retentionCutoff } from '../../domain/privacy.js';
import { authorizeAdmin } from '../admin-actor.js';
import type { AnonymiseResult, PrivacyDeps } from './ports.js';

/**
 * Anonymises the reporters of requests closed more than `days` (or the retention setting) ago:
 * their name, e-mail and phone go, followers' addresses go, sent mail is scrubbed; the request,
 * its public history and the statistics stay. Running it again finds nothing more to do.
 */
export async function purgeReporters(deps: PrivacyDeps, actor: Actor, input: { days?: number | undefined } = {}): Promise<AnonymiseResult & { days: number; cutoff: Date }> {
  authorizeAdmin(actor, 'admin.configure');
  const days = input.days ?? (await deps.privacy.retentionDays());
  if (days === null || days === undefined) throw new AppError('validation', 'no retention set: give --days N or set one with `civicdesk privacy retention --days N`');
  const now = deps.clock.now();
  const cutoff = retentionCutoff(now, days);
  const requestIds = await deps.privacy.closedWithReporterBefore(cutoff);
  const result = await deps.privacy.anonymise({ requestIds }, { actorName: actor.name ?? 'CivicDesk', action: 'privacy.purge' }, now);
  return { ...result, days, cutoff };
}

/** The scheduled form: runs only when a retention is set. */
export async function purgeIfRetentionSet(deps: PrivacyDeps, actor: Actor): Promise<AnonymiseResult | null> {
  if ((await deps.privacy.retentionDays()) === null) return null;
  return purgeReporters(deps, actor);
}
