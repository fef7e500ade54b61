import type { Actor } from '../domain/actor.js';
import { AppError, invalid, notFound } from '../domain/errors.js';
import type { CloseReason } from '../domain/vocabulary.js';
import { attachMedia } from './attach-media.js';
import { changeStatus } from './change-status.js';
import { closeRequest } from './close-request.js';
import { commentOnRequest } from './comment-on-request.js';
import { inTransaction } from './in-transaction.js';
import type { Deps } from './ports.js';
import { reopenRequest } from './reopen-request.js';

// An update from a work-order system (mySociety's servicerequestupdates POST), applied through the
// same use cases staff use, with its update_id stored in the same transaction: posting it again
// changes nothing and answers the same.

type Target = { open: 'reopen' | 'acknowledged' | 'in_progress' | 'on_hold' } | { close: CloseReason } | { refuse: string };

/** mySociety's update statuses (case-insensitive), plus on_hold. */
export const UPDATE_STATUSES: Record<string, Target> = {
  open: { open: 'reopen' },
  reopen: { open: 'reopen' },
  investigating: { open: 'acknowledged' },
  for_triage: { open: 'acknowledged' },
  in_progress: { open: 'in_progress' },
  action_scheduled: { open: 'in_progress' },
  planned: { open: 'in_progress' },
  on_hold: { open: 'on_hold' },
  fixed: { close: 'resolved' },
  closed: { close: 'resolved' },
  not_councils_responsibility: { close: 'not_city_responsibility' },
  no_further_action: { close: 'no_action_needed' },
  duplicate: { refuse: 'mark a duplicate in CivicDesk, where the original request is chosen' },
  internal_referral: { refuse: 'refer a request to another department in CivicDesk by changing its service' },
};

export interface PostRequestUpdateInput {
  apiKeyId: number;
  updateId: string;
  requestId: number;
  status?: string | undefined;
  description?: string | undefined;
  mediaUrl?: string | undefined;
}

export interface PostRequestUpdateResult {
  /** false when this update_id was already applied: nothing changed this time. */
  applied: boolean;
  eventIds: number[];
}

export async function postRequestUpdate(deps: Deps, actor: Actor & { type: 'integration' }, input: PostRequestUpdateInput): Promise<PostRequestUpdateResult> {
  const status = input.status?.trim().toLowerCase();
  const target = status ? UPDATE_STATUSES[status] : undefined;
  const issues = [];
  if (!input.updateId.trim() || input.updateId.length > 200) issues.push({ field: 'update_id', message: 'required, at most 200 characters' });
  if (status && !target) issues.push({ field: 'status', message: `must be one of ${Object.keys(UPDATE_STATUSES).join(', ')}` });
  if (target && 'refuse' in target) issues.push({ field: 'status', message: target.refuse });
  const description = input.description?.trim() || undefined;
  if (!status && !description && !input.mediaUrl) issues.push({ field: 'status', message: 'give a status, a description or a media_url' });
  if (issues.length) throw invalid(issues);

  const result = await deps.tx(async (repos) => {
    const prior = await repos.externalUpdates.find(input.apiKeyId, input.updateId);
    if (prior) return { applied: false, eventIds: prior.eventIds, requestId: prior.requestId };
    const req = await repos.requests.get(input.requestId);
    if (!req) throw notFound('request');
    // A concurrent post of the same update_id waits here for ours to commit, then finds it claimed.
    if (!(await repos.externalUpdates.claim(input.apiKeyId, input.updateId, req.id, deps.clock.now()))) {
      const other = await repos.externalUpdates.find(input.apiKeyId, input.updateId);
      return { applied: false, eventIds: other?.eventIds ?? [], requestId: req.id };
    }
    const before = new Set((await repos.events.forRequest(req.id)).map((e) => e.id));
    const tx = inTransaction(deps, repos);
    const base = { requestId: req.id };
    const comment = () => (description ? commentOnRequest(tx, actor, { ...base, visibility: 'public', body: description }) : undefined);
    if (!target || 'refuse' in target) {
      await comment();
    } else if ('close' in target) {
      if (req.status === 'closed') await comment();
      else await closeRequest(tx, actor, { ...base, reason: target.close, note: description });
    } else if (target.open === 'reopen') {
      if (req.status === 'closed') await reopenRequest(tx, actor, { ...base, note: description });
      else await comment();
    } else {
      let current = req.status;
      if (current === 'closed') current = (await reopenRequest(tx, actor, base)).status;
      // "investigating" after work has started adds nothing but its words.
      const same = current === target.open || (target.open === 'acknowledged' && current !== 'new');
      if (same) await comment();
      else await changeStatus(tx, actor, { ...base, status: target.open, note: description });
    }
    if (input.mediaUrl) await attachMedia(tx, actor, { ...base, visibility: 'public', externalUrl: input.mediaUrl });
    const eventIds = (await repos.events.forRequest(req.id)).map((e) => e.id).filter((id) => !before.has(id));
    await repos.externalUpdates.setEvents(input.apiKeyId, input.updateId, eventIds);
    return { applied: true, eventIds, requestId: req.id };
  });
  if (result.requestId !== input.requestId) {
    throw new AppError('conflict', `update_id ${input.updateId} was already used for another request`);
  }
  if (result.applied) deps.afterCommit?.();
  return { applied: result.applied, eventIds: result.eventIds };
}
