import { authenticateApiKey } from '../app/authenticate-api-key.js';
import { postRequestUpdate } from '../app/post-request-update.js';
import type { RequestEvent } from '../app/model.js';
import type { FeedEvent } from '../db/repositories/open311-feed.js';
import { DAY_MS, DEFAULT_PAGE_SIZE, MAX_SPAN_DAYS, mediaUrl, type Open311Context } from './context.js';
import { open311Error } from './errors.js';
import { checkJurisdiction } from './jurisdiction.js';
import { failIfAny, parseDate, parseIntParam, type Params } from './params.js';
import { toNote } from './request-view.js';
import type { Value } from './xml.js';

// mySociety's servicerequestupdates extension: GET is the public change feed (every public event
// after a request was made), POST lets a work-order system (an integration key) send its updates back.

const CLOSE_STATUS: Record<string, string> = {
  resolved: 'fixed',
  duplicate: 'duplicate',
  referred: 'internal_referral',
  not_city_responsibility: 'not_councils_responsibility',
  no_action_needed: 'no_further_action',
  unable_to_locate: 'closed',
  withdrawn: 'closed',
};
const OPEN_STATUS: Record<string, string> = { new: 'open', acknowledged: 'investigating', in_progress: 'in_progress', on_hold: 'action_scheduled' };

/** The status an event leaves its request in; null when the event does not change it (a comment, a photo). */
function statusAfter(e: RequestEvent): string | null {
  if (e.type === 'created') return 'open';
  if (e.type === 'closed') return CLOSE_STATUS[String(e.data.reason)] ?? 'closed';
  if (e.type === 'reopened') return 'open';
  if (e.type === 'acknowledged') return 'investigating';
  if (e.type === 'status_changed') return OPEN_STATUS[String(e.data.to)] ?? 'open';
  return null;
}

/** Each event's status as of that event, replaying the requests' public timelines. */
async function statusesAt(ctx: Open311Context, events: FeedEvent[]): Promise<Map<number, string>> {
  const timelines = await ctx.feed.publicEvents([...new Set(events.map((e) => e.requestId))]);
  const at = new Map<number, string>();
  let request = -1;
  let status = 'open';
  for (const e of timelines) {
    if (e.requestId !== request) [request, status] = [e.requestId, 'open'];
    status = statusAfter(e) ?? status;
    at.set(e.id, status);
  }
  return at;
}

export async function updatesGet(ctx: Open311Context, params: Params, now: Date): Promise<Value> {
  await checkJurisdiction(ctx, params);
  const errors: string[] = [];
  let start = parseDate('start_date', params.get('start_date'), errors);
  let end = parseDate('end_date', params.get('end_date'), errors);
  const page = parseIntParam('page', params.get('page'), 1, 1_000_000, errors) ?? 1;
  const pageSize = parseIntParam('page_size', params.get('page_size'), 1, DEFAULT_PAGE_SIZE, errors) ?? DEFAULT_PAGE_SIZE;
  if (start && end && start > end) errors.push('start_date: must not be after end_date');
  if (start && end && end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) errors.push(`start_date, end_date: span more than ${MAX_SPAN_DAYS} days`);
  failIfAny(errors);
  if (!end) end = start ? new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS) : now;
  if (!start) start = new Date(end.getTime() - MAX_SPAN_DAYS * DAY_MS);
  const events = await ctx.feed.publicEventsBetween(start, end, pageSize, (page - 1) * pageSize);
  const statuses = await statusesAt(ctx, events);
  const out: Value[] = [];
  for (const e of events) {
    const note = toNote(ctx, e);
    if (!note) continue;
    out.push({
      update_id: String(e.id),
      service_request_id: e.publicId,
      status: statuses.get(e.id) ?? (e.requestStatus === 'closed' ? 'closed' : 'open'),
      updated_datetime: e.createdAt.toISOString(),
      description: note.type === 'media' ? note.summary : (note.description ?? note.summary),
      media_url: e.type === 'media_added' ? mediaUrl(ctx, { id: Number(e.data.mediaId), externalUrl: null }) : null,
    });
  }
  return out;
}

export async function updatesPost(ctx: Open311Context, params: Params): Promise<Value> {
  const { deps } = ctx;
  await checkJurisdiction(ctx, params);
  const key = await authenticateApiKey(deps, params.get('api_key'));
  if (key.kind !== 'integration') throw open311Error(403, 'api_key: this key may report requests but not post updates; ask for an integration key');
  const errors: string[] = [];
  const id = params.get('service_request_id');
  const updateId = params.get('update_id');
  if (!id) errors.push('service_request_id: required');
  if (!updateId) errors.push('update_id: required');
  parseDate('updated_datetime', params.get('updated_datetime'), errors);
  const description = params.get('description');
  if (description && description.length > 10_000) errors.push('description: must be at most 10000 characters');
  failIfAny(errors);
  const found = id!.length <= 40 ? await ctx.feed.requestByPublicId(id!) : undefined;
  if (!found) throw open311Error(404, `service_request_id: no request with id "${id!.slice(0, 40)}"`);
  const result = await postRequestUpdate(deps, { type: 'integration', keyId: key.id, name: key.name }, {
    apiKeyId: key.id,
    updateId: updateId!,
    requestId: found.request.id,
    status: params.get('status'),
    description,
    mediaUrl: params.get('media_url'),
  });
  return [{ update_id: result.eventIds.length ? String(result.eventIds[0]) : updateId! }];
}
