import type { FeedFilter } from '../db/repositories/open311-feed.js';
import { DAY_MS, DEFAULT_PAGE_SIZE, MAX_SPAN_DAYS, type Open311Context } from './context.js';
import { failIfAny, parseDate, parseIntParam, parseNumber, type Params } from './params.js';
import { requestViews } from './request-view.js';
import type { Value } from './xml.js';

/**
 * GET requests: by service_request_id (a comma list that overrides everything else), or by
 * service, status and a window of at most 90 days (the last 90 by default), with the
 * extensions cities run: page/page_size, updated_after/updated_before, bbox, extensions=true.
 */
export async function requestsGet(ctx: Open311Context, params: Params, now: Date): Promise<Value> {
  const errors: string[] = [];
  const page = parseIntParam('page', params.get('page'), 1, 1_000_000, errors) ?? 1;
  const pageSize = parseIntParam('page_size', params.get('page_size'), 1, DEFAULT_PAGE_SIZE, errors) ?? DEFAULT_PAGE_SIZE;
  const extensions = parseExtensions(params.get('extensions'), errors);
  const ids = params.get('service_request_id');
  let filter: FeedFilter;
  if (ids !== undefined) {
    const publicIds = ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (publicIds.length > 1000 || publicIds.some((s) => s.length > 40)) errors.push('service_request_id: at most 1000 ids of at most 40 characters');
    filter = { publicIds, order: 'created_desc', limit: pageSize, offset: (page - 1) * pageSize };
  } else {
    const serviceCodes = params.get('service_code')?.split(',').map((s) => s.trim()).filter(Boolean);
    const statuses = params.get('status')?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    const badStatus = statuses?.find((s) => s !== 'open' && s !== 'closed');
    if (badStatus) errors.push(`status: "${badStatus.slice(0, 40)}" is neither open nor closed`);
    let start = parseDate('start_date', params.get('start_date'), errors);
    let end = parseDate('end_date', params.get('end_date'), errors);
    const updatedAfter = parseDate('updated_after', params.get('updated_after'), errors);
    const updatedBefore = parseDate('updated_before', params.get('updated_before'), errors);
    const bbox = parseBbox(params.get('bbox'), errors);
    if (start && end && start > end) errors.push('start_date: must not be after end_date');
    if (start && end && end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) errors.push(`start_date, end_date: span more than ${MAX_SPAN_DAYS} days; ask for ${MAX_SPAN_DAYS} days at a time`);
    if (updatedAfter && updatedBefore && updatedAfter > updatedBefore) errors.push('updated_after: must not be after updated_before');
    const changeFeed = updatedAfter !== undefined || updatedBefore !== undefined;
    // The window defaults to the last 90 days, except for a change feed (updated_after/updated_before).
    if (!start && !end && !changeFeed) start = new Date(now.getTime() - MAX_SPAN_DAYS * DAY_MS);
    else if (start && !end) end = new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS);
    else if (end && !start) start = new Date(end.getTime() - MAX_SPAN_DAYS * DAY_MS);
    filter = {
      serviceCodes,
      statuses: statuses as Array<'open' | 'closed'> | undefined,
      createdFrom: start,
      createdTo: end,
      updatedAfter,
      updatedBefore,
      bbox,
      order: changeFeed ? 'updated_asc' : 'created_desc',
      limit: pageSize,
      offset: (page - 1) * pageSize,
    };
  }
  failIfAny(errors);
  return requestViews(ctx, await ctx.feed.requests(filter), extensions);
}

export function parseExtensions(v: string | undefined, errors: string[]): boolean {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  errors.push('extensions: must be true or false');
  return false;
}

function parseBbox(v: string | undefined, errors: string[]): FeedFilter['bbox'] {
  if (v === undefined) return undefined;
  const parts = v.split(',');
  const nums = parts.map((p, i) => parseNumber(`bbox[${i}]`, p, []));
  if (parts.length !== 4 || nums.some((n) => n === undefined)) {
    errors.push('bbox: must be minLng,minLat,maxLng,maxLat in degrees');
    return undefined;
  }
  const [minLng, minLat, maxLng, maxLat] = nums as [number, number, number, number];
  if (minLng > maxLng || minLat > maxLat || Math.abs(minLng) > 180 || Math.abs(maxLng) > 180 || Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) {
    errors.push('bbox: must be minLng,minLat,maxLng,maxLat with min <= max, longitudes within ±180 and latitudes within ±90');
    return undefined;
  }
  return { minLng, minLat, maxLng, maxLat };
}
