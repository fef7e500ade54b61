import type { Actor } from '../../domain/actor.js';
import { authorize } from '../../domain/policy.js';
import type { ReportDeps } from './ports.js';
import { ensureRollups } from './prepare.js';

/** Regenerates the business clock and rebuilds every roll-up from the requests table. */
export async function rebuildReports(deps: ReportDeps, actor: Actor): Promise<void> {
  // Staff need the admin's configure right; the CLI runs it as the system (whoever holds the database).
  if (actor.type === 'staff') authorize(actor, 'admin.configure');
  await ensureRollups(deps, true);
}
