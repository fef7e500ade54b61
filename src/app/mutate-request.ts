import { actorFields, type Actor } from '../domain/actor.js';
import { AppError, notFound } from '../domain/errors.js';
import { authorize, type RequestAction } from '../domain/policy.js';
import type { RequestRecord } from './model.js';
import type { Deps, RequestPatch, Repos } from './ports.js';

export interface ChangeTarget {
  requestId: number;
  /** The version the caller saw; a stale one is refused (conflict) instead of overwriting. */
  expectedVersion?: number | undefined;
}

export interface Change {
  patch: RequestPatch;
  events: Array<{ type: string; public: boolean; data: Record<string, unknown> }>;
}

/**
 * The shape every change to a request takes: lock the row, check permission and version,
 * compute the change, write it and its events in one transaction.
 */
export async function mutateRequest(
  deps: Deps,
  actor: Actor,
  target: ChangeTarget,
  permission: RequestAction,
  compute: (req: RequestRecord, repos: Repos, at: Date) => Promise<Change> | Change,
): Promise<RequestRecord> {
  const result = await deps.tx(async (repos) => {
    const req = await repos.requests.getForUpdate(target.requestId);
    if (!req) throw notFound('request');
    authorize(actor, permission, req.departmentId);
    if (target.expectedVersion !== undefined && target.expectedVersion !== req.version) {
      throw new AppError('conflict', 'this request was changed by someone else since you loaded it; reload to see their change', {
        details: { currentVersion: req.version, expectedVersion: target.expectedVersion },
      });
    }
    const at = deps.clock.now();
    const change = await compute(req, repos, at);
    const updated = await repos.requests.update(req.id, change.patch, req.version, at);
    if (!updated) throw new AppError('conflict', 'this request was changed by someone else; try again');
    for (const e of change.events) {
      await repos.events.append({ requestId: req.id, ...e, ...actorFields(actor), createdAt: at });
    }
    return updated;
  });
  deps.afterCommit?.();
  return result;
}
