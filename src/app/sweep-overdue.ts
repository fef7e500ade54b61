import { actorFields, SYSTEM } from '../domain/actor.js';
import type { Deps } from './ports.js';

export const SWEEP_BATCH = 500;

/**
 * Marks open requests whose acknowledge or resolve time has passed (the due times stored at intake, in
 * business hours) and writes one 'overdue' event per request in the same transaction, which notifications
 * use to escalate. Running it again finds nothing new: each flag is set, and announced, once.
 */
export async function sweepOverdue(deps: Deps, opts: { batchSize?: number } = {}): Promise<{ marked: number; requestIds: number[] }> {
  const batch = opts.batchSize ?? SWEEP_BATCH;
  const now = deps.clock.now();
  const requestIds: number[] = [];
  for (;;) {
    const marks = await deps.tx(async (repos) => {
      const list = await repos.overdue.markOverdue(now, batch);
      for (const m of list) {
        await repos.events.append({
          requestId: m.id,
          type: 'overdue',
          public: false,
          data: {
            kinds: m.kinds,
            departmentId: m.departmentId,
            ackDueAt: m.ackDueAt?.toISOString() ?? null,
            resolveDueAt: m.resolveDueAt?.toISOString() ?? null,
          },
          ...actorFields(SYSTEM),
          createdAt: now,
        });
      }
      return list;
    });
    if (marks.length) deps.afterCommit?.();
    requestIds.push(...marks.map((m) => m.id));
    if (marks.length < batch) break;
  }
  return { marked: requestIds.length, requestIds };
}
